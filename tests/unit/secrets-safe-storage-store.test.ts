/** With Electron's safeStorage, the data key is kept on disk only as safeStorage ciphertext. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SafeStorageStore, type SafeStorageLike } from '../../src-main/secrets/safe-storage-store'

/** A stand-in for the OS-held secret: reversible XOR with a marker, enough to tell ciphertext from the key. */
function xorSafeStorage(secret = 0x5a): SafeStorageLike & { calls: string[] } {
  const calls: string[] = []
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ secret))
  return {
    calls,
    isEncryptionAvailable: () => true,
    encryptString(plain) {
      calls.push('encrypt')
      return Buffer.concat([Buffer.from('XOR1'), xor(Buffer.from(plain, 'utf8'))])
    },
    decryptString(encrypted) {
      calls.push('decrypt')
      if (!encrypted.subarray(0, 4).equals(Buffer.from('XOR1'))) throw new Error('not our ciphertext')
      return xor(encrypted.subarray(4)).toString('utf8')
    },
  }
}

const dirs: string[] = []
function keyFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'buffer-clone-safe-storage-'))
  dirs.push(dir)
  return join(dir, 'data-key.safe')
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('SafeStorageStore', () => {
  it('stores the key encrypted by safeStorage, never the key itself', async () => {
    const safeStorage = xorSafeStorage()
    const file = keyFile()
    const key = await new SafeStorageStore(safeStorage, file).dataKey()
    const onDisk = readFileSync(file)

    expect(key).toHaveLength(32)
    expect(safeStorage.calls).toEqual(['encrypt'])
    expect(onDisk.includes(key)).toBe(false)
    expect(onDisk.toString('latin1')).not.toContain(key.toString('base64'))
    // What is on disk is exactly safeStorage's ciphertext of the key.
    expect(Buffer.from(safeStorage.decryptString(onDisk), 'base64').equals(key)).toBe(true)
  })

  it('decrypts the same key on the next start', async () => {
    const file = keyFile()
    const key = await new SafeStorageStore(xorSafeStorage(), file).dataKey()
    const nextStart = xorSafeStorage()
    expect((await new SafeStorageStore(nextStart, file).dataKey()).equals(key)).toBe(true)
    expect(nextStart.calls).toEqual(['decrypt'])
  })

  it.runIf(process.platform !== 'win32')('keeps the encrypted key readable by its owner only (0600)', async () => {
    const file = keyFile()
    await new SafeStorageStore(xorSafeStorage(), file).dataKey()
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('fails, rather than make a new key, when safeStorage cannot decrypt the file', async () => {
    const file = keyFile()
    await new SafeStorageStore(xorSafeStorage(), file).dataKey()
    const before = readFileSync(file)
    const otherMachine: SafeStorageLike = {
      ...xorSafeStorage(),
      decryptString: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
      },
    }
    await expect(new SafeStorageStore(otherMachine, file).dataKey()).rejects.toThrow(/decrypting/)
    expect(readFileSync(file).equals(before)).toBe(true)
  })
})
