/**
 * Past one machine: two real sync-server processes (npm run server's
 * command) on one fresh PostgreSQL database. A change pushed through
 * process A pokes a websocket client of process B, and B serves it on pull.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeHlc } from '../../src-shared/sync/hlc'
import { pullResponseSchema } from '../../src-shared/sync/protocol'
import { createPostgresDatabase, type FreshPostgres } from '../helpers/databases'
import { LiveSocket } from '../helpers/live-socket'
import { callProcess, startServerProcess, type ServerProcess } from '../helpers/server-process'
import { draftPostOps } from '../helpers/sync-device'
import { uniqueEmail } from '../helpers/sync-server'

const startServer = (databaseUrl: string) => startServerProcess({ DATABASE_URL: databaseUrl })
const call = callProcess

let database: FreshPostgres
let a: ServerProcess
let b: ServerProcess

beforeAll(async () => {
  database = await createPostgresDatabase()
  // Started together: they also race to migrate the fresh database.
  ;[a, b] = await Promise.all([startServer(database.url), startServer(database.url)])
}, 180_000)

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await database?.drop()
}, 60_000)

describe('two server processes on one PostgreSQL', () => {
  it('pokes a client of process B about a push made through process A, and B serves the change', async () => {
    expect(a.url).not.toBe(b.url)
    expect((await call(b.url, 'GET', '/healthz')).body).toEqual({ ok: true, database: 'postgres' })

    const password = 'correct horse battery'
    const owner = (
      await call(a.url, 'POST', '/v1/auth/signup', undefined, { name: 'Olga', email: uniqueEmail('olga'), password })
    ).body
    const editorEmail = uniqueEmail('ed')
    await call(a.url, 'POST', '/v1/auth/signup', undefined, { name: 'Ed', email: editorEmail, password })
    const orgId = uuidv7()
    expect(
      (await call(a.url, 'POST', '/v1/orgs', owner.token, { id: orgId, name: 'Acme', timezone: 'UTC' })).status,
    ).toBe(201)
    const invitation = await call(a.url, 'POST', `/v1/orgs/${orgId}/invitations`, owner.token, { role: 'editor' })

    // The editor works through process B only.
    const editor = (await call(b.url, 'POST', '/v1/auth/signin', undefined, { email: editorEmail, password })).body
    expect(
      (await call(b.url, 'POST', '/v1/invitations/accept', editor.token, { code: invitation.body.code })).status,
    ).toBe(200)
    const live = await LiveSocket.connect(b.url, editor.token)
    expect(await live.next((m) => m.type === 'hello')).toEqual({ type: 'hello', orgIds: [orgId] })

    const clientId = uuidv7()
    const hlc = encodeHlc({ wallMs: Date.now(), counter: 0, node: clientId })
    const ops = draftPostOps(orgId, owner.user.id, 'Pushed through A').map((op) => ({ ...op, hlc }))
    const pushed = await call(a.url, 'POST', `/v1/orgs/${orgId}/push`, owner.token, {
      protocolVersion: 1,
      mutations: [{ clientId, mutationId: 1, schemaVersion: 1, ops }],
    })
    expect(pushed.status).toBe(200)
    expect(pushed.body.results).toEqual([{ mutationId: 1, status: 'applied' }])

    const poke = await live.next((m) => m.type === 'poke' && m.seq === pushed.body.cursor, 20_000)
    expect(poke).toEqual({ type: 'poke', orgId, seq: pushed.body.cursor })

    const pulled = pullResponseSchema.parse(
      (await call(b.url, 'GET', `/v1/orgs/${orgId}/pull?since=0`, editor.token)).body,
    )
    if (pulled.kind !== 'changes') throw new Error('expected changes')
    expect(pulled.cursor).toBe(pushed.body.cursor)
    expect(pulled.changes.at(-1)!.ops).toEqual(expect.arrayContaining(ops))
    live.close()
  }, 60_000)
})
