/**
 * Approvals on one device's real SQLite: a contributor's post waits in
 * needs_approval with no job; an approver's decision schedules it (with its
 * job) or rejects it with a comment. The person's role is switched in the
 * membership row, as a role change synced from the server would.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, describe, expect, it } from 'vitest'
import type { Organization, Post, Profile } from '../../src-shared/entities/models'
import { addChannel, dailySchedule, setNow } from '../helpers/channel-rows'
import { and, eq } from 'drizzle-orm'
import { posts as serverPosts } from '../../sync-server/db/schema'
import { startOnboardedCore, startTestCore, type TestCore } from '../helpers/core'
import { useLoopbackServer } from '../helpers/loopback'

let core: TestCore
let org: Organization
let profile: Profile
let channel: string
afterEach(() => core?.dispose())

const db = () => core.ctx.dbs.org(org.id).$client
const setRole = (role: string) => db().prepare('UPDATE memberships SET role = ?').run(role)
const outbox = () => (db().prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n
const jobsOf = (postId: string) =>
  db().prepare('SELECT * FROM schedule_jobs WHERE post_id = ? AND deleted_at IS NULL').all(postId) as {
    status: string
    run_at: string
  }[]

async function start() {
  ;({ core, org, profile } = await startOnboardedCore())
  setNow(core, '2026-03-02T06:00:00Z')
  channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00', '15:00']) })
}

async function request(when: { kind: 'queue' } | { kind: 'at'; at: string } | { kind: 'now' }, caption = 'Hello') {
  setRole('contributor')
  const post = await core.ok('createDraft', { orgId: org.id, caption, socialAccountId: channel })
  const asked = await core.ok('schedulePost', { orgId: org.id, postId: post.id, when })
  setRole('editor')
  return asked
}

describe('a contributor asks', () => {
  it('goes to needs_approval with who asked and the time asked for, and no job', async () => {
    await start()
    const at = await request({ kind: 'at', at: '2026-03-03T12:00:00Z' })
    expect(at).toMatchObject({
      status: 'needs_approval',
      scheduledAt: '2026-03-03T12:00:00.000Z',
      approvalData: { requestedBy: profile.id, requestedAt: '2026-03-02T06:00:00.000Z' },
    })
    expect(jobsOf(at.id)).toEqual([])
    const queued = await request({ kind: 'queue' })
    expect(queued).toMatchObject({ status: 'needs_approval', scheduledAt: null })
    // Nobody is told on the asking device: the approvers' devices are.
    expect(await core.ok('listNotifications', {})).toEqual([])
  })

  it("a contributor's change to a scheduled post sends it back for approval and cancels its job", async () => {
    await start()
    const post = await core.ok('createDraft', { orgId: org.id, caption: 'Hi', socialAccountId: channel })
    await core.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'queue' } })
    setRole('contributor')
    const again = await core.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'now' } })
    expect(again.status).toBe('needs_approval')
    expect(jobsOf(post.id)).toEqual([expect.objectContaining({ status: 'cancelled' })])
  })
  it("a contributor's edit of an approved, scheduled post asks again; a tag change does not", async () => {
    await start()
    const asked = await request({ kind: 'at', at: '2026-03-03T12:00:00Z' })
    await core.ok('decideApproval', { orgId: org.id, postId: asked.id, decision: 'approved' })
    setRole('contributor')
    const tagged = await core.ok('updateDraft', { orgId: org.id, postId: asked.id, tags: ['spring'] })
    expect(tagged.status).toBe('scheduled')
    const edited = await core.ok('updateDraft', { orgId: org.id, postId: asked.id, caption: 'Hello, changed' })
    expect(edited).toMatchObject({ status: 'needs_approval', scheduledAt: '2026-03-03T12:00:00.000Z' })
    expect(jobsOf(asked.id)).toEqual([expect.objectContaining({ status: 'cancelled' })])
    // An editor's edit leaves a scheduled post scheduled.
    setRole('editor')
    await core.ok('decideApproval', { orgId: org.id, postId: asked.id, decision: 'approved' })
    const byEditor = await core.ok('updateDraft', { orgId: org.id, postId: asked.id, caption: 'Hello again' })
    expect(byEditor.status).toBe('scheduled')
  })
})

describe('an approver decides', () => {
  it('approving schedules the post at the time asked, with a pending job and an approval row', async () => {
    await start()
    const asked = await request({ kind: 'at', at: '2026-03-03T12:00:00Z' })
    core.clock.advance(60_000)
    const approved = await core.ok('decideApproval', {
      orgId: org.id,
      postId: asked.id,
      decision: 'approved',
      comment: 'Lovely',
    })
    expect(approved).toMatchObject({
      status: 'scheduled',
      scheduledAt: '2026-03-03T12:00:00.000Z',
      approvalData: { requestedBy: profile.id, decidedBy: profile.id, decidedAt: '2026-03-02T06:01:00.000Z' },
    })
    expect(jobsOf(asked.id)).toEqual([
      expect.objectContaining({ status: 'pending', run_at: '2026-03-03T12:00:00.000Z' }),
    ])
    const detail = await core.ok('getPost', { orgId: org.id, postId: asked.id })
    expect(detail.approvals).toEqual([
      expect.objectContaining({
        approverId: profile.id,
        approverName: 'Ana Ruiz',
        status: 'approved',
        comments: 'Lovely',
      }),
    ])
    expect(detail.job).toMatchObject({ status: 'pending', runAt: '2026-03-03T12:00:00.000Z', retryCount: 0 })
  })

  it("a queue request gets the channel's next free slot; a time that passed meanwhile goes out at once", async () => {
    await start()
    const queued = await request({ kind: 'queue' })
    const soon = await request({ kind: 'at', at: '2026-03-02T07:00:00Z' })
    setNow(core, '2026-03-02T08:00:00Z')
    const a = await core.ok('decideApproval', { orgId: org.id, postId: queued.id, decision: 'approved' })
    expect(a.scheduledAt).toBe('2026-03-02T09:00:00.000Z')
    const b = await core.ok('decideApproval', { orgId: org.id, postId: soon.id, decision: 'approved' })
    expect(b.scheduledAt).toBe('2026-03-02T08:00:00.000Z')
    expect(jobsOf(soon.id)[0]).toMatchObject({ run_at: '2026-03-02T08:00:00.000Z' })
  })

  it('rejecting needs a comment; with one the post is rejected, the note kept, no job', async () => {
    await start()
    const asked = await request({ kind: 'now' })
    const before = outbox()
    const bare = await core.fails('decideApproval', { orgId: org.id, postId: asked.id, decision: 'rejected' })
    expect(bare).toMatchObject({ code: 'invalid_input', issues: [expect.objectContaining({ path: 'comment' })] })
    expect(outbox()).toBe(before)
    const rejected = await core.ok('decideApproval', {
      orgId: org.id,
      postId: asked.id,
      decision: 'rejected',
      comment: 'Too salesy',
    })
    expect(rejected).toMatchObject({ status: 'rejected', approvalData: { note: 'Too salesy' } })
    expect(jobsOf(asked.id)).toEqual([])
    const approvals = db().prepare('SELECT status, comments FROM post_approvals WHERE post_id = ?').all(asked.id)
    expect(approvals).toEqual([{ status: 'rejected', comments: 'Too salesy' }])
  })

  it('a contributor cannot decide, and a post not waiting cannot be decided; nothing is written', async () => {
    await start()
    const asked = await request({ kind: 'now' })
    setRole('contributor')
    const before = outbox()
    const forbidden = await core.fails('decideApproval', { orgId: org.id, postId: asked.id, decision: 'approved' })
    expect(forbidden).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/cannot approve/) })
    setRole('editor')
    const draft = await core.ok('createDraft', { orgId: org.id, caption: 'x', socialAccountId: channel })
    const afterDraft = outbox()
    const notWaiting = await core.fails('decideApproval', { orgId: org.id, postId: draft.id, decision: 'approved' })
    expect(notWaiting).toMatchObject({ code: 'conflict', message: expect.stringMatching(/not waiting for approval/) })
    expect(outbox()).toBe(afterDraft)
    expect(afterDraft).toBe(before + 1)
    expect(db().prepare('SELECT count(*) AS n FROM post_approvals').get()).toEqual({ n: 0 })
  })
})

/**
 * Save changes in the composer (issue 10, defect 4): an edit of a post that has its place is held on the device,
 * then written by scheduleGroup with keepPlaced. A contributor's saved change is not what the approver said yes to.
 */
