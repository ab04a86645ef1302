/**
 * The Electron host hands the secret store Electron's asynchronous
 * safeStorage API (the synchronous one goes in Electron 46), and never
 * counts Linux's hard-coded 'basic_text' backend as protection. Electron is
 * stood in for: the stand-in has no synchronous methods, so calling one fails.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => {
  const state = { available: true, backend: 'gnome_libsecret', initialized: false }
  const xor = (bytes: Uint8Array) => Buffer.from(bytes.map((b) => b ^ 0x2c))
  return {
    state,
    safeStorage: {
      // Like Electron: the backend is 'unknown' until the async encryptor has been initialized.
      getSelectedStorageBackend: () => (state.initialized ? state.backend : 'unknown'),
      isAsyncEncryptionAvailable: async () => {
        state.initialized = true
        return state.available
      },
      encryptStringAsync: async (plain: string) => xor(Buffer.from(plain)),
      decryptStringAsync: async (encrypted: Buffer) => ({ result: xor(encrypted).toString(), shouldReEncrypt: false }),
    },
  }
})
vi.mock('electron', () => ({ safeStorage: electron.safeStorage }))

const { electronSafeStorage } = await import('../../src-main/host/electron/secrets')

const platform = Object.getOwnPropertyDescriptor(process, 'platform')!
const onPlatform = (value: NodeJS.Platform) => Object.defineProperty(process, 'platform', { value })

beforeEach(() => Object.assign(electron.state, { available: true, backend: 'gnome_libsecret', initialized: false }))
afterEach(() => Object.defineProperty(process, 'platform', platform))

describe("the Electron host's safeStorage", () => {
  it('is available where the OS keeps the secret', async () => {
    onPlatform('linux')
    expect(await electronSafeStorage.isAsyncEncryptionAvailable()).toBe(true)
    onPlatform('darwin')
    expect(await electronSafeStorage.isAsyncEncryptionAvailable()).toBe(true)
  })

  it("is unavailable on Linux's basic_text backend, asked once the encryptor has started", async () => {
    onPlatform('linux')
    electron.state.backend = 'basic_text'
    expect(await electronSafeStorage.isAsyncEncryptionAvailable()).toBe(false)
  })

  it('is unavailable when Electron says so', async () => {
    electron.state.available = false
    expect(await electronSafeStorage.isAsyncEncryptionAvailable()).toBe(false)
  })

  it('encrypts and decrypts through the asynchronous API', async () => {
    const encrypted = await electronSafeStorage.encryptStringAsync('the data key')
    expect(encrypted.toString()).not.toContain('the data key')
    expect(await electronSafeStorage.decryptStringAsync(encrypted)).toEqual({
      result: 'the data key',
      shouldReEncrypt: false,
    })
  })
})
