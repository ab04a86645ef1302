/** The last-resort store: a key file in the data folder that only its owner can read. */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { KeyFileStore } from '../../src-main/secrets/key-file-store'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'buffer-clone-key-file-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const mode = (file: string) => statSync(file).mode & 0o777
// Windows has no POSIX permission bits to check.
const posix = process.platform !== 'win32'

describe('KeyFileStore', () => {
  it('creates a 32-byte key in a new file, making the data folder if needed', async () => {
    const file = join(tempDir(), 'not-yet', 'data-key')
    const key = await new KeyFileStore(file).dataKey()
    expect(key).toHaveLength(32)
    expect(existsSync(file)).toBe(true)
    expect(Buffer.from(readFileSync(file, 'utf8'), 'base64').equals(key)).toBe(true)
  })

  it.runIf(posix)('makes the key file readable and writable by its owner only (0600)', async () => {
    const file = join(tempDir(), 'data-key')
    await new KeyFileStore(file).dataKey()
    expect(mode(file)).toBe(0o600)
  })

  it('gives the same key on every later start', async () => {
    const file = join(tempDir(), 'data-key')
    const first = await new KeyFileStore(file).dataKey()
    const again = await new KeyFileStore(file).dataKey()
    const sameStore = new KeyFileStore(file)
    expect(again.equals(first)).toBe(true)
    expect((await sameStore.dataKey()).equals(first)).toBe(true)
  })

  it('refuses a damaged key file rather than replacing it, which would lose every stored token', async () => {
    const file = join(tempDir(), 'data-key')
    writeFileSync(file, Buffer.alloc(16, 7).toString('base64'), { mode: 0o600 })
    await expect(new KeyFileStore(file).dataKey()).rejects.toThrow(/damaged/)
    expect(readFileSync(file, 'utf8')).toBe(Buffer.alloc(16, 7).toString('base64'))
  })

  it.runIf(posix)('tightens a key file whose permissions someone loosened', async () => {
    const file = join(tempDir(), 'data-key')
    const key = await new KeyFileStore(file).dataKey()
    chmodSync(file, 0o644)
    expect((await new KeyFileStore(file).dataKey()).equals(key)).toBe(true)
    expect(mode(file)).toBe(0o600)
  })
})