describe("a contributor's saved change", () => {
  /** Save changes as the composer sends it for one post: its time kept, the group's tags and media as they stand. */
  const saveChanges = (post: Post, change: { caption?: string; tags?: string[]; mediaUrls?: Post['mediaUrls'] }) =>
    core.ok('scheduleGroup', {
      orgId: org.id,
      groupId: post.groupId ?? uuidv7(),
      keepPlaced: true,
      when: { kind: 'at', at: post.scheduledAt! },
      tags: change.tags ?? post.tags,
      mediaUrls: change.mediaUrls ?? post.mediaUrls,
      posts: [{ postId: post.id, channelId: channel, caption: change.caption ?? post.caption }],
    })
  const auditCount = (action: string) =>
    (db().prepare('SELECT count(*) AS n FROM audit_logs WHERE action = ?').get(action) as { n: number }).n

  it('goes back for approval at its time, its job cancelled, and goes out once approved again', async () => {
    await start()
    const asked = await request({ kind: 'at', at: '2026-03-03T12:00:00Z' })
    const approved = await core.ok('decideApproval', { orgId: org.id, postId: asked.id, decision: 'approved' })
    expect(approved.status).toBe('scheduled')
    setRole('contributor')
    core.clock.advance(60_000)
    const [saved] = await saveChanges(approved, { caption: 'Hello, with the new price' })
    expect(saved).toMatchObject({
      status: 'needs_approval',
      caption: 'Hello, with the new price',
      scheduledAt: '2026-03-03T12:00:00.000Z',
      approvalData: { requestedBy: profile.id, requestedAt: '2026-03-02T06:01:00.000Z' },
    })
    // Nothing goes out unapproved: the approved version's job is cancelled, and no new one waits.
    expect(jobsOf(asked.id)).toEqual([expect.objectContaining({ status: 'cancelled' })])
    expect(auditCount('post_group.saved')).toBe(1)

    setRole('editor')
    const again = await core.ok('decideApproval', { orgId: org.id, postId: asked.id, decision: 'approved' })
    expect(again).toMatchObject({ status: 'scheduled', scheduledAt: '2026-03-03T12:00:00.000Z' })
    expect(jobsOf(asked.id).filter((j) => j.status === 'pending')).toEqual([
      expect.objectContaining({ run_at: '2026-03-03T12:00:00.000Z' }),
    ])
  })

  it('of a scheduled post asks again for a new picture too; a tag alone keeps it scheduled', async () => {
    await start()
    setRole('contributor')
    const own = await core.ok('createDraft', { orgId: org.id, caption: 'Spring menu', socialAccountId: channel })
    // An editor scheduled the contributor's post straight away (no approval asked).
    setRole('editor')
    const scheduled = await core.ok('schedulePost', {
      orgId: org.id,
      postId: own.id,
      when: { kind: 'at', at: '2026-03-04T09:00:00Z' },
    })
    expect(scheduled.status).toBe('scheduled')
    setRole('contributor')
    const [tagged] = await saveChanges(scheduled, { tags: ['spring'] })
    expect(tagged).toMatchObject({ status: 'scheduled', tags: ['spring'] })
    expect(jobsOf(own.id)).toEqual([expect.objectContaining({ status: 'pending' })])

    const picture = { url: `media:${'a'.repeat(64)}.png`, type: 'image' as const, mimeType: 'image/png' }
    const [pictured] = await saveChanges(tagged!, { mediaUrls: [picture] })
    expect(pictured).toMatchObject({
      status: 'needs_approval',
      scheduledAt: '2026-03-04T09:00:00.000Z',
      mediaUrls: [picture],
    })
    expect(jobsOf(own.id)).toEqual([expect.objectContaining({ status: 'cancelled' })])
  })

  it('of an editor stays scheduled: only a role that needs approval asks again', async () => {
    await start()
    const post = await core.ok('createDraft', { orgId: org.id, caption: 'Editor words', socialAccountId: channel })
    const scheduled = await core.ok('schedulePost', {
      orgId: org.id,
      postId: post.id,
      when: { kind: 'at', at: '2026-03-04T09:00:00Z' },
    })
    const [saved] = await saveChanges(scheduled, { caption: 'Editor words, better' })
    expect(saved).toMatchObject({ status: 'scheduled', scheduledAt: '2026-03-04T09:00:00.000Z' })
    expect(jobsOf(post.id)).toEqual([expect.objectContaining({ status: 'pending' })])
  })
})

