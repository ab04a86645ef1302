/**
 * Where the data key lives: the 32-byte AES key that encrypts platform
 * tokens in `*_enc` columns. Tried in order of strength: the OS keychain
 * (keytar), Electron's safeStorage, then a 0600 key file in the data folder
 * for machines with neither (headless Linux, CI).
 */
import type { SecretStoreInfo } from '../../src-shared/entities/models'

export interface SecretStore {
  readonly info: SecretStoreInfo
  /** The data key, created on first use. */
  dataKey(): Promise<Buffer>
}

export const KEY_BYTES = 32
export const KEYCHAIN_SERVICE = 'buffer-clone'
export const KEYCHAIN_ACCOUNT = 'data-key'
