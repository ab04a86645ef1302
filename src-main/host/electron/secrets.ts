/**
 * The Electron host's secret store: the OS keychain through keytar, else
 * Electron's safeStorage, else a 0600 key file (see ../../secrets).
 */
import { safeStorage } from 'electron'
import { chooseSecretStore } from '../../secrets/choose-store'
import type { SafeStorageLike } from '../../secrets/safe-storage-store'
import type { SecretStore } from '../../secrets/secret-store'

/**
 * safeStorage as the secret store sees it: Electron's asynchronous API (the
 * synchronous one is deprecated and removed in Electron 46). On Linux without
 * a keyring it falls back to the 'basic_text' backend, whose key is
 * hard-coded in Chromium: no protection at all. It then counts as
 * unavailable, so the key file takes over and the app says plainly where the
 * key is.
 */
export const electronSafeStorage: SafeStorageLike = {
  async isAsyncEncryptionAvailable() {
    // Asked first: it also initializes the encryptor, after which the backend is known.
    const available = await safeStorage.isAsyncEncryptionAvailable()
    return available && !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
  },
  encryptStringAsync: (plain) => safeStorage.encryptStringAsync(plain),
  decryptStringAsync: (encrypted) => safeStorage.decryptStringAsync(encrypted),
}

/** Call after `ready`: safeStorage answers only then. */
export function createSecretStore(dataDir: string): Promise<SecretStore> {
  return chooseSecretStore({ dataDir, safeStorage: electronSafeStorage })
}
