/** The last resort: the key in a file only this user can read (mode 0600). */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { KEY_BYTES, type SecretStore } from './secret-store'

export class KeyFileStore implements SecretStore {
  readonly info = {
    kind: 'key-file' as const,
    description: 'A key file readable only by you, in the data folder (no OS keychain was available).',
  }

  constructor(private readonly file: string) {}

  async dataKey(): Promise<Buffer> {
    if (existsSync(this.file)) {
      const key = Buffer.from(readFileSync(this.file, 'utf8').trim(), 'base64')
      if (key.length !== KEY_BYTES)
        throw new Error(`The key file ${this.file} is damaged: it must hold ${KEY_BYTES} bytes.`)
      // Tighten permissions that someone loosened.
      chmodSync(this.file, 0o600)
      return key
    }
    mkdirSync(dirname(this.file), { recursive: true })
    const key = randomBytes(KEY_BYTES)
    writeFileSync(this.file, key.toString('base64'), { mode: 0o600, flag: 'wx' })
    return key
  }
}
