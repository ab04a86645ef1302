/**
 * The inbox's triage (issue 11, deliver 2 and the triage parts of 5 and 6) through the API on a real org SQLite
 * file: status and snooze (which comes back by itself), assignment to members only (and the assignee told when
 * it arrives by sync), tags, bulk on a selection, a person's correction of the insights, the conversation with
 * its thread, replies and audit trail; each change one synced mutation with its audit entry; viewers refused.
 */
import { sql } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Conversation, InboxCommentView } from '../../src-shared/api/comments'
import { memberships, posts, replies } from '../../src-main/db/schema/org'
import { wakeDueComments } from '../../src-main/scheduler/snooze-wake'
import { noticeAssignedComments } from '../../src-main/services/comment-notifications'
import { addChannel } from '../helpers/channel-rows'
import { addComments } from '../helpers/comment-rows'
import { startOnboardedCore, type TestCore } from '../helpers/core'

let core: TestCore
let orgId: string
let me: string
let channel: string
const SAM = 'user-sam-0000'

const db = () => core.ctx.dbs.org(orgId)
const count = (table: string) => db().get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`))!.n
const actions = () =>
  db()
    .all<{ action: string }>(sql`SELECT action FROM audit_logs WHERE entity_type = 'comment' ORDER BY rowid`)
    .map((row) => row.action)
const list = async (query: Record<string, unknown> = {}) =>
  (await core.ok('listInbox', { orgId, ...query })).comments as InboxCommentView[]

function seed(n: number): string[] {
  return addComments(
    core,
    orgId,
    channel,
    Array.from({ length: n }, (_, i) => ({ text: `Comment number ${i}`, timestamp: `2026-02-28T10:0${i}:00.000Z` })),
  )
}

function addMember(userId: string, name: string, role = 'editor'): void {
  db()
    .insert(memberships)
    .values({ id: uuidv7(), orgId, userId, role: role as 'editor', userName: name, createdAt: '2026-01-01T00:00:00Z' })
    .run()
}

beforeEach(async () => {
  const started = await startOnboardedCore()
  core = started.core
  orgId = started.org.id
  me = started.profile.id
  channel = addChannel(core, orgId)
})
afterEach(() => core.dispose())

describe('triage of the inbox', () => {
  it('marks a selection done in one synced change with one audit entry, and a repeat records nothing', async () => {
    const ids = seed(3)
    const outboxBefore = count('outbox')
    expect(await core.ok('setCommentStatus', { orgId, commentIds: ids.slice(0, 2), status: 'done' })).toEqual({
      updated: 2,
    })
    expect(count('outbox')).toBe(outboxBefore + 1)
    expect(actions()).toEqual(['comment.status_changed'])
    expect((await list({ status: ['done'] })).map((c) => c.id).sort()).toEqual(ids.slice(0, 2).sort())
    expect(await core.ok('inboxCounts', { orgId })).toMatchObject({ open: 1, done: 2 })
    expect(await core.ok('setCommentStatus', { orgId, commentIds: ids.slice(0, 2), status: 'done' })).toEqual({
      updated: 0,
    })
    expect(count('outbox')).toBe(outboxBefore + 1)
  })

  it('snoozes only until a time in the future, and the comment opens again when it is due', async () => {
    const [id] = seed(1)
    const past = await core.fails('setCommentStatus', { orgId, commentIds: [id], status: 'snoozed' })
    expect(past.message).toBe('Choose a time in the future to snooze until.')
    const until = new Date(core.clock.now().getTime() + 3_600_000).toISOString()
    await core.ok('setCommentStatus', { orgId, commentIds: [id!], status: 'snoozed', snoozedUntil: until })
    const [snoozed] = await list()
    expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: until })
    expect(wakeDueComments(core.ctx, orgId)).toBe(0)
    core.clock.advance(3_600_000)
    expect(wakeDueComments(core.ctx, orgId)).toBe(1)
    expect((await list())[0]).toMatchObject({ status: 'open', snoozedUntil: null })
    expect(actions()).toEqual(['comment.snoozed', 'comment.woke'])
  })

  it('assigns to members only, and tells the assignee when the assignment arrives from a teammate', async () => {
    const ids = seed(2)
    addMember(SAM, 'Sam Lee')
    const stranger = await core.fails('assignComments', { orgId, commentIds: ids, assignedTo: 'user-nobody' })
    expect(stranger.message).toMatch(/^Assign comments to someone in the organization/)
    expect(await core.ok('assignComments', { orgId, commentIds: ids, assignedTo: SAM })).toEqual({ updated: 2 })
    expect((await list({ assignedTo: SAM })).length).toBe(2)

    // Sam assigns one to Ana from his device: her pull writes the row and his audit entry, then hears of them.
    db().run(sql`UPDATE comments SET assigned_to = ${me} WHERE id = ${ids[0]!}`)
    db().run(
      sql`INSERT INTO audit_logs (id, org_id, user_id, action, entity_type, entity_id, timestamp, meta)
          VALUES (${uuidv7()}, ${orgId}, ${SAM}, 'comment.assigned', 'comment', ${ids[0]!}, '2026-03-01T09:30:00Z',
          ${JSON.stringify({ commentIds: [ids[0]!] })})`,
    )
    noticeAssignedComments(core.ctx, orgId, [{ table: 'comments', rowId: ids[0]!, fields: ['assigned_to'] }])
    const [told] = await core.ok('listNotifications', { limit: 5 })
    expect(told).toMatchObject({ kind: 'comment.assigned', title: 'Assigned to you: Comment number 0' })
    expect(told!.body).toBe('Sam Lee asks you to answer Ana Ruiz. Open Engage to reply.')
    expect((await core.ok('inboxCounts', { orgId })).mine).toBe(1)
  })

  it('adds and removes tags on a selection, keeping each comment’s others', async () => {
    const ids = seed(2)
    await core.ok('tagComments', { orgId, commentIds: [ids[0]!], add: ['menu'] })
    expect(await core.ok('tagComments', { orgId, commentIds: ids, add: ['vip'] })).toEqual({ updated: 2 })
    expect((await list({ tag: 'vip' })).length).toBe(2)
    await core.ok('tagComments', { orgId, commentIds: ids, remove: ['vip'] })
    const after = await list()
    expect(after.find((c) => c.id === ids[0])?.tags).toEqual(['menu'])
    expect(after.find((c) => c.id === ids[1])?.tags).toEqual([])
    const nothing = await core.fails('tagComments', { orgId, commentIds: ids })
    expect(nothing.message).toBe('Name a tag to add or remove.')
  })

  it('keeps a person’s correction of the insights beside the computed ones, and filters by it', async () => {
    const [id] = addComments(core, orgId, channel, [
      { text: 'Love the new flat white!', timestamp: '2026-02-28T10:00:00Z' },
    ])
    const corrected = await core.ok('correctInsights', { orgId, commentId: id!, sentiment: 'negative', urgent: true })
    expect(corrected.insights).toMatchObject({ sentiment: { label: 'negative' }, urgency: { level: 'high' } })
    expect(corrected.insights?.corrected.sort()).toEqual(['sentiment', 'urgency'])
    const stored = db().get<{ ai: string }>(sql`SELECT ai_insights AS ai FROM comments WHERE id = ${id!}`)!
    expect(JSON.parse(stored.ai)).toMatchObject({
      sentiment: { label: 'positive' },
      corrections: { sentiment: 'negative', urgency: 'high' },
    })
    expect((await list({ sentiment: ['negative'], urgent: true })).map((c) => c.id)).toEqual([id])
  })

  it('shows the conversation: our post, the thread from platform_meta, the replies and who triaged it', async () => {
    const postId = uuidv7()
    db()
      .insert(posts)
      .values({
        id: postId,
        orgId,
        socialAccountId: channel,
        caption: 'Our new flat white is here',
        status: 'published',
        publishedAt: '2026-02-28T09:00:00Z',
        platformUrl: 'https://sandbox.example/p/1',
        createdBy: me,
        createdAt: '2026-02-28T08:00:00Z',
        updatedAt: '2026-02-28T09:00:00Z',
      })
      .run()
    const [root, answer, unrelated, bare] = addComments(core, orgId, channel, [
      { text: 'Is it oat milk?', timestamp: '2026-02-28T10:00:00Z', postId, platformCommentId: 'p-root' },
      {
        text: 'Yes, and it is great',
        timestamp: '2026-02-28T10:05:00Z',
        postId,
        platformCommentId: 'p-answer',
        platformMeta: { kind: 'reply', inReplyToId: 'p-root', rootId: 'p-root', url: 'https://sandbox.example/c/2' },
      },
      { text: 'Something else', timestamp: '2026-02-28T10:06:00Z', platformCommentId: 'p-other' },
      { text: 'No meta at all', timestamp: '2026-02-28T10:07:00Z', platformMeta: { kind: 42 } },
    ])
    db()
      .insert(replies)
      .values({
        id: uuidv7(),
        orgId,
        commentId: answer!,
        authorUserId: me,
        text: 'Thanks!',
        timestamp: '2026-02-28T10:10:00Z',
        status: 'failed',
        error: 'The platform refused it.',
      })
      .run()
    await core.ok('setCommentStatus', { orgId, commentIds: [answer!, unrelated!], status: 'pending' })

    const conversation: Conversation = await core.ok('getConversation', { orgId, commentId: answer! })
    expect(conversation.post).toMatchObject({
      caption: 'Our new flat white is here',
      url: 'https://sandbox.example/p/1',
    })
    expect(conversation.comment).toMatchObject({ kind: 'reply', url: 'https://sandbox.example/c/2' })
    expect(conversation.thread.map((c) => c.id)).toEqual([root])
    expect(conversation.replies).toMatchObject([{ text: 'Thanks!', status: 'failed', authorName: 'Ana Ruiz' }])
    expect(conversation.audit.map((a) => a.action)).toEqual(['comment.status_changed'])
    expect(conversation.audit[0]!.actorName).toBe('Ana Ruiz')

    const alone = await core.ok('getConversation', { orgId, commentId: bare! })
    expect(alone).toMatchObject({ post: null, thread: [], replies: [], comment: { kind: 'reply', url: null } })
  })

  it('lets a viewer read the inbox but refuses every triage change with a sentence', async () => {
    const ids = seed(1)
    db().run(sql`UPDATE memberships SET role = 'viewer' WHERE user_id = ${me}`)
    expect((await list()).length).toBe(1)
    const refused = await core.fails('setCommentStatus', { orgId, commentIds: ids, status: 'done' })
    expect(refused.message).toBe(
      'As a viewer in "Acme Coffee" you can read the inbox but not triage it; ask an admin for the contributor or editor role.',
    )
    for (const [method, input] of [
      ['assignComments', { assignedTo: null }],
      ['tagComments', { add: ['x'] }],
    ] as const) {
      expect((await core.fails(method, { orgId, commentIds: ids, ...input })).code).toBe('forbidden')
    }
    expect(actions()).toEqual([])
  })
})
