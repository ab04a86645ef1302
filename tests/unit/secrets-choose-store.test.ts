/** The data key goes to the strongest store the machine offers: keychain, then safeStorage, then a key file. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as Keytar from 'keytar'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { chooseSecretStore } from '../../src-main/secrets/choose-store'
import { KeychainStore } from '../../src-main/secrets/keychain-store'
import type { SafeStorageLike } from '../../src-main/secrets/safe-storage-store'
import { KEYCHAIN_ACCOUNT, KEYCHAIN_SERVICE } from '../../src-main/secrets/secret-store'

type KeytarModule = typeof Keytar

const realProbe = KeychainStore.probe.bind(KeychainStore)
const noKeytar = () => Promise.reject(new Error('Cannot find module keytar.node (libsecret-1.so.0 missing)'))

/** A keychain held in memory, answering like keytar. */
function memoryKeytar(options: { failing?: boolean } = {}) {
  const entries = new Map<string, string>()
  const id = (service: string, account: string) => `${service}/${account}`
  const keytar = {
    getPassword: async (service: string, account: string) => {
      if (options.failing) throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
      return entries.get(id(service, account)) ?? null
    },
    setPassword: async (service: string, account: string, password: string) => {
      entries.set(id(service, account), password)
    },
  }
  return { entries, load: async () => keytar as unknown as KeytarModule }
}

const xorSafeStorage = (available = true): SafeStorageLike => ({
  isAsyncEncryptionAvailable: async () => available,
  encryptStringAsync: async (plain) => Buffer.from(Buffer.from(plain).map((b) => b ^ 0x5a)),
  decryptStringAsync: async (encrypted) => ({
    result: Buffer.from(encrypted.map((b) => b ^ 0x5a)).toString(),
    shouldReEncrypt: false,
  }),
})

const dirs: string[] = []
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'buffer-clone-choose-store-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  vi.restoreAllMocks()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('KeychainStore.probe', () => {
  it('answers null when keytar cannot be loaded', async () => {
    expect(await KeychainStore.probe(noKeytar)).toBeNull()
  })

  it('answers null when keytar loads but no keychain answers', async () => {
    expect(await KeychainStore.probe(memoryKeytar({ failing: true }).load)).toBeNull()
  })

  it('creates the key in the keychain once, then reads it back', async () => {
    const keychain = memoryKeytar()
    const store = await KeychainStore.probe(keychain.load)
    const key = await store!.dataKey()
    expect(key).toHaveLength(32)
    expect(keychain.entries.get(`${KEYCHAIN_SERVICE}/${KEYCHAIN_ACCOUNT}`)).toBe(key.toString('base64'))
    const nextStart = await KeychainStore.probe(keychain.load)
    expect((await nextStart!.dataKey()).equals(key)).toBe(true)
  })
})

describe('chooseSecretStore', () => {
  it('falls back to the key file in the data folder when the keychain probe fails', async () => {
    const probe = vi.spyOn(KeychainStore, 'probe').mockImplementation(() => realProbe(noKeytar))
    const dir = dataDir()
    const store = await chooseSecretStore({ dataDir: dir })
    expect(probe).toHaveBeenCalledOnce()
    expect(store.info.kind).toBe('key-file')
    expect(await store.dataKey()).toHaveLength(32)
  })

  it('prefers safeStorage to the key file when the keychain probe fails', async () => {
    vi.spyOn(KeychainStore, 'probe').mockImplementation(() => realProbe(noKeytar))
    const store = await chooseSecretStore({ dataDir: dataDir(), safeStorage: xorSafeStorage() })
    expect(store.info.kind).toBe('safe-storage')
  })

  it('passes over safeStorage that cannot encrypt', async () => {
    vi.spyOn(KeychainStore, 'probe').mockImplementation(() => realProbe(noKeytar))
    const store = await chooseSecretStore({ dataDir: dataDir(), safeStorage: xorSafeStorage(false) })
    expect(store.info.kind).toBe('key-file')
  })

  it('uses the keychain when it answers, before safeStorage', async () => {
    const keychain = memoryKeytar()
    vi.spyOn(KeychainStore, 'probe').mockImplementation(() => realProbe(keychain.load))
    const store = await chooseSecretStore({ dataDir: dataDir(), safeStorage: xorSafeStorage() })
    expect(store.info.kind).toBe('keychain')
  })

  it('does not touch the keychain when told not to', async () => {
    const probe = vi.spyOn(KeychainStore, 'probe')
    const store = await chooseSecretStore({ dataDir: dataDir(), keychain: false })
    expect(probe).not.toHaveBeenCalled()
    expect(store.info.kind).toBe('key-file')
  })
})

describe('the choice of store is kept', () => {
  it('keeps using the store chosen first, even when a stronger one appears later', async () => {
    const dir = dataDir()
    vi.spyOn(KeychainStore, 'probe').mockImplementation(() => realProbe(noKeytar))
    const first = await chooseSecretStore({ dataDir: dir })
    const key = await first.dataKey()
    vi.restoreAllMocks()
    vi.spyOn(KeychainStore, 'probe').mockImplementation(() => realProbe(memoryKeytar().load))
    const later = await chooseSecretStore({ dataDir: dir, safeStorage: xorSafeStorage() })
    expect(later.info.kind).toBe('key-file')
    expect((await later.dataKey()).equals(key)).toBe(true)
  })

  it('stops with what to do when the remembered store is gone, instead of making a new key', async () => {
    const dir = dataDir()
    vi.spyOn(KeychainStore, 'probe').mockImplementation(() => realProbe(noKeytar))
    await chooseSecretStore({ dataDir: dir, safeStorage: xorSafeStorage() })
    await expect(chooseSecretStore({ dataDir: dir })).rejects.toThrow(/safe storage.*desktop app/)
    vi.restoreAllMocks()
    const keychain = memoryKeytar()
    vi.spyOn(KeychainStore, 'probe').mockImplementation(() => realProbe(keychain.load))
    const other = dataDir()
    await chooseSecretStore({ dataDir: other })
    vi.restoreAllMocks()
    vi.spyOn(KeychainStore, 'probe').mockImplementation(() => realProbe(memoryKeytar({ failing: true }).load))
    await expect(chooseSecretStore({ dataDir: other })).rejects.toThrow(/keychain, which did not answer/)
  })
})
