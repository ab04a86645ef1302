/**
 * Electron's safeStorage: the key encrypted with an OS-held secret and kept
 * in a file. Only the Electron host can offer it, so it takes the three
 * functions it needs rather than importing electron.
 *
 * Electron's asynchronous API (`isAsyncEncryptionAvailable`,
 * `encryptStringAsync`, `decryptStringAsync`): the synchronous one is
 * deprecated and goes in Electron 46. Files the synchronous API wrote decrypt
 * with the asynchronous one, so no key is lost on the way. When the OS key
 * has been rotated, decryption says so and the file is written again under
 * the new key (the data key itself never changes).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { KEY_BYTES, type SecretStore } from './secret-store'

export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>
  encryptStringAsync(plain: string): Promise<Buffer>
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>
}

export class SafeStorageStore implements SecretStore {
  readonly info = {
    kind: 'safe-storage' as const,
    description: "Electron's safe storage, protected by your operating system.",
  }

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly file: string,
  ) {}

  async dataKey(): Promise<Buffer> {
    if (existsSync(this.file)) return this.readKey()
    mkdirSync(dirname(this.file), { recursive: true })
    const key = randomBytes(KEY_BYTES)
    this.write(await this.safeStorage.encryptStringAsync(key.toString('base64')))
    return key
  }

  private async readKey(): Promise<Buffer> {
    let decrypted: { result: string; shouldReEncrypt: boolean }
    try {
      decrypted = await this.safeStorage.decryptStringAsync(readFileSync(this.file))
    } catch (error) {
      // Never replaced by a new key here: that would make every stored token unreadable for good.
      throw new Error(
        `The key that protects your connected accounts (${this.file}) could not be decrypted by your operating system's secret store. If your keychain or keyring is locked, unlock it and start the app again; the file was left as it is.`,
        { cause: error },
      )
    }
    const key = Buffer.from(decrypted.result, 'base64')
    if (key.length !== KEY_BYTES)
      throw new Error(`The key file ${this.file} is damaged: it must hold ${KEY_BYTES} bytes.`)
    if (decrypted.shouldReEncrypt) await this.reEncrypt(key)
    return key
  }

  /** The OS key was rotated: the same data key, written again under the new one. */
  private async reEncrypt(key: Buffer): Promise<void> {
    try {
      this.write(await this.safeStorage.encryptStringAsync(key.toString('base64')))
    } catch (error) {
      // The old file still decrypts, so the app carries on and tries again next start.
      console.warn(`Could not re-encrypt ${this.file} under the rotated OS key; keeping the old file.`, error)
    }
  }

  /** Through a temporary file and a rename, so a crash never leaves half a key file. */
  private write(encrypted: Buffer): void {
    const temporary = `${this.file}.tmp`
    writeFileSync(temporary, encrypted, { mode: 0o600 })
    renameSync(temporary, this.file)
  }
}
