/**
 * A post's thread and first comment through the real dispatch on real SQLite: saved with the draft, edited, and
 * checked against the channel's platform before the post is placed, each problem naming its part. A
 * contributor's change to either on an approved post asks approval again, as a caption change does. Then two
 * desktops and the real sync server on loopback: the contributor's thread edit reaches the approver.
 */
import { and, eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterEach, describe, expect, it } from 'vitest'
import type { Organization } from '../../src-shared/entities/models'
import { posts as serverPosts } from '../../sync-server/db/schema'
import { addChannel, dailySchedule, setNow } from '../helpers/channel-rows'
import { startOnboardedCore, startTestCore, type TestCore } from '../helpers/core'
import { useLoopbackServer } from '../helpers/loopback'

let core: TestCore
let org: Organization
let channel: string
afterEach(() => core?.dispose())

const db = () => core.ctx.dbs.org(org.id).$client
const setRole = (role: string) => db().prepare('UPDATE memberships SET role = ?').run(role)
const jobsOf = (postId: string) =>
  db()
    .prepare("SELECT status FROM schedule_jobs WHERE post_id = ? AND deleted_at IS NULL AND status = 'pending'")
    .all(postId)

async function start(platform: 'bluesky' | 'sandbox' = 'bluesky') {
  ;({ core, org } = await startOnboardedCore())
  setNow(core, '2026-03-02T06:00:00Z')
  channel = addChannel(core, org.id, { platform, schedule: dailySchedule('UTC', ['09:00', '15:00']) })
}

describe('a thread and a first comment on one device', () => {
  it('are saved with the draft, edited, and named in the audit', async () => {
    await start()
    const draft = await core.ok('createDraft', {
      orgId: org.id,
      caption: 'Our spring menu is here. (1/2)',
      socialAccountId: channel,
      threadParts: [{ text: 'Come taste it this weekend. (2/2)' }],
      firstComment: 'Menu: https://example.com/menu',
    })
    expect(draft).toMatchObject({
      threadParts: [{ text: 'Come taste it this weekend. (2/2)' }],
      firstComment: 'Menu: https://example.com/menu',
    })
    const edited = await core.ok('updateDraft', {
      orgId: org.id,
      postId: draft.id,
      threadParts: [{ text: 'Come taste it on Saturday. (2/2)' }],
      firstComment: '   ',
    })
    // An empty comment is none.
    expect(edited).toMatchObject({ threadParts: [{ text: 'Come taste it on Saturday. (2/2)' }], firstComment: null })
    const row = db().prepare('SELECT thread_parts, first_comment FROM posts WHERE id = ?').get(draft.id)
    expect(row).toEqual({
      thread_parts: JSON.stringify([{ text: 'Come taste it on Saturday. (2/2)' }]),
      first_comment: null,
    })
    const audit = db()
      .prepare("SELECT meta FROM audit_logs WHERE action = 'post.edited' AND entity_id = ? ORDER BY timestamp DESC")
      .get(draft.id) as { meta: string }
    expect(JSON.parse(audit.meta).fields.sort()).toEqual(['firstComment', 'threadParts'])
  })

  it('refuses to place a post whose part or comment the platform would refuse, naming each', async () => {
    await start()
    const draft = await core.ok('createDraft', {
      orgId: org.id,
      caption: 'Part one.',
      socialAccountId: channel,
      threadParts: [{ text: 'Part two.' }, { text: '🌷'.repeat(312) }],
      firstComment: 'x'.repeat(301),
    })
    const refused = await core.fails('schedulePost', { orgId: org.id, postId: draft.id, when: { kind: 'queue' } })
    expect(refused.code).toBe('invalid_input')
    expect(refused.message).toBe(
      'acme cannot take this post: Part 3 is too long by 12 characters (312 of 300). The first comment is too long by 1 character (301 of 300).',
    )
    expect((await core.ok('getPost', { orgId: org.id, postId: draft.id })).status).toBe('draft')
    // Within the limits it goes.
    await core.ok('updateDraft', {
      orgId: org.id,
      postId: draft.id,
      threadParts: [{ text: 'Part two.' }],
      firstComment: 'Hi',
    })
    const placed = await core.ok('schedulePost', { orgId: org.id, postId: draft.id, when: { kind: 'queue' } })
    expect(placed.status).toBe('scheduled')
  })

  it("sends a contributor's thread or comment edit of an approved post back for approval", async () => {
    await start('sandbox')
    setRole('contributor')
    const own = await core.ok('createDraft', {
      orgId: org.id,
      caption: 'Mine (1/2)',
      socialAccountId: channel,
      threadParts: [{ text: 'More (2/2)' }],
    })
    await core.ok('schedulePost', { orgId: org.id, postId: own.id, when: { kind: 'at', at: '2026-03-04T09:00:00Z' } })
    setRole('owner')
    const approved = await core.ok('decideApproval', { orgId: org.id, postId: own.id, decision: 'approved' })
    expect(approved.status).toBe('scheduled')
    expect(jobsOf(own.id)).toHaveLength(1)
    setRole('contributor')
    const edited = await core.ok('updateDraft', {
      orgId: org.id,
      postId: own.id,
      threadParts: [{ text: 'Changed (2/2)' }],
    })
    expect(edited.status).toBe('needs_approval')
    expect(jobsOf(own.id)).toHaveLength(0)

    // The first comment counts too; tags do not.
    setRole('owner')
    await core.ok('decideApproval', { orgId: org.id, postId: own.id, decision: 'approved' })
    setRole('contributor')
    expect((await core.ok('updateDraft', { orgId: org.id, postId: own.id, tags: ['spring'] })).status).toBe('scheduled')
    expect((await core.ok('updateDraft', { orgId: org.id, postId: own.id, firstComment: 'PS' })).status).toBe(
      'needs_approval',
    )
  })
})

