/** Picks the strongest secret store this machine offers. */
import { join } from 'node:path'
import { KeychainStore } from './keychain-store'
import { KeyFileStore } from './key-file-store'
import { SafeStorageStore, type SafeStorageLike } from './safe-storage-store'
import type { SecretStore } from './secret-store'

export interface StoreOptions {
  dataDir: string
  safeStorage?: SafeStorageLike
  /** Tests and browser mode can skip the keychain probe. */
  keychain?: boolean
}

export async function chooseSecretStore(options: StoreOptions): Promise<SecretStore> {
  if (options.keychain !== false) {
    const keychain = await KeychainStore.probe()
    if (keychain) return keychain
  }
  if (options.safeStorage?.isEncryptionAvailable()) {
    return new SafeStorageStore(options.safeStorage, join(options.dataDir, 'data-key.safe'))
  }
  return new KeyFileStore(join(options.dataDir, 'data-key'))
}