describe("a contributor's saved change, synced through the real server", () => {
  const sync = useLoopbackServer()

  async function device(name: string, email: string) {
    const device = startTestCore()
    sync.cores.push(device)
    await device.ok('createProfile', { name, email })
    await device.ok('connectServer', { serverUrl: sync.url, email, password: 'correct horse battery', mode: 'signup' })
    return device
  }

  it('reaches the server and the approver as waiting for approval, at its time, with no job left to run', async () => {
    const ana = await device('Ana', 'ana-save@example.com')
    const team = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'UTC' })
    await ana.ok('attachOrganization', { orgId: team.id })
    const sandbox = await ana.ok('connectChannel', { orgId: team.id, platform: 'sandbox', name: 'Acme' })
    const invitation = await ana.ok('createInvitation', { orgId: team.id, role: 'contributor' })
    expect((await ana.ok('syncNow', { orgId: team.id })).pending).toBe(0)
    const ben = await device('Ben', 'ben-save@example.com')
    await ben.ok('joinOrganization', { code: invitation.code })
    await ben.ok('syncNow', { orgId: team.id })

    const draft = await ben.ok('createDraft', { orgId: team.id, caption: 'Old price', socialAccountId: sandbox.id })
    const at = '2026-03-03T12:00:00.000Z'
    await ben.ok('schedulePost', { orgId: team.id, postId: draft.id, when: { kind: 'at', at } })
    await ben.ok('syncNow', { orgId: team.id })
    await ana.ok('syncNow', { orgId: team.id })
    await ana.ok('decideApproval', { orgId: team.id, postId: draft.id, decision: 'approved' })
    await ana.ok('syncNow', { orgId: team.id })
    await ben.ok('syncNow', { orgId: team.id })
    const approved = await ben.ok('getPost', { orgId: team.id, postId: draft.id })
    expect(approved).toMatchObject({ status: 'scheduled', scheduledAt: at })

    // Ben's Save changes in the composer.
    const [saved] = await ben.ok('scheduleGroup', {
      orgId: team.id,
      groupId: approved.groupId ?? uuidv7(),
      keepPlaced: true,
      when: { kind: 'at', at },
      posts: [{ postId: draft.id, channelId: sandbox.id, caption: 'New price' }],
    })
    expect(saved?.status).toBe('needs_approval')
    // The server takes the change whole (its rule: words of an approved post change only with the status).
    expect((await ben.ok('syncNow', { orgId: team.id })).pending).toBe(0)
    const [onServer] = await sync.server.database.db
      .select()
      .from(serverPosts)
      .where(and(eq(serverPosts.orgId, team.id), eq(serverPosts.id, draft.id)))
    expect(onServer).toMatchObject({ status: 'needs_approval' })
    expect((await ben.ok('getPost', { orgId: team.id, postId: draft.id })).caption).toBe('New price')

    await ana.ok('syncNow', { orgId: team.id })
    const onAna = await ana.ok('getPost', { orgId: team.id, postId: draft.id })
    expect(onAna).toMatchObject({ status: 'needs_approval', caption: 'New price', scheduledAt: at })
    expect(onAna.job?.status ?? 'none').not.toBe('pending')
    const waiting = await ana.ok('listPosts', { orgId: team.id, statuses: ['needs_approval'] })
    expect(waiting.map((p) => p.id)).toEqual([draft.id])
  })
})
