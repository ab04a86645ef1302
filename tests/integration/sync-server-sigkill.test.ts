/**
 * The fault test for the server: the sync server, a process of its
 * own, killed with SIGKILL while pushes stream in, on PGlite (a data folder)
 * and on PostgreSQL. After a restart on the same data, every push it had
 * answered 2xx is there in full; a resend of everything (what outboxes do
 * after a lost answer) is deduplicated by mutation id, so each mutation is in
 * the change log exactly once. A real desktop whose push answer is lost to
 * the kill converges after the restart, with nothing twice.
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeHlc, tickHlc, type Hlc } from '../../src-shared/sync/hlc'
import type { ClientMutation, SyncOp } from '../../src-shared/sync/ops'
import {
  PROTOCOL_VERSION,
  pullResponseSchema,
  pushResponseSchema,
  SCHEMA_VERSION,
} from '../../src-shared/sync/protocol'
import { openDatabase } from '../../sync-server/db/open'
import { startTestCore } from '../helpers/core'
import { createPostgresDatabase, freshPgliteDir } from '../helpers/databases'
import { callProcess, startServerProcess, type ServerProcess } from '../helpers/server-process'
import { draftPostOps, type OpInput } from '../helpers/sync-device'
import { uniqueEmail } from '../helpers/sync-server'
import { startTcpProxy } from '../helpers/tcp-proxy'

const CLIENTS = 4
const PER_CLIENT = 40
/** Acknowledged pushes before the kill: well inside the stream, so pushes are in flight when it lands. */
const KILL_AFTER = 50

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
}, 30_000)

interface Storage {
  env: Record<string, string>
  config: { dataDir: string; databaseUrl: string | undefined }
}

async function freshStorage(kind: 'pglite' | 'postgres'): Promise<Storage> {
  const common = { RATE_LIMIT_PER_MINUTE: '1000000', SERVER_PUBLISHING: 'false' }
  if (kind === 'pglite') {
    const dataDir = await freshPgliteDir()
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    return { env: { ...common, DATA_DIR: dataDir }, config: { dataDir, databaseUrl: undefined } }
  }
  const fresh = await createPostgresDatabase()
  cleanups.push(() => fresh.drop())
  return {
    env: { ...common, DATABASE_URL: fresh.url, SERVER_SECRET_KEY: randomBytes(32).toString('base64') },
    config: { dataDir: '', databaseUrl: fresh.url },
  }
}

async function start(storage: Storage): Promise<ServerProcess> {
  const server = await startServerProcess(storage.env)
  cleanups.push(() => server.kill())
  return server
}

const call = callProcess

async function ownerAndOrg(base: string) {
  const password = 'correct horse battery'
  const signup = await call(base, 'POST', '/v1/auth/signup', undefined, {
    name: 'Olga',
    email: uniqueEmail('olga'),
    password,
  })
  expect(signup.status).toBe(201)
  const orgId = uuidv7()
  const created = await call(base, 'POST', '/v1/orgs', signup.body.token, { id: orgId, name: 'Acme', timezone: 'UTC' })
  expect(created.status).toBe(201)
  return { token: signup.body.token as string, userId: signup.body.user.id as string, orgId }
}

/** Every change in the organization's log, oldest first, page by page. */
async function pullAll(base: string, token: string, orgId: string) {
  const changes: { seq: number; ops: SyncOp[] }[] = []
  let since = 0
  for (;;) {
    const answer = await call(base, 'GET', `/v1/orgs/${orgId}/pull?since=${since}`, token)
    expect(answer.status).toBe(200)
    const pulled = pullResponseSchema.parse(answer.body)
    if (pulled.kind !== 'changes') throw new Error('expected changes, got a reset')
    changes.push(...pulled.changes)
    since = pulled.cursor
    if (!pulled.hasMore) return changes
  }
}

const opKey = (op: SyncOp) => `${op.table}|${op.rowId}|${op.field}|${op.hlc}`
const fieldKey = (op: SyncOp) => `${op.table}|${op.rowId}|${op.field}`

/** Each client's mutations, made up front: a new draft, and every third one an edit of the client's last draft. */
function plan(orgId: string, userId: string) {
  return Array.from({ length: CLIENTS }, (_, c) => {
    const clientId = uuidv7()
    let clock: Hlc | null = null
    let lastPost = ''
    const mutations: ClientMutation[] = []
    for (let k = 1; k <= PER_CLIENT; k++) {
      let ops: OpInput[]
      if (k % 3 === 0) {
        ops = [
          { table: 'posts', rowId: lastPost, field: 'tags', value: [`edit-${c}-${k}`] },
          {
            table: 'posts',
            rowId: lastPost,
            field: 'updated_at',
            value: `2026-03-01T10:00:${String(k).padStart(2, '0')}.000Z`,
          },
        ]
      } else {
        lastPost = uuidv7()
        ops = draftPostOps(orgId, userId, `Client ${c}, mutation ${k}`, lastPost)
      }
      clock = tickHlc(clock, Date.now(), clientId)
      const hlc = encodeHlc(clock)
      mutations.push({ clientId, mutationId: k, schemaVersion: SCHEMA_VERSION, ops: ops.map((op) => ({ ...op, hlc })) })
    }
    return { clientId, mutations }
  })
}

