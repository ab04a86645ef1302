/**
 * Replies in an organization that lives on this device, through the core as the app runs it (its reply sender
 * beside the publishing loop, on timers of the test's clock) to the built-in Sandbox: queued at once, sent once
 * under the reply's id, looked up after a crash instead of sent again; refusals in sentences (too long, a
 * placeholder left); and the saved replies they start from, with their placeholders checked.
 */
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { auditLogs, sandboxPosts } from '../../src-main/db/schema/org'
import { adapterFor } from '../../src-main/platforms/adapters'
import { readStoredChannel, sessionOf } from '../../src-main/platforms/channel-store'
import { startTestCore, type TestCore } from '../helpers/core'
import { ClockTimers } from '../helpers/fake-timers'
import { addComment, commentRow, leaveSending, replyRow } from '../helpers/reply-rows'

const cores: TestCore[] = []
afterEach(() => {
  for (const c of cores.splice(0)) c.dispose()
})

async function setup() {
  const timers = new ClockTimers(() => core.clock)
  const core = startTestCore(undefined, { publishing: { timers } })
  cores.push(core)
  await core.ok('createProfile', { name: 'Ana Ruiz', email: null })
  const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
  const channel = await core.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme sandbox' })
  const settle = () => core.replySender!.idle()
  await settle()
  const platformCommentId = 'sandbox-post-1:c0'
  const commentId = addComment(core, org.id, channel.id, { platformCommentId })
  const sandboxReplies = () =>
    core.ctx.dbs.org(org.id).select().from(sandboxPosts).where(eq(sandboxPosts.replyTo, platformCommentId)).all()
  return { core, orgId: org.id, channelId: channel.id, commentId, platformCommentId, settle, sandboxReplies }
}

describe('replies on this device', () => {
  it('queues a reply, marks its comment done, and sends it once to the Sandbox with a link', async () => {
    const s = await setup()
    const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Thanks, Ada!' })
    expect(reply).toMatchObject({ status: 'waiting', authorName: 'Ana Ruiz', text: 'Thanks, Ada!', sentAt: null })
    expect(commentRow(s.core, s.orgId, s.commentId).status).toBe('done')
    await s.settle()

    const [sent] = await s.core.ok('listReplies', { orgId: s.orgId, commentId: s.commentId })
    expect(sent).toMatchObject({ id: reply.id, status: 'sent', error: null })
    expect(sent!.url).toMatch(/^sandbox:\/\//)
    expect(sent!.sentAt).toBe(s.core.clock.now().toISOString())
    const out = s.sandboxReplies()
    expect(out.map((p) => [p.text, p.idempotencyKey])).toEqual([['Thanks, Ada!', reply.id]])
    expect(replyRow(s.core, s.orgId, reply.id).platformReplyId).toBe(out[0]!.id)

    // Woken again (a reconnect, a round), it has nothing left to send.
    await s.core.replySender!.wake()
    expect(s.sandboxReplies()).toHaveLength(1)
    expect(s.core.logged).toEqual([])
  })

  it('after a crash in sending, looks the reply up by its key instead of sending it again', async () => {
    const s = await setup()
    s.core.replySender!.stop()
    const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'On its way' })
    // The platform took it, then the app died before it recorded the answer.
    const adapter = adapterFor(s.core.ctx, s.orgId, 'sandbox', s.channelId)
    const stored = readStoredChannel(s.core.ctx.dbs.org(s.orgId), s.channelId)!
    const session = (await sessionOf(s.core.ctx.secrets, stored))!
    await adapter.reply(session, { platformPostId: s.platformCommentId }, 'On its way', { idempotencyKey: reply.id })
    leaveSending(s.core, s.orgId, reply.id, s.core.clock.now())
    const before = s.sandboxReplies()
    expect(before).toHaveLength(1)

    // The app starts again.
    const again = startTestCore(s.core.dataDir, { publishing: { timers: new ClockTimers(() => again.clock) } })
    try {
      await again.replySender!.idle()
      await again.replySender!.wake()
      expect(replyRow(again, s.orgId, reply.id)).toMatchObject({ status: 'sent', platformReplyId: before[0]!.id })
      expect(s.sandboxReplies()).toHaveLength(1)
      // Found by the look-up, not sent again.
      const sentEntry = again.ctx.dbs
        .org(s.orgId)
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, 'reply.sent'), eq(auditLogs.entityId, reply.id)))
        .get()
      expect(sentEntry?.meta).toMatchObject({ via: 'lookup after an interrupted send' })
      expect(again.logged).toEqual([])
    } finally {
      again.close()
    }
  })

  it('sends a reply a crash left sending before the platform had it, once', async () => {
    const s = await setup()
    s.core.replySender!.stop()
    const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Second try' })
    leaveSending(s.core, s.orgId, reply.id, s.core.clock.now())
    const again = startTestCore(s.core.dataDir, { publishing: { timers: new ClockTimers(() => again.clock) } })
    try {
      await again.replySender!.idle()
      await again.replySender!.wake()
      expect(replyRow(again, s.orgId, reply.id).status).toBe('sent')
      expect(s.sandboxReplies().map((p) => p.text)).toEqual(['Second try'])
    } finally {
      again.close()
    }
  })

  it('refuses a reply longer than the platform takes, and one with a placeholder left, in sentences', async () => {
    const s = await setup()
    const tooLong = await s.core.fails('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'a'.repeat(512) })
    expect(tooLong.message).toBe('Too long by 12 characters (512 of 500).')
    const unfilled = await s.core.fails('sendReply', {
      orgId: s.orgId,
      commentId: s.commentId,
      text: 'Hi {{name}}, your order {{ order_number }} ships today.',
    })
    expect(unfilled.message).toBe(
      'Fill in {{name}} and {{order_number}} before sending: the reply still has placeholders without a value.',
    )
    expect(await s.core.ok('listReplies', { orgId: s.orgId, commentId: s.commentId })).toEqual([])
    expect(commentRow(s.core, s.orgId, s.commentId).status).toBe('open')
  })

  it('takes back a waiting reply, and refuses to take back a sent one', async () => {
    const s = await setup()
    s.core.replySender!.stop()
    const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Oops' })
    await s.core.ok('cancelReply', { orgId: s.orgId, replyId: reply.id })
    expect(await s.core.ok('listReplies', { orgId: s.orgId, commentId: s.commentId })).toEqual([])
    // Nothing else answered it: the comment is open again.
    expect(commentRow(s.core, s.orgId, s.commentId).status).toBe('open')

    s.core.replySender!.start()
    const sent = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Thanks!' })
    await s.settle()
    const refused = await s.core.fails('cancelReply', { orgId: s.orgId, replyId: sent.id })
    expect(refused.message).toBe('This reply was sent already; delete it on the platform if it should not stay.')
  })
})

