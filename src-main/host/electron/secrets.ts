/**
 * The Electron host's secret store: the OS keychain through keytar, else
 * Electron's safeStorage, else a 0600 key file (see ../../secrets).
 */
import { safeStorage } from 'electron'
import { chooseSecretStore } from '../../secrets/choose-store'
import type { SafeStorageLike } from '../../secrets/safe-storage-store'
import type { SecretStore } from '../../secrets/secret-store'

/**
 * safeStorage as the secret store sees it. On Linux without a keyring it
 * falls back to the 'basic_text' backend, whose key is hard-coded in
 * Chromium: no protection at all. It then counts as unavailable, so the key
 * file takes over and the app says plainly where the key is.
 */
const electronSafeStorage: SafeStorageLike = {
  isEncryptionAvailable: () =>
    safeStorage.isEncryptionAvailable() &&
    !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
  encryptString: (plain) => safeStorage.encryptString(plain),
  decryptString: (encrypted) => safeStorage.decryptString(encrypted),
}

/** Call after `ready`: safeStorage answers only then. */
export function createSecretStore(dataDir: string): Promise<SecretStore> {
  return chooseSecretStore({ dataDir, safeStorage: electronSafeStorage })
}
