/** The OS keychain through keytar: macOS Keychain, Windows Credential Manager, libsecret. */
import { randomBytes } from 'node:crypto'
import type * as KeytarModule from 'keytar'
import { KEYCHAIN_ACCOUNT, KEYCHAIN_SERVICE, KEY_BYTES, type SecretStore } from './secret-store'

type Keytar = typeof KeytarModule

export class KeychainStore implements SecretStore {
  readonly info = {
    kind: 'keychain' as const,
    description: 'Your operating system keychain.',
  }

  private constructor(private readonly keytar: Keytar) {}

  /**
   * A store whose keychain answered, or null. keytar rejects at once where
   * no Secret Service runs, and fails to load where it was not built.
   */
  static async probe(load: () => Promise<Keytar> = loadKeytar): Promise<KeychainStore | null> {
    try {
      const keytar = await load()
      await keytar.getPassword(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT)
      return new KeychainStore(keytar)
    } catch {
      return null
    }
  }

  async dataKey(): Promise<Buffer> {
    const stored = await this.keytar.getPassword(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT)
    if (stored) {
      const key = Buffer.from(stored, 'base64')
      if (key.length !== KEY_BYTES)
        throw new Error(
          `The data key in the keychain (${KEYCHAIN_SERVICE}) is damaged: it must hold ${KEY_BYTES} bytes.`,
        )
      return key
    }
    const key = randomBytes(KEY_BYTES)
    await this.keytar.setPassword(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT, key.toString('base64'))
    return key
  }
}

async function loadKeytar(): Promise<Keytar> {
  const mod = (await import('keytar')) as Keytar & { default?: Keytar }
  return mod.default ?? mod
}
