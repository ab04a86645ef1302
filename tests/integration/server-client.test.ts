/**
 * The desktop's one client for the sync server (src-shared/sync/server-client.ts):
 * routes called by name against the real server over loopback HTTP, answers
 * parsed with the route table's schemas, and every way a server can answer
 * badly (refusals, not JSON, a shape this version does not know, nobody
 * listening) turned into a SyncRequestError with a sentence a person can act on.
 */
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION } from '../../src-shared/sync/protocol'
import { ServerClient, SyncRequestError } from '../../src-shared/sync/server-client'
import { transportOver } from '../../src-main/sync/transport'
import { listenOnLoopback } from '../helpers/loopback'
import { pngHeader } from '../helpers/png'
import { FakeDevice } from '../helpers/sync-device'
import { startTestServer, uniqueEmail, type TestServer } from '../helpers/sync-server'

async function refusal(work: Promise<unknown>): Promise<SyncRequestError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SyncRequestError)
  return error as SyncRequestError
}

describe('ServerClient against the real sync server', () => {
  let server: TestServer
  let baseUrl: string
  let anonymous: ServerClient
  let ana: ServerClient
  let anaId: string

  beforeAll(async () => {
    server = await startTestServer()
    baseUrl = await listenOnLoopback(server)
    anonymous = new ServerClient({ baseUrl })
    const session = await anonymous.call('signup', {
      body: { name: 'Ana', email: uniqueEmail('ana'), password: 'correct horse battery' },
    })
    anaId = session.user.id
    ana = anonymous.withToken(session.token)
  })
  afterAll(async () => {
    await server.close()
  })

  it('signs up and answers who is signed in, parsed with the routes’ schemas', async () => {
    const me = await ana.call('me')
    expect(me).toMatchObject({ user: { id: anaId, name: 'Ana' }, orgs: [] })
  })

  it('pushes and pulls an organization’s changes through transportOver', async () => {
    const orgId = uuidv7()
    await ana.call('createOrg', { body: { id: orgId, name: 'Acme Coffee', timezone: 'Europe/Paris' } })
    const transport = transportOver(ana)
    const { cursor } = await transport.pull(orgId, 0)
    const device = new FakeDevice(server, '', orgId)
    const postId = uuidv7()
    const pushed = await transport.push(orgId, [
      device.mutation([{ table: 'posts', rowId: postId, field: 'tags', value: ['over the client'] }]),
    ])
    expect(pushed.results).toEqual([{ mutationId: 1, status: 'applied' }])
    const pulled = await transport.pull(orgId, cursor)
    expect(pulled).toMatchObject({ kind: 'changes', hasMore: false })
    expect(pulled.kind === 'changes' && pulled.changes.flatMap((c) => c.ops)).toContainEqual(
      expect.objectContaining({ rowId: postId, field: 'tags', value: ['over the client'] }),
    )
  })

  it('reaches the person’s own change log by name (pushOwnData, pullOwnData) and through transportOver', async () => {
    const first = await ana.call('pullOwnData', { query: { since: 0 } })
    expect(first.kind).toBe('changes')
    const pushed = await ana.call('pushOwnData', {
      body: {
        protocolVersion: PROTOCOL_VERSION,
        mutations: [
          FakeDevice.ownData(server, '').mutation([{ table: 'users', rowId: anaId, field: 'name', value: 'Ana Ruiz' }]),
        ],
      },
    })
    expect(pushed.results).toEqual([{ mutationId: 1, status: 'applied' }])
    const after = await transportOver(ana).pullOwnData(first.cursor)
    expect(after.kind === 'changes' && after.changes.flatMap((c) => c.ops)).toContainEqual(
      expect.objectContaining({ table: 'users', rowId: anaId, field: 'name', value: 'Ana Ruiz' }),
    )
  })

  it('uploads a file’s bytes, says whether it is there, and downloads the same bytes', async () => {
    const orgId = uuidv7()
    await ana.call('createOrg', { body: { id: orgId, name: 'Acme Coffee' } })
    const bytes = new Uint8Array(pngHeader(4, 4))
    const name = `${createHash('sha256').update(bytes).digest('hex')}.png`
    const missing = await refusal(ana.call('headMedia', { params: { orgId, name } }))
    expect(missing).toMatchObject({ code: 'not_found', details: { status: 404 } })

    const stored = await ana.call('putMedia', { params: { orgId, name }, body: bytes, contentType: 'image/png' })
    expect(stored).toMatchObject({ name, mimeType: 'image/png', byteLength: bytes.length, created: true })
    await expect(ana.call('headMedia', { params: { orgId, name } })).resolves.toBeUndefined()
    expect(await ana.call('getMedia', { params: { orgId, name } })).toEqual(bytes)
  })

  it('hands over the server’s refusal with its code, words and status', async () => {
    const wrong = await refusal(
      anonymous.call('signin', { body: { email: uniqueEmail('nobody'), password: 'not the password' } }),
    )
    expect(wrong.code).toBe('unauthorized')
    expect(wrong.details.status).toBe(401)
    expect(wrong.message).not.toMatch(/HTTP/)

    const invalid = await refusal(ana.call('createOrg', { body: { id: 'not an id!', name: 'Acme' } }))
    expect(invalid).toMatchObject({ code: 'invalid_request', details: { field: 'id', status: 400 } })
    expect(invalid.message).toMatch(/^The id must be 1 to 64 letters/)

    const unknown = await refusal(ana.call('listMembers', { params: { orgId: uuidv7() } }))
    expect(unknown).toMatchObject({ code: 'not_found', details: { status: 404 } })
  })

  it('asks for a sign-in without calling the server when there is no session', async () => {
    const error = await refusal(anonymous.call('me'))
    expect(error.code).toBe('signed_out')
    expect(error.message).toBe('Sign in to the sync server first (Settings → Sync).')
  })

  it('reads the token when it calls, so a function can hand the current session', async () => {
    let token: string | null = null
    const client = new ServerClient({ baseUrl, token: () => token })
    expect((await refusal(client.call('me'))).code).toBe('signed_out')
    token = 'x'.repeat(43)
    expect((await refusal(client.call('me'))).code).toBe('unauthorized')
  })
})