/** Pushes a client's mutations one request each, in order, until one gets no answer; answers the acknowledged ids. */
async function pushUntilCut(
  base: string,
  token: string,
  orgId: string,
  mutations: ClientMutation[],
  onAck: () => void,
) {
  const acked: number[] = []
  for (const mutation of mutations) {
    let answer
    try {
      answer = await call(base, 'POST', `/v1/orgs/${orgId}/push`, token, {
        protocolVersion: PROTOCOL_VERSION,
        mutations: [mutation],
      })
    } catch {
      // The server died under this request: its fate is unknown, so the outbox keeps it.
      return acked
    }
    if (answer.status !== 200) throw new Error(`push answered ${answer.status}: ${JSON.stringify(answer.body)}`)
    expect(pushResponseSchema.parse(answer.body).results).toEqual([
      { mutationId: mutation.mutationId, status: 'applied' },
    ])
    acked.push(mutation.mutationId)
    onAck()
  }
  return acked
}

/** Opens the server's database in this process (the server is stopped) and runs `query`. */
async function inDatabase<T>(
  storage: Storage,
  query: (run: (q: ReturnType<typeof sql>) => Promise<Record<string, unknown>[]>) => Promise<T>,
) {
  const database = await openDatabase(storage.config)
  try {
    // PGlite and node-postgres both answer { rows }; Drizzle's shared type does not say so.
    return await query(
      async (q) => ((await database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows,
    )
  } finally {
    await database.close()
  }
}

describe.each(['pglite', 'postgres'] as const)('the sync server killed with SIGKILL mid-push, on %s', (kind) => {
  it('keeps every acknowledged mutation and applies a full resend exactly once', async () => {
    const storage = await freshStorage(kind)
    const first = await start(storage)
    const { token, userId, orgId } = await ownerAndOrg(first.url)
    const clients = plan(orgId, userId)

    let acknowledged = 0
    const acked = await Promise.all(
      clients.map((client) =>
        pushUntilCut(first.url, token, orgId, client.mutations, () => {
          acknowledged += 1
          if (acknowledged === KILL_AFTER) first.child.kill('SIGKILL')
        }),
      ),
    )
    await first.exited
    expect(first.child.signalCode).toBe('SIGKILL')
    // The kill landed mid-stream: some pushes were answered, and not all of them.
    const ackedCount = acked.reduce((n, ids) => n + ids.length, 0)
    expect(ackedCount).toBeGreaterThanOrEqual(KILL_AFTER)
    expect(ackedCount).toBeLessThan(CLIENTS * PER_CLIENT)

    // Restarted on the same data (a PGlite folder must reopen after the kill).
    const second = await start(storage)
    const before = await pullAll(second.url, token, orgId)
    const logged = new Map(before.flatMap((change) => change.ops.map((op) => [opKey(op), op.value] as const)))
    clients.forEach((client, c) => {
      for (const id of acked[c]!) {
        for (const op of client.mutations[id - 1]!.ops) expect(logged.get(opKey(op)), opKey(op)).toEqual(op.value)
      }
    })

    // Every client resends its whole outbox, acknowledged or not, as after a lost answer.
    for (const [c, client] of clients.entries()) {
      const answer = await call(second.url, 'POST', `/v1/orgs/${orgId}/push`, token, {
        protocolVersion: PROTOCOL_VERSION,
        mutations: client.mutations,
      })
      expect(answer.status).toBe(200)
      const results = pushResponseSchema.parse(answer.body).results
      expect(results.map((r) => r.mutationId)).toEqual(client.mutations.map((m) => m.mutationId))
      const duplicates = results.filter((r) => r.status === 'duplicate').map((r) => r.mutationId)
      expect(results.every((r) => r.status === 'duplicate' || r.status === 'applied')).toBe(true)
      // The acknowledged ones, and at most the one whose answer the kill cut off.
      expect(duplicates.slice(0, acked[c]!.length)).toEqual(acked[c])
      expect(duplicates.length - acked[c]!.length).toBeLessThanOrEqual(1)
      expect(duplicates).toEqual(client.mutations.slice(0, duplicates.length).map((m) => m.mutationId))
    }

    // Each op once in the log, and the fields hold the last value written.
    const after = await pullAll(second.url, token, orgId)
    const counts = new Map<string, number>()
    const state = new Map<string, unknown>()
    for (const op of after.flatMap((change) => change.ops)) {
      counts.set(opKey(op), (counts.get(opKey(op)) ?? 0) + 1)
      state.set(fieldKey(op), op.value)
    }
    const expected = new Map<string, unknown>()
    const sent = clients.flatMap((client) => client.mutations.flatMap((m) => m.ops))
    for (const op of sent) {
      expect(counts.get(opKey(op)), opKey(op)).toBe(1)
      expected.set(fieldKey(op), op.value)
    }
    for (const [key, value] of expected) expect(state.get(key), key).toEqual(value)
    await second.stop()

    // The server's own records agree: one change-log entry per mutation, each cursor at the last.
    const ids = clients.map((client) => client.clientId)
    const { entries, cursors, posts } = await inDatabase(storage, async (run) => ({
      entries: await run(sql`select client_id, mutation_id, count(*)::int as n from change_log
        where org_id = ${orgId} and mutation_id is not null group by client_id, mutation_id`),
      cursors: await run(sql`select client_id, last_mutation_id from client_cursors where org_id = ${orgId}`),
      posts: await run(sql`select count(distinct row_id)::int as n from field_values
        where org_id = ${orgId} and table_name = 'posts'`),
    }))
    const ours = entries.filter((row) => ids.includes(String(row.client_id)))
    expect(ours).toHaveLength(CLIENTS * PER_CLIENT)
    expect(ours.every((row) => row.n === 1)).toBe(true)
    expect(cursors.map((row) => [row.client_id, Number(row.last_mutation_id)]).sort()).toEqual(
      ids.map((id) => [id, PER_CLIENT]).sort(),
    )
    const drafts = clients.flatMap((client) => client.mutations.filter((m) => m.ops.some((op) => op.field === 'id')))
    expect(posts).toEqual([{ n: drafts.length }])
  }, 150_000)

  it('lets a desktop whose push answer the kill cut off converge after the restart, with nothing twice', async () => {
    const storage = await freshStorage(kind)
    const first = await start(storage)
    // The desktop keeps one server address; the proxy behind it follows the server across the restart.
    const proxy = await startTcpProxy(first.url)
    cleanups.push(() => proxy.close())
    const core = startTestCore(undefined, { sync: { live: false } })
    cleanups.push(() => core.dispose())
    const email = uniqueEmail('ana')
    await core.ok('createProfile', { name: 'Ana', email })
    await core.ok('connectServer', { serverUrl: proxy.url, email, password: 'correct horse battery', mode: 'signup' })
    const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    await core.ok('attachOrganization', { orgId: org.id })
    expect((await core.ok('syncNow', { orgId: org.id })).pending).toBe(0)

    // The next push the server answers has committed; it dies before the desktop hears so.
    let cut = false
    proxy.onPushAnswer = () => {
      proxy.onPushAnswer = null
      first.child.kill('SIGKILL')
      cut = true
      return true
    }
    const captions = Array.from({ length: 25 }, (_, i) => `Draft ${i + 1}`)
    for (const caption of captions.slice(0, 20)) await core.ok('createDraft', { orgId: org.id, caption })
    // Each write kicks a round; this one waits for them (it fails: the server is gone).
    await core.ok('syncNow', { orgId: org.id })
    await first.exited
    expect(cut).toBe(true)
    // Written while the server is down: the outbox holds these and the push whose answer was lost.
    for (const caption of captions.slice(20)) await core.ok('createDraft', { orgId: org.id, caption })
    expect((await core.ok('syncNow', { orgId: org.id })).pending).toBeGreaterThan(0)

    const second = await start(storage)
    proxy.target = second.url
    proxy.dropAll()
    let status = await core.ok('syncNow', { orgId: org.id })
    for (let round = 0; round < 5 && (status.state !== 'idle' || status.pending > 0); round++) {
      status = await core.ok('syncNow', { orgId: org.id })
    }
    expect(status).toMatchObject({ state: 'idle', pending: 0 })
    const listed = await core.ok('listPosts', { orgId: org.id })
    expect(listed.map((post) => post.caption).sort()).toEqual([...captions].sort())
    await second.stop()

    // On the server: each mutation once, each caption update once (a second apply would log it again).
    const { entries, captionOps, posts } = await inDatabase(storage, async (run) => ({
      entries: await run(sql`select client_id, mutation_id, count(*)::int as n from change_log
        where org_id = ${org.id} and mutation_id is not null group by client_id, mutation_id`),
      captionOps: await run(sql`select op->>'rowId' as row_id, count(*)::int as n
        from change_log, jsonb_array_elements(ops) as op
        where org_id = ${org.id} and op->>'table' = 'posts' and op->>'field' = 'caption' group by 1`),
      posts: await run(sql`select count(distinct row_id)::int as n from field_values
        where org_id = ${org.id} and table_name = 'posts'`),
    }))
    expect(entries.length).toBeGreaterThanOrEqual(captions.length)
    expect(entries.filter((row) => row.n !== 1)).toEqual([])
    expect(captionOps.map((row) => row.row_id).sort()).toEqual(listed.map((post) => post.id).sort())
    expect(captionOps.filter((row) => row.n !== 1)).toEqual([])
    expect(posts).toEqual([{ n: captions.length }])
  }, 150_000)
})
