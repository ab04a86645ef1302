/** Compaction: the log is trimmed, old cursors get a reset with a snapshot, deleted rows are purged for good. */
import { and, eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changeLog, fieldValues, posts } from '../../sync-server/db/schema'
import { compactAll, compactOrg } from '../../sync-server/sync/compaction'
import { pullResponseSchema, type PullResponse } from '../../src-shared/sync/protocol'
import { draftPostOps, FakeDevice } from '../helpers/sync-device'
import { createTeam, DAY_MS, startTestServer, type TestServer } from '../helpers/sync-server'

let server: TestServer
beforeAll(async () => {
  // Sessions outlive the 40 days one test moves the clock by.
  server = await startTestServer({ env: { SESSION_TTL_DAYS: '365' } })
})
afterAll(() => server?.close())

async function pullAll(device: FakeDevice, since: number): Promise<PullResponse> {
  return pullResponseSchema.parse((await device.pull(since)).body)
}

describe('compaction', () => {
  it('answers a cursor behind the horizon with a reset: a snapshot of every field, and the newest cursor', async () => {
    const team = await createTeam(server)
    const device = new FakeDevice(server, team.owner.token, team.orgId)
    const postId = uuidv7()
    await device.push([device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'first', postId))])
    const edited = await device.push([
      device.mutation([{ table: 'posts', rowId: postId, field: 'tags', value: ['second'] }]),
    ])
    const cursor = edited.body.cursor as number

    const result = await compactOrg(server.database.db, team.orgId, cursor - 1)
    expect(result).toMatchObject({ horizonSeq: cursor - 1, deletedEntries: cursor - 1 })

    const stale = await pullAll(device, 0)
    if (stale.kind !== 'reset') throw new Error(`expected a reset, got ${stale.kind}`)
    expect(stale.cursor).toBe(cursor)
    const stored = await server.database.db.select().from(fieldValues).where(eq(fieldValues.scopeId, team.orgId))
    expect(stale.snapshot).toHaveLength(stored.length)
    expect(stale.snapshot).toContainEqual(
      expect.objectContaining({ table: 'posts', rowId: postId, field: 'tags', value: ['second'] }),
    )

    // A cursor at the horizon still gets plain changes.
    const current = await pullAll(device, cursor - 1)
    expect(current).toMatchObject({ kind: 'changes', cursor, hasMore: false })
  })

  it('answers a cursor ahead of the log (a server restored from backup) with a reset', async () => {
    const team = await createTeam(server)
    const device = new FakeDevice(server, team.owner.token, team.orgId)
    const answer = await pullAll(device, 1000)
    expect(answer).toMatchObject({ kind: 'reset', cursor: 1 })
  })

  it('purges rows deleted before the horizon, and a late edit does not bring them back', async () => {
    const team = await createTeam(server)
    const device = new FakeDevice(server, team.owner.token, team.orgId)
    const kept = uuidv7()
    const doomed = uuidv7()
    await device.push([
      device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'kept', kept)),
      device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'doomed', doomed)),
    ])
    // An offline device edits the doomed post before it is deleted, and pushes much later.
    const offline = new FakeDevice(server, team.owner.token, team.orgId)
    const lateEdit = offline.mutation([{ table: 'posts', rowId: doomed, field: 'tags', value: ['edited offline'] }])
    server.clock.advance(1000)
    const deleted = await device.push([
      device.mutation([{ table: 'posts', rowId: doomed, field: 'deleted_at', value: '2026-03-01T09:00:01.000Z' }]),
    ])

    const result = await compactOrg(server.database.db, team.orgId, deleted.body.cursor)
    expect(result.purgedRows).toBe(1)
    const rows = await server.database.db.select({ id: posts.id }).from(posts).where(eq(posts.orgId, team.orgId))
    expect(rows).toEqual([{ id: kept }])
    const snapshot = await pullAll(device, 0)
    if (snapshot.kind !== 'reset') throw new Error('expected a reset')
    expect(snapshot.snapshot.some((op) => op.rowId === doomed)).toBe(false)

    const late = await offline.push([lateEdit])
    expect(late.body.results[0].status).toBe('applied')
    const after = await server.database.db
      .select()
      .from(fieldValues)
      .where(and(eq(fieldValues.scopeId, team.orgId), eq(fieldValues.rowId, doomed)))
    expect(after).toEqual([])
    expect(late.body.cursor).toBe(deleted.body.cursor)
  })

  it('keeps memberships of people who left, since they are the record of who belongs', async () => {
    const team = await createTeam(server, ['editor'])
    await server.call('DELETE', `/v1/orgs/${team.orgId}/members/${team.members.editor!.user.id}`, {
      token: team.owner.token,
    })
    const device = new FakeDevice(server, team.owner.token, team.orgId)
    const { cursor } = (await pullAll(device, 0)) as { cursor: number }
    expect((await compactOrg(server.database.db, team.orgId, cursor)).purgedRows).toBe(0)
    const members = await server.database.db
      .select()
      .from(fieldValues)
      .where(and(eq(fieldValues.scopeId, team.orgId), eq(fieldValues.tableName, 'memberships')))
    expect(new Set(members.map((m) => m.rowId)).size).toBe(2)
  })

  it('compacts on its own the entries older than COMPACT_AFTER_DAYS, and only those', async () => {
    const team = await createTeam(server)
    const device = new FakeDevice(server, team.owner.token, team.orgId)
    const old = await device.push([device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'old'))])
    server.clock.advance(40 * DAY_MS)
    const fresh = await device.push([device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'fresh'))])

    const results = await compactAll(server.database.db, server.clock.now(), 30)
    expect(results.get(`org:${team.orgId}`)).toMatchObject({ horizonSeq: old.body.cursor })
    const left = await server.database.db
      .select({ seq: changeLog.seq })
      .from(changeLog)
      .where(eq(changeLog.scopeId, team.orgId))
    expect(left).toEqual([{ seq: fresh.body.cursor }])
  })
})
