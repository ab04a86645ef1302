/**
 * Every contract method is reachable from the page in both hosts, with no
 * second list of names to keep in step: the Electron window hands the
 * preload the contract's names and the preload exposes each on its own
 * channel; browser mode's bridge (the same Proxy the page uses) reaches
 * every method over HTTP. Electron is
 * stood in for (it cannot run here); browser mode is the real host.
 */
import { describe, expect, it, vi } from 'vitest'
import { ipcChannel } from '../../src-shared/api/bridge'
import { API_METHODS } from '../../src-shared/api/contract'

const electron = vi.hoisted(() => ({
  windowOptions: [] as { webPreferences?: { additionalArguments?: string[] } }[],
  exposed: new Map<string, unknown>(),
  invoked: [] as unknown[][],
}))

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = {}
    constructor(options: (typeof electron.windowOptions)[number]) {
      electron.windowOptions.push(options)
    }
    once() {}
    on() {}
    loadURL = () => Promise.resolve()
  },
  screen: { getAllDisplays: () => [] },
  app: { isPackaged: false, getAppPath: () => '.', getPath: () => '.', setPath() {} },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      electron.invoked.push(args)
      return Promise.resolve({ ok: true, value: null })
    },
    on() {},
    removeListener() {},
  },
}))

// Its settings store requires the real electron package, which has no binary here; the window only needs its sizes.
vi.mock('electron-store', () => ({ default: class {} }))

describe('the Electron host', () => {
  it('hands the preload every contract method, and the preload exposes each on its own channel', async () => {
    const { createMainWindow } = await import('../../src-main/host/electron/window')
    const settings = { get: () => ({ width: 1280, height: 800, maximized: false }), set() {} }
    const origin = { url: 'app://buffer-clone/index.html', isAppUrl: () => true }
    createMainWindow({ origin, settings } as unknown as Parameters<typeof createMainWindow>[0])
    const handedOver = electron.windowOptions[0]?.webPreferences?.additionalArguments ?? []

    // The sandboxed preload sees those arguments at the end of its process.argv.
    const argv = process.argv
    process.argv = [...argv, ...handedOver]
    try {
      await import('../../src-preload/index')
    } finally {
      process.argv = argv
    }
    const api = electron.exposed.get('api') as Record<string, (input: unknown) => Promise<unknown>>
    expect(Object.keys(api).sort()).toEqual([...API_METHODS].sort())
    for (const method of API_METHODS) await api[method]!({ probe: method })
    expect(electron.invoked).toEqual(API_METHODS.map((method) => [ipcChannel(method), { probe: method }]))
  })
})
