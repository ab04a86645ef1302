/**
 * Picks the strongest secret store this machine offers, once. The choice is
 * remembered in the data folder: if that store is missing on a later start
 * (a locked keychain, browser mode after the desktop app chose safeStorage),
 * quietly making a new key elsewhere would leave every stored token
 * unreadable, so start-up stops and says what to do instead.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SecretStoreInfo } from '../../src-shared/entities/models'
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

type Kind = SecretStoreInfo['kind']

export class SecretStoreUnavailableError extends Error {
  override name = 'SecretStoreUnavailableError'
}

const CHOICE_FILE = 'secret-store.json'

function rememberedKind(dataDir: string): Kind | null {
  const file = join(dataDir, CHOICE_FILE)
  if (!existsSync(file)) return null
  const kind = (JSON.parse(readFileSync(file, 'utf8')) as { kind?: string }).kind
  if (kind === 'keychain' || kind === 'safe-storage' || kind === 'key-file') return kind
  throw new SecretStoreUnavailableError(
    `${file} names no known secret store ("${kind}"); delete the file only if no accounts are connected yet.`,
  )
}

function remember(dataDir: string, kind: Kind): void {
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(join(dataDir, CHOICE_FILE), JSON.stringify({ kind }) + '\n', { mode: 0o600 })
}

async function available(kind: Kind, options: StoreOptions): Promise<SecretStore | null> {
  switch (kind) {
    case 'keychain':
      return options.keychain === false ? null : KeychainStore.probe()
    case 'safe-storage':
      return options.safeStorage && (await options.safeStorage.isAsyncEncryptionAvailable())
        ? new SafeStorageStore(options.safeStorage, join(options.dataDir, 'data-key.safe'))
        : null
    case 'key-file':
      return new KeyFileStore(join(options.dataDir, 'data-key'))
  }
}

const MISSING: Record<Kind, string> = {
  keychain:
    'The key that protects your connected accounts is in your OS keychain, which did not answer. Unlock the keychain (on Linux, start your keyring, e.g. gnome-keyring) and start the app again.',
  'safe-storage':
    'The key that protects your connected accounts is in Electron’s safe storage, which only the desktop app can open. Start the desktop app (npm start on a machine with a display) or use another data folder (BUFFER_CLONE_DATA_DIR).',
  'key-file': 'The key file is missing.',
}

export async function chooseSecretStore(options: StoreOptions): Promise<SecretStore> {
  const remembered = rememberedKind(options.dataDir)
  if (remembered) {
    const store = await available(remembered, options)
    if (!store) throw new SecretStoreUnavailableError(MISSING[remembered])
    return store
  }
  for (const kind of ['keychain', 'safe-storage', 'key-file'] as const) {
    const store = await available(kind, options)
    if (store) {
      remember(options.dataDir, kind)
      return store
    }
  }
  throw new SecretStoreUnavailableError('No secret store is available.')
}
