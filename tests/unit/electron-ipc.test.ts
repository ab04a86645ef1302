/**
 * The Electron IPC layer with Electron stood in for (it cannot run in CI):
 * a call reaches the core only from the app's own page in the window's top
 * frame, and core events reach only windows showing that page.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EVENTS_CHANNEL, ipcChannel } from '../../src-shared/api/bridge'
import { API_METHODS } from '../../src-shared/api/contract'
import { appOrigin } from '../../src-main/host/electron/app-origin'
import { startTestCore, type TestCore } from '../helpers/core'

type Handler = (event: unknown, input: unknown) => unknown

const electron = vi.hoisted(() => ({
  handlers: new Map<string, Handler>(),
  windows: [] as { webContents: { getURL(): string; isDestroyed(): boolean; send: (...args: unknown[]) => void } }[],
}))

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => electron.handlers.set(channel, handler),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
  BrowserWindow: { getAllWindows: () => electron.windows },
}))

const { registerIpc } = await import('../../src-main/host/electron/ipc')

const page = 'app://buffer-clone/'
const origin = appOrigin()
// Where the window loaded from before the app:// protocol: no longer the app's page.
const builtFile = pathToFileURL(join(import.meta.dirname, 'out', 'renderer', 'index.html')).href

function frame(url: string, parent: object | null = null, frameToken = 'main') {
  return { url, parent, frameToken, detached: false }
}
const appFrame = frame(`${page}#/publish`)
const fromApp = { senderFrame: appFrame, sender: { mainFrame: appFrame } }
const fromIframe = { senderFrame: frame(page, appFrame, 'child'), sender: { mainFrame: appFrame } }
const elsewhere = frame('https://attacker.example/')
const fromOtherPage = { senderFrame: elsewhere, sender: { mainFrame: elsewhere } }
const fromGoneFrame = { senderFrame: null, sender: { mainFrame: appFrame } }
const fileFrame = frame(`${builtFile}#/publish`)
const fromFilePage = { senderFrame: fileFrame, sender: { mainFrame: fileFrame } }
const otherHostFrame = frame('app://attacker.example/#/publish')
const fromOtherHost = { senderFrame: otherHostFrame, sender: { mainFrame: otherHostFrame } }

function window(url: string) {
  const webContents = { getURL: () => url, isDestroyed: () => false, send: vi.fn() }
  return { webContents }
}

let core: TestCore
let stop: () => void
beforeEach(() => {
  core = startTestCore()
  stop = registerIpc(core, origin)
})
afterEach(() => {
  stop()
  electron.windows.length = 0
  core.dispose()
})

const call = (event: unknown, method: string, input: unknown) => {
  const handler = electron.handlers.get(`api:${method}`)
  if (!handler) throw new Error(`no handler for ${method}`)
  return handler(event, input) as Promise<{ ok: boolean; error?: { code: string } }>
}

describe('Electron IPC', () => {
  it('registers one handler per contract method, each on its own channel', () => {
    expect([...electron.handlers.keys()].sort()).toEqual(API_METHODS.map(ipcChannel).sort())
  })

  it("answers the app's own page in the top frame through the core", async () => {
    expect(await call(fromApp, 'createProfile', { name: 'Ana Ruiz' })).toMatchObject({
      ok: true,
      value: { name: 'Ana Ruiz' },
    })
    expect(await call(fromApp, 'createProfile', { name: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
  })

  it('refuses an iframe, another page, a file:// page, another app:// host and a frame that is gone, and writes nothing', async () => {
    for (const event of [fromIframe, fromOtherPage, fromFilePage, fromOtherHost, fromGoneFrame]) {
      expect(await call(event, 'createProfile', { name: 'Mallory' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      })
    }
    expect(await call(fromApp, 'getProfile', {})).toEqual({ ok: true, value: null })
  })

  it("pushes core events to windows showing the app's page, and only to those", async () => {
    const app = window(`${page}#/engage`)
    const stray = window('https://attacker.example/')
    const filePage = window(builtFile)
    electron.windows.push(app, stray, filePage)
    await call(fromApp, 'createProfile', { name: 'Ana Ruiz' })
    expect(app.webContents.send).toHaveBeenCalledWith(EVENTS_CHANNEL, { type: 'profile.changed' })
    expect(stray.webContents.send).not.toHaveBeenCalled()
    expect(filePage.webContents.send).not.toHaveBeenCalled()
  })

  it('removes every handler and stops the events when unregistered', async () => {
    const app = window(page)
    electron.windows.push(app)
    stop()
    expect(electron.handlers.size).toBe(0)
    await core.ok('createProfile', { name: 'Ana Ruiz' })
    expect(app.webContents.send).not.toHaveBeenCalled()
    stop = () => {}
  })
})
