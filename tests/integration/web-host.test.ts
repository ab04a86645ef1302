/**
 * Browser mode's HTTP and websocket host, over real loopback sockets: only
 * this run's token and this address get in, bad bodies get a clear 4xx,
 * events reach the page, and the page's bridge reaches every contract method.
 */
import { request } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { bridgeOver } from '../../src-shared/api/bridge'
import { API_METHODS } from '../../src-shared/api/contract'
import type { ApiResult } from '../../src-shared/api/errors'
import { MAX_BODY_BYTES, type WebHost } from '../../src-main/host/web/server'
import { startTestCore, type TestCore } from '../helpers/core'
import { startTestWebHost } from '../helpers/web-host'

let core: TestCore
let host: WebHost

beforeEach(async () => {
  core = startTestCore()
  host = await startTestWebHost(core)
})
afterEach(async () => {
  await host.close()
  core.dispose()
})

/** A raw request, so tests can set any Host header and body. */
function send(path: string, { method = 'POST', headers = {} as Record<string, string>, body = '' } = {}) {
  const { port } = new URL(host.origin)
  return new Promise<{ status: number; json: () => unknown; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: () => JSON.parse(text), headers: res.headers }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const auth = () => ({ authorization: `Bearer ${host.token}`, 'content-type': 'application/json' })

describe('browser mode host', () => {
  it('answers API calls with the token', async () => {
    const res = await send('/api/createProfile', { headers: auth(), body: JSON.stringify({ name: 'Ana' }) })
    expect(res.status).toBe(200)
    expect(res.json()).toMatchObject({ ok: true, value: { name: 'Ana' } })
  })

  it('refuses calls without the right token, and writes nothing', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }] as Record<string, string>[]) {
      const res = await send('/api/createProfile', { headers, body: JSON.stringify({ name: 'Mallory' }) })
      expect(res.status).toBe(401)
    }
    expect(await core.ok('getProfile', {})).toBeNull()
  })

  it('refuses another Host (DNS rebinding) and another Origin', async () => {
    const rebinding = await send('/api/getProfile', { headers: { ...auth(), host: 'evil.example:80' } })
    expect(rebinding.status).toBe(403)
    const crossSite = await send('/api/getProfile', { headers: { ...auth(), origin: 'https://evil.example' } })
    expect(crossSite.status).toBe(403)
  })

  it('gives a clear 4xx for malformed JSON, oversized bodies and GET on the API', async () => {
    const malformed = await send('/api/createProfile', { headers: auth(), body: '{"name": ' })
    expect(malformed.status).toBe(400)
    expect(malformed.json()).toMatchObject({ error: { message: expect.stringMatching(/not valid JSON/) } })
    const huge = await send('/api/createProfile', { headers: auth(), body: 'x'.repeat(MAX_BODY_BYTES + 1) })
    expect(huge.status).toBe(413)
    expect((await send('/api/getProfile', { method: 'GET', headers: auth() })).status).toBe(405)
    expect(await core.ok('getProfile', {})).toBeNull()
  })

  it('serves the app with a strict content security policy', async () => {
    const res = await send('/', { method: 'GET' })
    expect(res.status).toBe(200)
    expect(String(res.headers['content-security-policy'])).toMatch(/script-src 'self'/)
    expect(String(res.headers['content-security-policy'])).toMatch(/default-src 'none'/)
  })

  it('pushes events over the websocket only with the token', async () => {
    const wsUrl = host.origin.replace('http', 'ws') + '/events'
    const rejected = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${wsUrl}?token=wrong`)
      ws.on('error', (e) => resolve(e.message))
      ws.on('open', () => resolve('opened'))
    })
    expect(rejected).toMatch(/401/)

    const ws = new WebSocket(`${wsUrl}?token=${host.token}`)
    await new Promise((resolve) => ws.on('open', resolve))
    const received = new Promise((resolve) => ws.on('message', (data) => resolve(JSON.parse(String(data)))))
    await core.ok('createProfile', { name: 'Ana' })
    expect(await received).toEqual({ type: 'profile.changed' })
    ws.close()
  })

  it('reaches every contract method through the page’s bridge, and no other', async () => {
    const api = bridgeOver(async (method, input) => {
      const res = await fetch(`${host.origin}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
        body: JSON.stringify(input),
      })
      return (await res.json()) as ApiResult<unknown>
    })
    const bridge = api as unknown as Record<string, (input: unknown) => Promise<ApiResult<unknown>>>
    for (const method of API_METHODS) {
      // An empty input is wrong for most methods; what matters is that the method answers, not that it is missing.
      const answer = await bridge[method]!({})
      if (!answer.ok) expect(answer.error.message, method).not.toMatch(/There is no API method/)
    }
    const unknown = await bridge.dropAllTables!({})
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } })
    // The bridge is never taken for a promise.
    expect((api as unknown as { then?: unknown }).then).toBeUndefined()
  })
})
