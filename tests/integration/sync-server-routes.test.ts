/**
 * The shared route table (src-shared/sync/routes/) is what the server
 * serves: every entry is registered under its method and path from the
 * entry itself (so with its schemas), and every JSON route the server
 * answers is in the table, so the desktop's client can reach it by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverRoutes } from '../../src-shared/sync/routes'
import { startTestServer, type TestServer } from '../helpers/sync-server'

/** Served for browsers and sockets, not JSON callers: outside the table on purpose. */
const OUTSIDE_THE_TABLE = [/^\/v1\/live$/, /^\/invite\//, /^\/sandbox(\/|$)/]

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server.close()
})

describe('the shared route table', () => {
  it('is served entry by entry: each route under its method and path, from the table’s own entry', () => {
    const unserved: string[] = []
    for (const [name, route] of Object.entries(serverRoutes)) {
      const registered = server.app.registeredRoutes.find((r) => r.method === route.method && r.url === route.path)
      if (!registered) unserved.push(`${name}: ${route.method} ${route.path}`)
      else expect(registered.entry, name).toBe(route)
    }
    expect(unserved).toEqual([])
  })

  it('holds every JSON route the server answers', () => {
    // The list is complete: it has the routes outside the table too.
    expect(server.app.registeredRoutes.map((r) => r.url)).toContain('/v1/live')
    const missing = server.app.registeredRoutes
      .filter((r) => !OUTSIDE_THE_TABLE.some((pattern) => pattern.test(r.url)))
      // Fastify answers HEAD for a GET by itself; that HEAD serves the GET's entry.
      .filter((r) => !(r.method === 'HEAD' && r.entry?.method === 'GET' && r.entry.path === r.url))
      .filter((r) => r.entry?.method !== r.method || r.entry.path !== r.url)
      .map((r) => `${r.method} ${r.url}`)
    expect(missing).toEqual([])
  })

  it('names each route once, and no two entries share a method and path', () => {
    const keys = Object.values(serverRoutes).map((route) => `${route.method} ${route.path}`)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('refuses a request that breaks the entry’s schema, naming the field, after checking the session', async () => {
    const ana = await server.signup('Ana')
    const anonymous = await server.call('GET', '/v1/me/pull?limit=0')
    expect(anonymous.status).toBe(401)
    const answer = await server.call('GET', '/v1/me/pull?limit=0', { token: ana.token })
    expect(answer.status).toBe(400)
    expect(answer.body.error).toEqual({
      code: 'invalid_request',
      message: 'The number of items must be at least 1.',
      field: 'limit',
    })
  })
})
