/** The real sync server on a free loopback port, for desktops that talk to it over HTTP. */
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach } from 'vitest'
import { startTestCore, type TestCore } from './core'
import { ClockTimers } from './fake-timers'
import { startTestServer, type TestServer } from './sync-server'

/** Starts the server listening on 127.0.0.1 and answers its base URL. */
export async function listenOnLoopback(server: TestServer): Promise<string> {
  await server.app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
}

export interface LoopbackServer {
  server: TestServer
  url: string
  /** The test's desktops: disposed after it, before the server closes. */
  cores: TestCore[]
}

/** A fresh server on loopback for each test of the calling suite (read `server` and `url` inside the tests). */
export function useLoopbackServer(): LoopbackServer {
  const state = { cores: [] } as unknown as LoopbackServer
  beforeEach(async () => {
    state.server = await startTestServer()
    state.url = await listenOnLoopback(state.server)
  })
  afterEach(async () => {
    for (const core of state.cores.splice(0)) core.dispose()
    await state.server.close()
  })
  return state
}

/**
 * A desktop signed up on the server at `serverUrl` (no live socket: tests sync by hand), with its scheduling loop on
 * timers of its own clock, or off; added to `cores` so the test disposes of it.
 */
export async function signedUpDesktop(
  cores: TestCore[],
  serverUrl: string,
  who: { name: string; email: string },
  loop: boolean,
): Promise<TestCore> {
  const timers = new ClockTimers(() => core.clock)
  const core = startTestCore(undefined, { publishing: loop ? { timers } : { loop: false }, sync: { live: false } })
  cores.push(core)
  await core.ok('createProfile', who)
  await core.ok('connectServer', { serverUrl, email: who.email, password: 'correct horse battery', mode: 'signup' })
  return core
}