describe("a contributor's thread edit, synced through the real server", () => {
  const sync = useLoopbackServer()

  async function device(name: string, email: string) {
    const device = startTestCore()
    sync.cores.push(device)
    await device.ok('createProfile', { name, email })
    await device.ok('connectServer', { serverUrl: sync.url, email, password: 'correct horse battery', mode: 'signup' })
    return device
  }

  it('reaches the second device with its parts and comment, waiting for approval again', async () => {
    const ana = await device('Ana', 'ana-thread@example.com')
    const team = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'UTC' })
    await ana.ok('attachOrganization', { orgId: team.id })
    const sandbox = await ana.ok('connectChannel', { orgId: team.id, platform: 'sandbox', name: 'Acme' })
    const invitation = await ana.ok('createInvitation', { orgId: team.id, role: 'contributor' })
    expect((await ana.ok('syncNow', { orgId: team.id })).pending).toBe(0)
    const ben = await device('Ben', 'ben-thread@example.com')
    await ben.ok('joinOrganization', { code: invitation.code })
    await ben.ok('syncNow', { orgId: team.id })

    const draft = await ben.ok('createDraft', {
      orgId: team.id,
      caption: 'Spring menu (1/2)',
      socialAccountId: sandbox.id,
      threadParts: [{ text: 'Lavender latte (2/2)' }],
      firstComment: 'Open 8 to 6.',
    })
    const at = '2026-03-03T12:00:00.000Z'
    await ben.ok('schedulePost', { orgId: team.id, postId: draft.id, when: { kind: 'at', at } })
    await ben.ok('syncNow', { orgId: team.id })
    await ana.ok('syncNow', { orgId: team.id })
    expect(await ana.ok('getPost', { orgId: team.id, postId: draft.id })).toMatchObject({
      status: 'needs_approval',
      threadParts: [{ text: 'Lavender latte (2/2)' }],
      firstComment: 'Open 8 to 6.',
    })
    await ana.ok('decideApproval', { orgId: team.id, postId: draft.id, decision: 'approved' })
    await ana.ok('syncNow', { orgId: team.id })
    await ben.ok('syncNow', { orgId: team.id })
    const approved = await ben.ok('getPost', { orgId: team.id, postId: draft.id })
    expect(approved.status).toBe('scheduled')

    // Ben's Save changes in the composer: only a part changed.
    const [saved] = await ben.ok('scheduleGroup', {
      orgId: team.id,
      groupId: approved.groupId ?? uuidv7(),
      keepPlaced: true,
      when: { kind: 'at', at },
      posts: [
        {
          postId: draft.id,
          channelId: sandbox.id,
          caption: 'Spring menu (1/2)',
          threadParts: [{ text: 'Lavender latte and rose scones (2/2)' }],
          firstComment: 'Open 8 to 6.',
        },
      ],
    })
    expect(saved?.status).toBe('needs_approval')
    expect((await ben.ok('syncNow', { orgId: team.id })).pending).toBe(0)
    const [onServer] = await sync.server.database.db
      .select()
      .from(serverPosts)
      .where(and(eq(serverPosts.orgId, team.id), eq(serverPosts.id, draft.id)))
    expect(onServer).toMatchObject({
      status: 'needs_approval',
      threadParts: [{ text: 'Lavender latte and rose scones (2/2)' }],
    })

    await ana.ok('syncNow', { orgId: team.id })
    expect(await ana.ok('getPost', { orgId: team.id, postId: draft.id })).toMatchObject({
      status: 'needs_approval',
      caption: 'Spring menu (1/2)',
      threadParts: [{ text: 'Lavender latte and rose scones (2/2)' }],
      firstComment: 'Open 8 to 6.',
      scheduledAt: at,
    })
  })
})
