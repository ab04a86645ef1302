/**
 * The per-field role rules (src-shared/sync/field-rules.ts) on the real sync server, on PGlite and on
 * PostgreSQL: each attack of issue 9's second defect, pushed as a desktop would, is refused with the
 * server's values to restore, nothing of it is stored, and the sender's next good mutation still applies.
 */
import { and, eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { posts, scheduleJobs } from '../../sync-server/db/schema'
import { captionText, captionValue, draftPostOps, FakeDevice, scheduleOps, type OpInput } from '../helpers/sync-device'
import { createTeam, startTestServer, type Team, type TestServer } from '../helpers/sync-server'

describe.each(['pglite', 'postgres'] as const)('on %s', (kind) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ kind })
  })
  afterAll(() => server?.close())

  interface Crew {
    team: Team
    contributor: FakeDevice
    editor: FakeDevice
    contributorId: string
    editorId: string
  }

  async function crew(): Promise<Crew> {
    const team = await createTeam(server, ['contributor', 'editor'])
    return {
      team,
      contributor: new FakeDevice(server, team.members.contributor!.token, team.orgId),
      editor: new FakeDevice(server, team.members.editor!.token, team.orgId),
      contributorId: team.members.contributor!.user.id,
      editorId: team.members.editor!.user.id,
    }
  }

  const stored = async (orgId: string, postId: string) => {
    const [row] = await server.database.db
      .select()
      .from(posts)
      .where(and(eq(posts.orgId, orgId), eq(posts.id, postId)))
    return row!
  }

  const post = (rowId: string, fields: Record<string, unknown>): OpInput[] =>
    Object.entries(fields).map(([field, value]) => ({ table: 'posts', rowId, field, value }))

  /** Pushes one mutation and answers its result. */
  async function pushOne(device: FakeDevice, ops: OpInput[]) {
    const answer = await device.push([device.mutation(ops)])
    expect(answer.status).toBe(200)
    return answer.body.results[0]
  }

  /** The sender's next good mutation (a draft of their own) still applies after a refusal. */
  async function nextGoodOneApplies(device: FakeDevice, orgId: string, userId: string) {
    const own = uuidv7()
    expect(await pushOne(device, draftPostOps(orgId, userId, 'Next one', own))).toEqual(
      expect.objectContaining({ status: 'applied' }),
    )
    expect(captionText((await stored(orgId, own)).caption)).toBe('Next one')
  }

  it('refuses a contributor who sets created_by to themselves, and then their delete of the post', async () => {
    const { team, contributor, editor, contributorId, editorId } = await crew()
    const postId = uuidv7()
    await pushOne(editor, draftPostOps(team.orgId, editorId, 'Editor’s words', postId))
    server.clock.advance(1000)
    const takeover = await pushOne(contributor, post(postId, { created_by: contributorId }))
    expect(takeover).toMatchObject({
      status: 'refused',
      reason: 'posts.created_by is set when the row is made and never changes.',
      restore: [{ table: 'posts', rowId: postId, field: 'created_by', value: editorId }],
    })
    const del = await pushOne(contributor, post(postId, { deleted_at: '2026-03-01T10:00:00.000Z' }))
    expect(del).toMatchObject({ status: 'refused', restore: [{ field: 'deleted_at', value: null }] })
    expect(await stored(team.orgId, postId)).toMatchObject({ createdBy: editorId, deletedAt: null })
    // Not even an owner rewrites who wrote it.
    const owner = new FakeDevice(server, team.owner.token, team.orgId)
    expect(await pushOne(owner, post(postId, { created_by: team.owner.user.id }))).toMatchObject({ status: 'refused' })
    await nextGoodOneApplies(contributor, team.orgId, contributorId)
  })

  it('refuses a contributor’s edit of another person’s approved, scheduled post, even one that asks again', async () => {
    const { team, contributor, editor, contributorId, editorId } = await crew()
    const postId = uuidv7()
    await pushOne(editor, draftPostOps(team.orgId, editorId, 'Approved words', postId))
    await pushOne(editor, scheduleOps(team.orgId, postId, '2026-03-02T09:00:00.000Z'))
    server.clock.advance(1000)
    const edit = post(postId, { caption: captionValue(' and mine'), tags: ['unapproved'] })
    for (const ops of [edit, [...edit, ...post(postId, { status: 'needs_approval' })]]) {
      const answer = await pushOne(contributor, ops)
      expect(answer).toMatchObject({
        status: 'refused',
        reason: 'A contributor changes only the posts they wrote; ask an editor, admin or owner.',
      })
    }
    const row = await stored(team.orgId, postId)
    expect(captionText(row.caption)).toBe('Approved words')
    expect(row).toMatchObject({ status: 'scheduled', tags: ['launch'] })
    await nextGoodOneApplies(contributor, team.orgId, contributorId)
  })

  it('refuses a contributor who cancels the job of another person’s post, so it still goes out', async () => {
    const { team, contributor, editor, contributorId, editorId } = await crew()
    const postId = uuidv7()
    const jobId = uuidv7()
    await pushOne(editor, draftPostOps(team.orgId, editorId, 'Going out on time', postId))
    await pushOne(editor, scheduleOps(team.orgId, postId, '2026-03-02T09:00:00.000Z', jobId))
    server.clock.advance(1000)
    const cancel: OpInput[] = [
      { table: 'schedule_jobs', rowId: jobId, field: 'status', value: 'cancelled' },
      { table: 'schedule_jobs', rowId: jobId, field: 'last_error', value: 'not today' },
    ]
    expect(await pushOne(contributor, cancel)).toMatchObject({
      status: 'refused',
      reason: 'A contributor changes only the schedule jobs of the posts they wrote; ask an editor, admin or owner.',
      restore: [
        { field: 'status', value: 'pending' },
        { field: 'last_error', value: null },
      ],
    })
    const [job] = await server.database.db
      .select()
      .from(scheduleJobs)
      .where(and(eq(scheduleJobs.orgId, team.orgId), eq(scheduleJobs.id, jobId)))
    expect(job?.status).toBe('pending')
    // Nor a new job that claims the post.
    const claim: OpInput[] = [{ table: 'schedule_jobs', rowId: uuidv7(), field: 'post_id', value: postId }]
    expect(await pushOne(contributor, claim)).toMatchObject({ status: 'refused' })
    await nextGoodOneApplies(contributor, team.orgId, contributorId)
  })

  it('refuses a contributor’s edit of another person’s draft', async () => {
    const { team, contributor, editor, contributorId, editorId } = await crew()
    const postId = uuidv7()
    await pushOne(editor, draftPostOps(team.orgId, editorId, 'A draft', postId))
    server.clock.advance(1000)
    const answer = await pushOne(contributor, post(postId, { tags: ['mine now'], assigned_to: contributorId }))
    expect(answer).toMatchObject({
      status: 'refused',
      restore: [
        { field: 'tags', value: ['launch'] },
        { field: 'assigned_to', value: null },
      ],
    })
    expect(await stored(team.orgId, postId)).toMatchObject({ tags: ['launch'], assignedTo: null })
    await nextGoodOneApplies(contributor, team.orgId, contributorId)
  })

  it('never un-deletes a post, whoever asks', async () => {
    const { team, contributor, editor, contributorId } = await crew()
    const postId = uuidv7()
    const deleted = '2026-03-01T10:00:00.000Z'
    await pushOne(contributor, draftPostOps(team.orgId, contributorId, 'Gone soon', postId))
    server.clock.advance(1000)
    expect(await pushOne(contributor, post(postId, { deleted_at: deleted }))).toMatchObject({ status: 'applied' })
    server.clock.advance(1000)
    for (const device of [contributor, editor, new FakeDevice(server, team.owner.token, team.orgId)]) {
      expect(await pushOne(device, post(postId, { deleted_at: null }))).toMatchObject({
        status: 'refused',
        reason: 'This row of posts was deleted; a deleted row is not brought back.',
        restore: [{ field: 'deleted_at', value: deleted }],
      })
    }
    expect((await stored(team.orgId, postId)).deletedAt).toBe(deleted)
    await nextGoodOneApplies(contributor, team.orgId, contributorId)
  })

  it('sends a contributor’s own approved post back for approval when its words change; tags change freely', async () => {
    const { team, contributor, editor, contributorId } = await crew()
    const postId = uuidv7()
    await pushOne(contributor, draftPostOps(team.orgId, contributorId, 'Please approve', postId))
    await pushOne(contributor, post(postId, { status: 'needs_approval' }))
    server.clock.advance(1000)
    // The editor approves it: scheduled, with its job (approvals.ts).
    expect(await pushOne(editor, scheduleOps(team.orgId, postId, '2026-03-02T09:00:00.000Z'))).toMatchObject({
      status: 'applied',
    })
    server.clock.advance(1000)
    const words = post(postId, { caption: captionValue(' (edited)') })
    expect(await pushOne(contributor, words)).toMatchObject({ status: 'refused' })
    expect((await stored(team.orgId, postId)).status).toBe('scheduled')
    expect(await pushOne(contributor, post(postId, { tags: ['spring'] }))).toMatchObject({ status: 'applied' })
    expect((await stored(team.orgId, postId)).status).toBe('scheduled')
    const asking = await pushOne(contributor, [...words, ...post(postId, { status: 'needs_approval' })])
    expect(asking).toMatchObject({ status: 'applied' })
    expect(await stored(team.orgId, postId)).toMatchObject({ status: 'needs_approval', tags: ['spring'] })
  })

  it('sends a contributor’s own approved post back for approval when its first comment or thread changes', async () => {
    const { team, contributor, editor, contributorId } = await crew()
    const postId = uuidv7()
    await pushOne(contributor, draftPostOps(team.orgId, contributorId, 'Please approve', postId))
    await pushOne(contributor, post(postId, { status: 'needs_approval' }))
    server.clock.advance(1000)
    expect(await pushOne(editor, scheduleOps(team.orgId, postId, '2026-03-02T09:00:00.000Z'))).toMatchObject({
      status: 'applied',
    })
    for (const change of [{ first_comment: 'Menu: example.com/menu' }, { thread_parts: [{ text: 'Part two' }] }]) {
      server.clock.advance(1000)
      expect(await pushOne(contributor, post(postId, change))).toMatchObject({
        status: 'refused',
        reason: expect.stringMatching(/sends it back for approval/),
      })
      expect((await stored(team.orgId, postId)).status).toBe('scheduled')
    }
    const asking = await pushOne(contributor, [
      ...post(postId, { first_comment: 'Menu: example.com/menu' }),
      ...post(postId, { status: 'needs_approval' }),
    ])
    expect(asking).toMatchObject({ status: 'applied' })
    expect(await stored(team.orgId, postId)).toMatchObject({
      status: 'needs_approval',
      firstComment: 'Menu: example.com/menu',
    })
  })

  it('moves a post only along its state machine, and records published only under the sender’s lease', async () => {
    const { team, editor, editorId } = await crew()
    const postId = uuidv7()
    const jobId = uuidv7()
    await pushOne(editor, draftPostOps(team.orgId, editorId, 'On its way', postId))
    server.clock.advance(1000)
    expect(await pushOne(editor, post(postId, { status: 'published' }))).toMatchObject({
      status: 'refused',
      reason: 'A post that is draft does not become published.',
    })
    await pushOne(editor, scheduleOps(team.orgId, postId, '2026-03-02T09:00:00.000Z', jobId))
    server.clock.advance(1000)
    const result = post(postId, { status: 'published', platform_post_id: 'at://x', platform_url: 'https://x' })
    expect(await pushOne(editor, result)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/lease/) })
    // Another device of the owner holds the lease: the editor's result is still not under it.
    const ownerDevice = new FakeDevice(server, team.owner.token, team.orgId)
    expect((await ownerDevice.takeLease(jobId)).status).toBe(200)
    expect(await pushOne(editor, result)).toMatchObject({ status: 'refused' })
    expect(await stored(team.orgId, postId)).toMatchObject({ status: 'scheduled', platformPostId: null })
    expect(await pushOne(ownerDevice, result)).toMatchObject({ status: 'applied' })
    expect(await stored(team.orgId, postId)).toMatchObject({ status: 'published', platformPostId: 'at://x' })
    // Out is out: nothing takes it back.
    expect(await pushOne(ownerDevice, post(postId, { status: 'draft' }))).toMatchObject({ status: 'refused' })
  })

  it('keeps ids, org_id and creation times as they were made', async () => {
    const { team, editor, editorId } = await crew()
    const postId = uuidv7()
    await pushOne(editor, draftPostOps(team.orgId, editorId, 'Made once', postId))
    server.clock.advance(1000)
    expect(await pushOne(editor, post(postId, { created_at: '2020-01-01T00:00:00.000Z' }))).toMatchObject({
      status: 'refused',
      reason: 'posts.created_at is set when the row is made and never changes.',
    })
    // The same values again (a device re-sending its row) are no change.
    expect(
      await pushOne(editor, post(postId, { id: postId, org_id: team.orgId, created_at: '2026-03-01T09:00:00.000Z' })),
    ).toMatchObject({ status: 'applied' })
    expect((await stored(team.orgId, postId)).createdAt).toBe('2026-03-01T09:00:00.000Z')
  })
})