describe('ServerClient against a server that answers badly', () => {
  let garbage: Server
  let baseUrl: string
  /** What the fake answers next: status, headers and body. */
  let next: { status: number; headers?: Record<string, string>; body: string }

  beforeAll(async () => {
    garbage = createServer((_request, response) => {
      response.writeHead(next.status, next.headers ?? { 'content-type': 'application/json' })
      response.end(next.body)
    })
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => garbage.close(resolve))
  })

  const client = () => new ServerClient({ baseUrl, token: 'a-token' })

  it('refuses an answer that is not JSON, asking whether the address is right', async () => {
    next = { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>a router’s login page</html>' }
    const error = await refusal(client().call('me'))
    expect(error).toMatchObject({ code: 'server_error', details: { status: 200 } })
    expect(error.message).toBe(
      `The sync server at ${baseUrl} answered something that is not JSON (HTTP 200). Is the address right?`,
    )
  })

  it('refuses JSON that does not have the route’s shape, naming the route', async () => {
    next = { status: 200, body: JSON.stringify({ user: { id: 1 }, orgs: 'many' }) }
    const error = await refusal(client().call('me'))
    expect(error.code).toBe('server_error')
    expect(error.message).toBe(
      "The sync server's answer to /v1/me is not what this app version understands; update the app or the server.",
    )
    next = { status: 200, body: JSON.stringify({ kind: 'changes', changes: [], cursor: -1, hasMore: false }) }
    const pull = await refusal(transportOver(client()).pull('org-1', 0))
    expect(pull.message).toMatch(/answer to \/v1\/orgs\/org-1\/pull is not what this app version understands/)
  })

  it('says the server failed when an error answer is not the protocol’s error shape', async () => {
    next = { status: 502, body: JSON.stringify({ message: 'bad gateway' }) }
    const error = await refusal(client().call('me'))
    expect(error).toMatchObject({ code: 'server_error', details: { status: 502 } })
    expect(error.message).toBe('The sync server failed (HTTP 502). Try again in a moment.')
  })

  it('keeps a refusal’s Retry-After, so a caller knows when to try again', async () => {
    next = {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '7' },
      body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests; try again in 7 seconds.' } }),
    }
    const error = await refusal(client().call('me'))
    expect(error).toMatchObject({
      code: 'rate_limited',
      message: 'Too many requests; try again in 7 seconds.',
      details: { status: 429, retryAfterMs: 7000 },
    })
  })

  it('says the server cannot be reached when nobody listens', async () => {
    const error = await refusal(new ServerClient({ baseUrl: 'http://127.0.0.1:9', token: 't' }).call('me'))
    expect(error.code).toBe('network')
    expect(error.message).toBe(
      'Cannot reach the sync server at http://127.0.0.1:9. Keep working: changes are kept on this device and sync when it is back.',
    )
  })
})
