/** With Electron's safeStorage, the data key is kept on disk only as safeStorage ciphertext. */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SafeStorageStore, type SafeStorageLike } from '../../src-main/secrets/safe-storage-store'

/**
 * A stand-in for the OS-held secret, answering like Electron's asynchronous
 * API: reversible XOR under a marker naming the OS key's generation, enough
 * to tell ciphertext from the key. `rotate()` makes a new generation current;
 * older ciphertext still decrypts, with `shouldReEncrypt`, as Electron does.
 */
function xorSafeStorage(secret = 0x5a) {
  const calls: string[] = []
  let generation = 1
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ secret))
  const marker = (g: number) => Buffer.from(`XOR${g}`)
  const fake = {
    calls,
    rotate: () => void generation++,
    isAsyncEncryptionAvailable: async () => true,
    async encryptStringAsync(plain: string) {
      calls.push('encrypt')
      return Buffer.concat([marker(generation), xor(Buffer.from(plain, 'utf8'))])
    },
    async decryptStringAsync(encrypted: Buffer) {
      calls.push('decrypt')
      const written = Number(encrypted.subarray(3, 4).toString())
      if (!encrypted.subarray(0, 3).equals(Buffer.from('XOR')) || !(written >= 1 && written <= generation))
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.')
      return { result: xor(encrypted.subarray(4)).toString('utf8'), shouldReEncrypt: written < generation }
    },
  } satisfies SafeStorageLike & Record<string, unknown>
  return fake
}

const dirs: string[] = []
function keyFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'buffer-clone-safe-storage-'))
  dirs.push(dir)
  return join(dir, 'data-key.safe')
}
afterEach(() => {
  vi.restoreAllMocks()
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
    expect(Buffer.from((await safeStorage.decryptStringAsync(onDisk)).result, 'base64').equals(key)).toBe(true)
  })

  it('decrypts the same key on the next start', async () => {
    const file = keyFile()
    const key = await new SafeStorageStore(xorSafeStorage(), file).dataKey()
    const nextStart = xorSafeStorage()
    expect((await new SafeStorageStore(nextStart, file).dataKey()).equals(key)).toBe(true)
    expect(nextStart.calls).toEqual(['decrypt'])
  })

  it('writes the same key again under a rotated OS key, and reads it from there next time', async () => {
    const safeStorage = xorSafeStorage()
    const file = keyFile()
    const key = await new SafeStorageStore(safeStorage, file).dataKey()
    safeStorage.rotate()

    expect((await new SafeStorageStore(safeStorage, file).dataKey()).equals(key)).toBe(true)
    expect(readFileSync(file).subarray(0, 4).toString()).toBe('XOR2')
    expect(safeStorage.calls).toEqual(['encrypt', 'decrypt', 'encrypt'])
    expect(existsSync(`${file}.tmp`)).toBe(false)

    const nextStart = new SafeStorageStore(safeStorage, file)
    expect((await nextStart.dataKey()).equals(key)).toBe(true)
    expect(safeStorage.calls.slice(3)).toEqual(['decrypt'])
  })

  it('keeps the old file and the same key when re-encrypting after a rotation fails', async () => {
    const safeStorage = xorSafeStorage()
    const file = keyFile()
    const key = await new SafeStorageStore(safeStorage, file).dataKey()
    const before = readFileSync(file)
    safeStorage.rotate()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const failing = { ...safeStorage, encryptStringAsync: () => Promise.reject(new Error('keyring went away')) }

    expect((await new SafeStorageStore(failing, file).dataKey()).equals(key)).toBe(true)
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(warn).toHaveBeenCalledOnce()
  })

  it.runIf(process.platform !== 'win32')('keeps the encrypted key readable by its owner only (0600)', async () => {
    const safeStorage = xorSafeStorage()
    const file = keyFile()
    await new SafeStorageStore(safeStorage, file).dataKey()
    expect(statSync(file).mode & 0o777).toBe(0o600)
    safeStorage.rotate()
    await new SafeStorageStore(safeStorage, file).dataKey()
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('fails with what to do, rather than make a new key, when safeStorage cannot decrypt the file', async () => {
    const file = keyFile()
    await new SafeStorageStore(xorSafeStorage(), file).dataKey()
    const before = readFileSync(file)
    // Another machine's (or a locked keyring's) safeStorage: Electron rejects the decryption.
    const store = new SafeStorageStore(
      { ...xorSafeStorage(0x33), decryptStringAsync: () => Promise.reject(new Error('Error while decrypting')) },
      file,
    )
    await expect(store.dataKey()).rejects.toThrow(/could not be decrypted.*unlock it and start the app again/)
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('refuses a file that decrypts to something other than a 32-byte key', async () => {
    const safeStorage = xorSafeStorage()
    const file = keyFile()
    writeFileSync(file, await safeStorage.encryptStringAsync(Buffer.alloc(16).toString('base64')))
    await expect(new SafeStorageStore(safeStorage, file).dataKey()).rejects.toThrow(/damaged: it must hold 32 bytes/)
  })
})
