/**
 * A team end to end: the real sync server on loopback and two desktops, each
 * its own core (system clock, own data folder), browser-mode host and page in
 * one Chromium.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { createCore, type Core } from '../../src-main/core/create-core'
import { startWebHost, type WebHost } from '../../src-main/host/web/server'
import { KeyFileStore } from '../../src-main/secrets/key-file-store'
import { makeTempDir, migrationsDir, repoRoot } from '../helpers/core'
import { listenOnLoopback } from '../helpers/loopback'
import { startTestServer, type TestServer } from '../helpers/sync-server'
import { CHROMIUM_ARGS } from './browser'

/** One desktop: a core on the system clock (the UI shows relative times), its browser-mode host and a page. */
export interface Device {
  core: Core
  host: WebHost
  page: Page
  close(): Promise<void>
}

export async function startDevice(browser: Browser, contextOptions: BrowserContextOptions): Promise<Device> {
  const dataDir = makeTempDir()
  const core = createCore({
    dataDir,
    migrationsDir,
    secrets: new KeyFileStore(join(dataDir, 'data-key')),
    host: { host: 'web', version: 'test' },
  })
  const host = await startWebHost({ core, rendererDir: join(repoRoot, 'out', 'renderer') })
  const context = await browser.newContext(contextOptions)
  const page = await context.newPage()
  return {
    core,
    host,
    page,
    async close() {
      await context.close()
      await host.close()
      // A round still in flight would otherwise write to a closed database.
      core.sync.stop()
      await core.sync.idle()
      core.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Calls a core method as the renderer does; a refusal fails the test with its message. */
export async function call<T>(core: Core, method: string, input: unknown): Promise<T> {
  const result = await core.dispatch(method, input)
  if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`)
  return result.value as T
}

/** The sync server listening on loopback, its clock on the real one, and its address. */
export async function startRealTimeServer(): Promise<{ server: TestServer; url: string }> {
  const server = await startTestServer()
  // The desktops run on the real clock and the server refuses clocks more than five minutes ahead of its own.
  server.clock.advance(Date.now() - server.clock.now().getTime())
  return { server, url: await listenOnLoopback(server) }
}

export interface TwoApps {
  server: TestServer
  serverUrl: string
  browser: Browser
  ana: Device
  ben: Device
  close(): Promise<void>
}

/** The server, Chromium and Ana's and Ben's desktops; `close` ends whatever started, also after a failed start. */
export async function startTwoApps(contextOptions: BrowserContextOptions): Promise<TwoApps> {
  const closers: (() => Promise<void>)[] = []
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) await closeOne()
  }
  try {
    const { server, url } = await startRealTimeServer()
    closers.push(() => server.close())
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    })
    closers.push(() => browser.close())
    const ana = await startDevice(browser, contextOptions)
    closers.push(() => ana.close())
    const ben = await startDevice(browser, contextOptions)
    closers.push(() => ben.close())
    return { server, serverUrl: url, browser, ana, ben, close }
  } catch (error) {
    await close()
    throw error
  }
}