describe('replies on a channel that was disconnected', () => {
  it('fails the waiting reply with what to do, and sends nothing', async () => {
    const s = await setup()
    s.core.replySender!.stop()
    const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Hello again' })
    await s.core.ok('disconnectChannel', { orgId: s.orgId, channelId: s.channelId })
    await s.core.replySender!.start()
    expect(replyRow(s.core, s.orgId, reply.id)).toMatchObject({
      status: 'failed',
      error: 'The channel this reply goes out on was disconnected. Connect it again, then Retry.',
    })
    expect(s.sandboxReplies()).toEqual([])
    expect(commentRow(s.core, s.orgId, s.commentId).status).toBe('open')
    const refused = await s.core.fails('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Anyone?' })
    expect(refused.message).toBe('The channel of this comment was disconnected; connect it again to reply.')
  })
})

describe('saved replies', () => {
  it('saves, lists by title, edits and deletes a saved reply, listing its custom placeholders', async () => {
    const s = await setup()
    const saved = await s.core.ok('createSavedReply', {
      orgId: s.orgId,
      title: 'Shipping',
      body: 'Hi {{name}}, order {{order_number}} ships on {{date}}.',
      placeholders: [{ key: 'order_number', label: 'Order number' }],
    })
    expect(saved.placeholders).toEqual([{ key: 'order_number', label: 'Order number' }])
    await s.core.ok('createSavedReply', { orgId: s.orgId, title: 'apology', body: 'Sorry, {{name}}!' })
    expect((await s.core.ok('listSavedReplies', { orgId: s.orgId })).map((r) => r.title)).toEqual([
      'apology',
      'Shipping',
    ])

    const edited = await s.core.ok('updateSavedReply', {
      orgId: s.orgId,
      savedReplyId: saved.id,
      body: 'Hi {{name}}, your parcel {{tracking_code}} is on its way.',
    })
    // The declared label went with its placeholder; the new one is named in words until declared.
    expect(edited.placeholders).toEqual([{ key: 'tracking_code', label: 'Tracking code' }])
    expect(edited.body).toBe('Hi {{name}}, your parcel {{tracking_code}} is on its way.')

    await s.core.ok('deleteSavedReply', { orgId: s.orgId, savedReplyId: saved.id })
    expect((await s.core.ok('listSavedReplies', { orgId: s.orgId })).map((r) => r.title)).toEqual(['apology'])
    const gone = await s.core.fails('updateSavedReply', { orgId: s.orgId, savedReplyId: saved.id, title: 'Again' })
    expect(gone.code).toBe('not_found')
  })

  it('tells the windows to read Engage again when a saved reply or a reply is written', async () => {
    const s = await setup()
    const seen: string[] = []
    s.core.onEvent((event) => {
      if (event.type === 'audit.changed' && event.orgId === s.orgId) seen.push(event.type)
    })
    const saved = await s.core.ok('createSavedReply', { orgId: s.orgId, title: 'Thanks', body: 'Thanks, {{name}}!' })
    expect(seen).toHaveLength(1)
    await s.core.ok('updateSavedReply', { orgId: s.orgId, savedReplyId: saved.id, title: 'Thank you' })
    await s.core.ok('deleteSavedReply', { orgId: s.orgId, savedReplyId: saved.id })
    expect(seen).toHaveLength(3)
    await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Thanks, Ada!' })
    expect(seen.length).toBeGreaterThanOrEqual(4)
  })

  it('refuses a body whose braces are not a placeholder, naming the token', async () => {
    const s = await setup()
    const broken = await s.core.fails('createSavedReply', {
      orgId: s.orgId,
      title: 'Broken',
      body: 'Hi {{first name}}, thanks!',
    })
    expect(broken.code).toBe('invalid_input')
    expect(broken.message).toContain(
      '“{{first name}}” is not a placeholder name: use letters, digits and underscores, like {{first_name}}.',
    )
    const unclosed = await s.core.fails('createSavedReply', { orgId: s.orgId, title: 'Open', body: 'Hi {{name' })
    expect(unclosed.message).toContain('A placeholder is missing its “{{” or “}}”.')
    expect(await s.core.ok('listSavedReplies', { orgId: s.orgId })).toEqual([])
  })
})
