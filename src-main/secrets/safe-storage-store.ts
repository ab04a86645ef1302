/**
 * Electron's safeStorage: the key encrypted with an OS-held secret and kept
 * in a file. Only the Electron host can offer it, so it takes the two
 * functions it needs rather than importing electron.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { KEY_BYTES, type SecretStore } from './secret-store'

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
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
    if (existsSync(this.file)) {
      const key = Buffer.from(this.safeStorage.decryptString(readFileSync(this.file)), 'base64')
      if (key.length !== KEY_BYTES)
        throw new Error(`The key file ${this.file} is damaged: it must hold ${KEY_BYTES} bytes.`)
      return key
    }
    mkdirSync(dirname(this.file), { recursive: true })
    const key = randomBytes(KEY_BYTES)
    writeFileSync(this.file, this.safeStorage.encryptString(key.toString('base64')), { mode: 0o600 })
    return key
  }
}
