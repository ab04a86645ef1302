/**
 * Push and pull on the real server in-process on PGlite, with mutations
 * shaped exactly like the desktop's outbox entries.
 */
import { and, eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZERO_HLC } from '../../sync-server/sync/server-clock'
import { changeLog, posts } from '../../sync-server/db/schema'
import { pullResponseSchema, pushResponseSchema, syncErrorSchema } from '../../src-shared/sync/protocol'
import { editText, toBase64 } from '../../src-shared/sync/collab-text'
import { captionText, draftPostOps, FakeDevice, scheduleOps } from '../helpers/sync-device'
import { createTeam, DAY_MS, startTestServer, type TestServer } from '../helpers/sync-server'

const MINUTE = 60 * 1000

// The same behaviour on embedded PGlite and on PostgreSQL (node-postgres, real concurrency).
describe.each(['pglite', 'postgres'] as const)('on %s', (kind) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ kind })
  })
  afterAll(() => server?.close())

  describe('push and pull', () => {
    it('round-trips a desktop outbox entry to another member, and into the posts table', async () => {
      const team = await createTeam(server, ['editor'])
      const laptop = new FakeDevice(server, team.owner.token, team.orgId)
      const postId = uuidv7()
      const mutation = laptop.mutation(draftPostOps(team.orgId, team.owner.user.id, 'Fresh beans today', postId))

      const pushed = await laptop.push([mutation])
      expect(pushed.status).toBe(200)
      const response = pushResponseSchema.parse(pushed.body)
      expect(response.results).toEqual([{ mutationId: 1, status: 'applied' }])

      const phone = new FakeDevice(server, team.members.editor!.token, team.orgId)
      const pulled = pullResponseSchema.parse((await phone.pull(0)).body)
      if (pulled.kind !== 'changes') throw new Error('expected changes')
      expect(pulled.cursor).toBe(response.cursor)
      expect(pulled.hasMore).toBe(false)
      const last = pulled.changes.at(-1)!
      expect(last.seq).toBe(response.cursor)
      expect(last.ops).toEqual(expect.arrayContaining(mutation.ops))
      expect(last.ops).toHaveLength(mutation.ops.length)

      const [row] = await server.database.db
        .select()
        .from(posts)
        .where(and(eq(posts.orgId, team.orgId), eq(posts.id, postId)))
      expect(row).toMatchObject({ caption: 'Fresh beans today', status: 'draft', tags: ['launch'], mediaUrls: [] })
    })

    it('merges per field, last writer by clock wins, whatever order the pushes arrive in', async () => {
      const team = await createTeam(server, ['editor'])
      const a = new FakeDevice(server, team.owner.token, team.orgId)
      const b = new FakeDevice(server, team.members.editor!.token, team.orgId)
      const postId = uuidv7()
      await a.push([a.mutation(draftPostOps(team.orgId, team.owner.user.id, 'v0', postId))])

      // A edits the tags first; B edits the tags and the schedule a minute later, offline, and pushes first.
      const early = a.mutation([{ table: 'posts', rowId: postId, field: 'tags', value: ['from A'] }])
      server.clock.advance(MINUTE)
      const later = b.mutation([
        { table: 'posts', rowId: postId, field: 'tags', value: ['from B'] },
        { table: 'posts', rowId: postId, field: 'scheduled_at', value: '2026-03-05T10:00:00.000Z' },
      ])
      const aAssigns = a.mutation([{ table: 'posts', rowId: postId, field: 'assigned_to', value: 'someone' }])
      expect((await b.push([later])).body.results[0].status).toBe('applied')
      const answer = await a.push([early, aAssigns])
      expect(answer.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied'])

      const [row] = await server.database.db
        .select()
        .from(posts)
        .where(and(eq(posts.orgId, team.orgId), eq(posts.id, postId)))
      expect(row).toMatchObject({ tags: ['from B'], scheduledAt: '2026-03-05T10:00:00.000Z', assignedTo: 'someone' })

      // A's losing tags are not in the log: pullers only see what won.
      const log = await server.database.db.select().from(changeLog).where(eq(changeLog.scopeId, team.orgId))
      const tags = log.flatMap((e) => e.ops.filter((op) => op.field === 'tags').map((op) => op.value))
      expect(tags).toEqual([['launch'], ['from B']])
    })

    it('merges concurrent caption edits as text, keeping both people’s words', async () => {
      const team = await createTeam(server, ['editor'])
      const a = new FakeDevice(server, team.owner.token, team.orgId)
      const b = new FakeDevice(server, team.members.editor!.token, team.orgId)
      const postId = uuidv7()
      const created = editText(null, 'Fresh beans')
      await a.push([
        a.mutation(
          draftPostOps(team.orgId, team.owner.user.id, '', postId).map((op) =>
            op.field === 'caption' ? { ...op, value: { yjs: toBase64(created.update) } } : op,
          ),
        ),
      ])
      // Both start from the same text, offline, and edit different ends of it.
      const byA = editText(created.state, 'Fresh beans today').update
      const byB = editText(created.state, 'New: Fresh beans').update
      await b.push([b.mutation([{ table: 'posts', rowId: postId, field: 'caption', value: { yjs: toBase64(byB) } }])])
      await a.push([a.mutation([{ table: 'posts', rowId: postId, field: 'caption', value: { yjs: toBase64(byA) } }])])
      const [row] = await server.database.db
        .select({ caption: posts.caption })
        .from(posts)
        .where(and(eq(posts.orgId, team.orgId), eq(posts.id, postId)))
      expect(row!.caption).toBe('New: Fresh beans today')
    })

    it('acknowledges a replayed mutation as a duplicate and applies it once', async () => {
      const team = await createTeam(server)
      const device = new FakeDevice(server, team.owner.token, team.orgId)
      const mutation = device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'once'))
      const first = await device.push([mutation])
      const again = await device.push([mutation])
      expect(again.status).toBe(200)
      expect(again.body).toEqual({ results: [{ mutationId: 1, status: 'duplicate' }], cursor: first.body.cursor })
    })

    it('refuses a gap in mutation ids with 409 out_of_order, applying nothing of the push', async () => {
      const team = await createTeam(server)
      const device = new FakeDevice(server, team.owner.token, team.orgId)
      const one = device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'one'))
      const two = device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'two'))
      const three = device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'three'))
      const before = await device.pull(0)

      const gap = await device.push([one, three])
      expect(gap.status).toBe(409)
      expect(syncErrorSchema.parse(gap.body).error).toMatchObject({ code: 'out_of_order', expectedMutationId: 1 })
      expect((await device.pull(0)).body).toEqual(before.body)

      const inOrder = await device.push([one, two, three])
      expect(inOrder.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied'])
    })

    it('refuses clocks more than five minutes ahead, naming the skew, and applies nothing', async () => {
      const team = await createTeam(server)
      const fast = new FakeDevice(server, team.owner.token, team.orgId, 7 * MINUTE + 30_000)
      const answer = await fast.push([fast.mutation(draftPostOps(team.orgId, team.owner.user.id, 'from the future'))])
      expect(answer.status).toBe(400)
      const error = syncErrorSchema.parse(answer.body).error
      expect(error).toMatchObject({ code: 'clock_skew', skewMs: 7 * MINUTE + 30_000 })
      expect(error.message).toContain('7 minutes 30 seconds ahead')

      const slightlyFast = new FakeDevice(server, team.owner.token, team.orgId, 4 * MINUTE)
      expect(
        (await slightlyFast.push([slightlyFast.mutation(draftPostOps(team.orgId, team.owner.user.id, 'ok'))])).status,
      ).toBe(200)
    })

    it('refuses unknown tables and fields, still advancing the mutation id', async () => {
      const team = await createTeam(server)
      const device = new FakeDevice(server, team.owner.token, team.orgId)
      const postId = uuidv7()
      const answer = await device.push([
        device.mutation([{ table: 'secrets', rowId: postId, field: 'x', value: 1 }]),
        device.mutation([{ table: 'posts', rowId: postId, field: 'is_admin', value: true }]),
        device.mutation([{ table: 'posts', rowId: postId, field: 'scheduled_at', value: 42 }]),
        device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'fine', postId)),
      ])
      expect(answer.status).toBe(200)
      const [secrets, field, kind, fine] = answer.body.results
      expect(secrets).toMatchObject({ status: 'refused', reason: '"secrets" is not a table of an organization.' })
      expect(secrets.restore).toEqual([])
      expect(field).toMatchObject({ status: 'refused', reason: 'posts has no field "is_admin".' })
      expect(kind).toMatchObject({
        status: 'refused',
        reason: 'posts.scheduled_at must be text.',
        restore: [{ table: 'posts', rowId: postId, field: 'scheduled_at', value: null, hlc: ZERO_HLC }],
      })
      expect(fine).toEqual({ mutationId: 4, status: 'applied' })
    })

    it('refuses rows of another organization without revealing them', async () => {
      const ours = await createTeam(server)
      const theirs = await createTeam(server)
      const theirDevice = new FakeDevice(server, theirs.owner.token, theirs.orgId)
      const postId = uuidv7()
      await theirDevice.push([
        theirDevice.mutation(draftPostOps(theirs.orgId, theirs.owner.user.id, 'private', postId)),
      ])

      const device = new FakeDevice(server, ours.owner.token, ours.orgId)
      const answer = await device.push([
        device.mutation([{ table: 'posts', rowId: postId, field: 'tags', value: ['overwritten?'] }]),
      ])
      expect(answer.body.results[0]).toEqual({
        mutationId: 1,
        status: 'refused',
        reason: `Row "${postId}" of posts belongs to another organization.`,
        restore: [{ table: 'posts', rowId: postId, field: 'tags', value: null, hlc: ZERO_HLC }],
      })
      const [row] = await server.database.db.select().from(posts).where(eq(posts.id, postId))
      expect(row).toMatchObject({ caption: 'private', tags: ['launch'] })

      const wrongOrgId = await device.push([
        device.mutation([{ table: 'posts', rowId: uuidv7(), field: 'org_id', value: theirs.orgId }]),
      ])
      expect(wrongOrgId.body.results[0].reason).toBe("posts.org_id must be this organization's id.")
    })

    it('answers 403 not_a_member to push and pull from a member removed a moment ago', async () => {
      const team = await createTeam(server, ['editor'])
      const device = new FakeDevice(server, team.members.editor!.token, team.orgId)
      await device.push([device.mutation(draftPostOps(team.orgId, team.members.editor!.user.id, 'before'))])
      await server.call('DELETE', `/v1/orgs/${team.orgId}/members/${team.members.editor!.user.id}`, {
        token: team.owner.token,
      })
      const pushed = await device.push([
        device.mutation(draftPostOps(team.orgId, team.members.editor!.user.id, 'after')),
      ])
      expect(pushed.status).toBe(403)
      expect(pushed.body.error.code).toBe('not_a_member')
      const pulled = await device.pull(0)
      expect(pulled.status).toBe(403)
      expect(pulled.body.error.code).toBe('not_a_member')
    })

    it('answers 404 for an organization that is not on the server, and 401 for an expired session', async () => {
      const team = await createTeam(server)
      const stranger = new FakeDevice(server, team.owner.token, uuidv7())
      const unknown = await stranger.pull(0)
      expect(unknown.status).toBe(404)
      expect(unknown.body.error.message).toMatch(/attach it first/)

      const device = new FakeDevice(server, team.owner.token, team.orgId)
      server.clock.advance(31 * DAY_MS)
      const expired = await device.push([device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'late'))])
      expect(expired.status).toBe(401)
      expect(expired.body.error.message).toMatch(/expired/)
    })

    it('refuses a push that does not follow the protocol, naming the field', async () => {
      const team = await createTeam(server)
      const device = new FakeDevice(server, team.owner.token, team.orgId)
      const mutation = device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'x'))
      const noVersion = await server.call('POST', `/v1/orgs/${team.orgId}/push`, {
        token: team.owner.token,
        body: { mutations: [mutation] },
      })
      expect(noVersion.status).toBe(400)
      expect(noVersion.body.error).toMatchObject({ code: 'invalid_request', field: 'protocolVersion' })

      const badClock = await device.push([{ ...mutation, ops: [{ ...mutation.ops[0]!, hlc: 'yesterday' }] }])
      expect(badClock.body.error).toMatchObject({ code: 'invalid_request', field: 'mutations.0.ops.0.hlc' })

      const newer = await device.push([{ ...mutation, schemaVersion: 99 }])
      expect(newer.body.error).toMatchObject({ code: 'invalid_request', acceptedSchemaVersions: [1] })

      const badQuery = await device.pull(-1)
      expect(badQuery.body.error).toMatchObject({ code: 'invalid_request', field: 'since' })
    })

    it('refuses a client id that belongs to another person', async () => {
      const team = await createTeam(server, ['editor'])
      const mine = new FakeDevice(server, team.owner.token, team.orgId)
      await mine.push([mine.mutation(draftPostOps(team.orgId, team.owner.user.id, 'mine'))])
      const answer = await server.call('POST', `/v1/orgs/${team.orgId}/push`, {
        token: team.members.editor!.token,
        body: { protocolVersion: 1, mutations: [{ ...mine.mutation(draftPostOps(team.orgId, 'x', 'y')) }] },
      })
      expect(answer.status).toBe(403)
      expect(answer.body.error.code).toBe('forbidden')
    })

    it('pages through the change log with hasMore and the cursor', async () => {
      const team = await createTeam(server)
      const device = new FakeDevice(server, team.owner.token, team.orgId)
      const captions = ['a', 'b', 'c', 'd', 'e']
      await device.push(captions.map((c) => device.mutation(draftPostOps(team.orgId, team.owner.user.id, c))))

      const seen: string[] = []
      let cursor = 0
      const pages: boolean[] = []
      for (let page = 0; page < 10; page++) {
        const answer = pullResponseSchema.parse((await device.pull(cursor, 2)).body)
        if (answer.kind !== 'changes') throw new Error('expected changes')
        for (const change of answer.changes) {
          seen.push(...change.ops.filter((op) => op.field === 'caption').map((op) => captionText(op.value)))
        }
        expect(answer.cursor).toBeGreaterThanOrEqual(cursor)
        cursor = answer.cursor
        pages.push(answer.hasMore)
        if (!answer.hasMore) break
      }
      expect(seen).toEqual(captions)
      // One entry for the attach, five for the posts: three pages of two.
      expect(pages).toEqual([true, true, false])
      const empty = await device.pull(cursor)
      expect(empty.body).toEqual({ kind: 'changes', changes: [], cursor, hasMore: false })
    })
  })

  describe('roles', () => {
    it('refuses everything from a viewer, with the server values to restore', async () => {
      const team = await createTeam(server, ['viewer'])
      const owner = new FakeDevice(server, team.owner.token, team.orgId)
      const postId = uuidv7()
      const created = owner.mutation(draftPostOps(team.orgId, team.owner.user.id, 'Original', postId))
      await owner.push([created])
      const viewer = new FakeDevice(server, team.members.viewer!.token, team.orgId)
      const answer = await viewer.push([
        viewer.mutation([{ table: 'posts', rowId: postId, field: 'tags', value: ['vandalised'] }]),
        viewer.mutation([{ table: 'posts', rowId: postId, field: 'tags', value: ['again'] }]),
      ])
      expect(answer.body.results).toEqual([
        {
          mutationId: 1,
          status: 'refused',
          reason: 'A viewer cannot change posts.',
          restore: [{ table: 'posts', rowId: postId, field: 'tags', value: ['launch'], hlc: created.ops[0]!.hlc }],
        },
        expect.objectContaining({ mutationId: 2, status: 'refused' }),
      ])
      // The refused ids count: the viewer's next mutation is 3.
      const next = await viewer.push([
        viewer.mutation([{ table: 'posts', rowId: postId, field: 'tags', value: ['!'] }]),
      ])
      expect(next.body.results[0].mutationId).toBe(3)
    })

    it('lets a contributor draft but not schedule; an editor can schedule', async () => {
      const team = await createTeam(server, ['contributor', 'editor'])
      const contributor = new FakeDevice(server, team.members.contributor!.token, team.orgId)
      const postId = uuidv7()
      const draft = await contributor.push([
        contributor.mutation(draftPostOps(team.orgId, team.members.contributor!.user.id, 'Please approve', postId)),
      ])
      expect(draft.body.results[0].status).toBe('applied')

      const schedule = [
        { table: 'posts', rowId: postId, field: 'status', value: 'scheduled' },
        { table: 'posts', rowId: postId, field: 'scheduled_at', value: '2026-03-02T09:00:00.000Z' },
      ]
      const refused = await contributor.push([contributor.mutation(schedule)])
      expect(refused.body.results[0]).toMatchObject({
        status: 'refused',
        reason: 'A contributor cannot change posts to "scheduled".',
        restore: [
          { table: 'posts', rowId: postId, field: 'status', value: 'draft' },
          { table: 'posts', rowId: postId, field: 'scheduled_at', value: null },
        ],
      })
      const asksForApproval = await contributor.push([
        contributor.mutation([{ table: 'posts', rowId: postId, field: 'status', value: 'needs_approval' }]),
      ])
      expect(asksForApproval.body.results[0].status).toBe('applied')

      // The editor approves a little later (its clock is past the contributor's edits).
      server.clock.advance(1000)
      const editor = new FakeDevice(server, team.members.editor!.token, team.orgId)
      const scheduled = await editor.push([editor.mutation(schedule)])
      expect(scheduled.body.results[0].status).toBe('applied')
      const [row] = await server.database.db
        .select()
        .from(posts)
        .where(and(eq(posts.orgId, team.orgId), eq(posts.id, postId)))
      expect(row).toMatchObject({ status: 'scheduled', scheduledAt: '2026-03-02T09:00:00.000Z' })
    })

    it('lets a contributor delete only the posts they wrote; an editor deletes any', async () => {
      const team = await createTeam(server, ['contributor', 'editor'])
      const contributor = new FakeDevice(server, team.members.contributor!.token, team.orgId)
      const editor = new FakeDevice(server, team.members.editor!.token, team.orgId)
      const theirs = uuidv7()
      const mine = uuidv7()
      await editor.push([editor.mutation(draftPostOps(team.orgId, team.members.editor!.user.id, 'Editor’s', theirs))])
      await contributor.push([
        contributor.mutation(draftPostOps(team.orgId, team.members.contributor!.user.id, 'Mine', mine)),
      ])
      server.clock.advance(1000)
      const deleted = '2026-03-01T10:00:00.000Z'
      const answer = await contributor.push([
        contributor.mutation([{ table: 'posts', rowId: theirs, field: 'deleted_at', value: deleted }]),
        contributor.mutation([{ table: 'posts', rowId: mine, field: 'deleted_at', value: deleted }]),
      ])
      expect(answer.body.results[0]).toMatchObject({
        status: 'refused',
        reason: 'A contributor can delete only the posts they wrote; ask an editor, admin or owner.',
        restore: [{ table: 'posts', rowId: theirs, field: 'deleted_at', value: null }],
      })
      expect(answer.body.results[1].status).toBe('applied')
      server.clock.advance(1000)
      const byEditor = await editor.push([
        editor.mutation([{ table: 'posts', rowId: theirs, field: 'deleted_at', value: deleted }]),
      ])
      expect(byEditor.body.results[0].status).toBe('applied')
      const rows = await server.database.db.select().from(posts).where(eq(posts.orgId, team.orgId))
      expect(rows.map((r) => [r.id, r.deletedAt]).sort()).toEqual(
        [
          [theirs, deleted],
          [mine, deleted],
        ].sort(),
      )
    })

    it('refuses deleting a post while it is going out, for any role, as the desktop does (one shared rule)', async () => {
      const team = await createTeam(server, ['editor'])
      const editor = new FakeDevice(server, team.members.editor!.token, team.orgId)
      const postId = uuidv7()
      await editor.push([editor.mutation(draftPostOps(team.orgId, team.members.editor!.user.id, 'Going out', postId))])
      server.clock.advance(1000)
      // The way out, as the editor's desktop takes it: scheduled with a job, the job's lease, then publishing.
      const jobId = uuidv7()
      const runAt = server.clock.now().toISOString()
      expect(
        (await editor.push([editor.mutation(scheduleOps(team.orgId, postId, runAt, jobId))])).body.results[0],
      ).toEqual({ mutationId: 2, status: 'applied' })
      expect((await editor.takeLease(jobId)).status).toBe(200)
      const claim = await editor.push([
        editor.mutation([{ table: 'posts', rowId: postId, field: 'status', value: 'publishing' }]),
      ])
      expect(claim.body.results[0].status).toBe('applied')
      server.clock.advance(1000)
      const deleted = '2026-03-01T10:00:00.000Z'
      const del = () => editor.mutation([{ table: 'posts', rowId: postId, field: 'deleted_at', value: deleted }])
      const refused = await editor.push([del()])
      expect(refused.body.results[0]).toMatchObject({
        status: 'refused',
        reason: 'This post is being published right now; delete it once it is out.',
      })
      server.clock.advance(1000)
      const result = await editor.push([
        editor.mutation([{ table: 'posts', rowId: postId, field: 'status', value: 'published' }]),
      ])
      expect(result.body.results[0].status).toBe('applied')
      server.clock.advance(1000)
      expect((await editor.push([del()])).body.results[0].status).toBe('applied')
      const [row] = await server.database.db.select().from(posts).where(eq(posts.id, postId))
      expect(row?.deletedAt).toBe(deleted)
    })

    it('accepts the desktop’s own copy of the org and owner membership, but not a role change by sync', async () => {
      const owner = await server.signup('Olga')
      const orgId = uuidv7()
      const membershipId = uuidv7()
      await server.call('POST', '/v1/orgs', {
        token: owner.token,
        body: { id: orgId, name: 'Acme', timezone: 'UTC', membershipId, createdAt: '2026-02-01T10:00:00.000Z' },
      })
      const device = new FakeDevice(server, owner.token, orgId)
      const created = '2026-02-01T10:00:00.000Z'
      const upload = device.mutation([
        ...Object.entries({
          id: orgId,
          name: 'Acme',
          owner_id: owner.user.id,
          created_at: created,
          timezone: 'UTC',
        }).map(([field, value]) => ({ table: 'organizations', rowId: orgId, field, value })),
        ...Object.entries({
          id: membershipId,
          org_id: orgId,
          user_id: owner.user.id,
          role: 'owner',
          user_name: 'Olga',
          user_email: owner.email,
          created_at: created,
        }).map(([field, value]) => ({ table: 'memberships', rowId: membershipId, field, value })),
      ])
      expect((await device.push([upload])).body.results[0]).toEqual({ mutationId: 1, status: 'applied' })

      const team = await createTeam(server, ['admin'])
      const admin = new FakeDevice(server, team.members.admin!.token, team.orgId)
      const me = (await server.call('GET', '/v1/me', { token: team.members.admin!.token })).body.orgs[0]
      const selfPromotion = await admin.push([
        admin.mutation([{ table: 'memberships', rowId: me.membershipId, field: 'role', value: 'owner' }]),
      ])
      expect(selfPromotion.body.results[0]).toMatchObject({
        status: 'refused',
        restore: [{ field: 'role', value: 'admin' }],
      })
      const sneakIn = await admin.push([
        admin.mutation([{ table: 'memberships', rowId: uuidv7(), field: 'user_id', value: 'friend' }]),
      ])
      expect(sneakIn.body.results[0].reason).toMatch(/by invitation/)
    })
  })

  describe('concurrency', () => {
    it('hands out sequence numbers without gaps when many devices push at once', async () => {
      const team = await createTeam(server, ['editor'])
      const devices = Array.from(
        { length: 8 },
        (_, i) => new FakeDevice(server, (i % 2 ? team.owner : team.members.editor!).token, team.orgId),
      )
      const answers = await Promise.all(
        devices.map((d) => d.push([d.mutation(draftPostOps(team.orgId, team.owner.user.id, d.clientId))])),
      )
      expect(answers.map((a) => a.status)).toEqual(devices.map(() => 200))
      const cursors = answers.map((a) => a.body.cursor as number).sort((x, y) => x - y)
      expect(new Set(cursors).size).toBe(devices.length)
      const log = await server.database.db
        .select({ seq: changeLog.seq })
        .from(changeLog)
        .where(eq(changeLog.scopeId, team.orgId))
        .orderBy(changeLog.seq)
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1))
      expect(log.at(-1)!.seq).toBe(cursors.at(-1))
    })
  })
})
