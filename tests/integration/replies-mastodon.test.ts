/**
 * Replies to Mastodon comments through the core's reply sender, against a stand-in instance over real HTTP
 * (tests/helpers/fake-mastodon.ts, the documented POST /api/v1/statuses): the reply mentions its author, answers
 * the comment and carries the reply's id as Idempotency-Key. Mastodon cannot look a status up by that key, so a
 * send whose answer never came is sent again only within the hour Mastodon keeps the key; past it the reply
 * fails with a sentence that says it may have gone out, and only a person's Retry sends it again.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestCore, type TestCore } from '../helpers/core'
import { startFakeMastodon, type FakeMastodon } from '../helpers/fake-mastodon'
import { ClockTimers } from '../helpers/fake-timers'
import { addComment, commentRow, replyRow } from '../helpers/reply-rows'

const cores: TestCore[] = []
let instance: FakeMastodon
beforeEach(async () => {
  instance = await startFakeMastodon()
})
afterEach(async () => {
  for (const c of cores.splice(0)) c.dispose()
  await instance.close()
})

const SEND_TIMEOUT_MS = 120_000
const HOUR_MS = 60 * 60_000

/**
 * An instance that is overloaded for its first status POST (503 with Retry-After), as Mastodon answers behind a
 * busy proxy, then takes posts; it counts them with their keys.
 */
async function startBusyInstance(retryAfterSeconds: number) {
  const posted: (string | undefined)[] = []
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      if (req.url === '/api/v1/accounts/verify_credentials') {
        return res.end(JSON.stringify({ id: '42', username: 'ana', acct: 'ana', display_name: 'Ana', avatar: '' }))
      }
      const key = req.headers['idempotency-key']
      posted.push(typeof key === 'string' ? key : undefined)
      if (posted.length === 1) {
        res.writeHead(503, { 'retry-after': String(retryAfterSeconds) })
        return res.end(JSON.stringify({ error: 'Service Unavailable' }))
      }
      res.end(JSON.stringify({ id: '7', url: 'https://social.example/@ana/7', uri: 'https://social.example/s/7' }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

async function setup(service = () => instance.url) {
  const timers = new ClockTimers(() => core.clock)
  const core = startTestCore(undefined, { publishing: { timers } })
  cores.push(core)
  await core.ok('createProfile', { name: 'Ana Ruiz', email: null })
  const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
  const channel = await core.ok('connectChannel', {
    orgId: org.id,
    platform: 'mastodon',
    service: service(),
    accessToken: instance.token,
  })
  const sender = core.replySender!
  await sender.idle()
  const commentId = addComment(core, org.id, channel.id, {
    platform: 'mastodon',
    platformCommentId: '9001',
    author: { name: 'Chen Wei', handle: 'chen@social.example' },
    text: 'Is the Huila roast back?',
  })
  /** Lets a hanging send time out (the reply stays sending), the sender settling after. */
  const timeOut = async () => {
    // Each timer's callback settles the publishing loop only: the sender's pass is the one waiting on the timeout.
    await timers.advance(SEND_TIMEOUT_MS, () => core.scheduler!.idle())
    await sender.idle()
  }
  return { core, orgId: org.id, commentId, sender, timeOut, timers }
}

describe('replies to Mastodon comments', () => {
  it('mentions the author, answers the comment and sends the reply’s id as Idempotency-Key, once', async () => {
    const s = await setup()
    const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'It is, since Monday!' })
    await s.sender.idle()

    expect(instance.statusPosts).toEqual([
      {
        body: { status: '@chen@social.example It is, since Monday!', in_reply_to_id: '9001' },
        idempotencyKey: reply.id,
      },
    ])
    expect(replyRow(s.core, s.orgId, reply.id)).toMatchObject({
      status: 'sent',
      platformReplyId: '101',
      url: `${instance.url}/@ana/101`,
    })
    await s.sender.wake()
    expect(instance.statusPosts).toHaveLength(1)
  })

  it('counts the mention in Mastodon’s limit', async () => {
    const s = await setup()
    // The mention counts as "@chen" and a space (Mastodon counts a remote handle by its local part): 494 fit.
    await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'a'.repeat(494) })
    const refused = await s.core.fails('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'a'.repeat(500) })
    expect(refused.message).toBe('Too long by 6 characters (506 of 500).')
  })

  it('sends again under the same key within Mastodon’s hour when an answer never came', async () => {
    const s = await setup()
    instance.mode = 'hang'
    const first = instance.nextStatus()
    const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Back on Monday' })
    await first
    await s.timeOut()
    expect(replyRow(s.core, s.orgId, reply.id).status).toBe('sending')

    instance.mode = 'answer'
    await s.sender.wake()
    expect(instance.statusPosts.map((p) => p.idempotencyKey)).toEqual([reply.id, reply.id])
    expect(replyRow(s.core, s.orgId, reply.id).status).toBe('sent')
  })

  it('past Mastodon’s hour, fails an interrupted send as in doubt instead of sending it again', async () => {
    const s = await setup()
    instance.mode = 'hang'
    const first = instance.nextStatus()
    const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Back on Monday' })
    await first
    await s.timeOut()
    // The app was closed, and opened again well past the hour.
    s.sender.stop()
    s.core.clock.advance(HOUR_MS)
    instance.mode = 'answer'
    await s.sender.start()

    expect(instance.statusPosts).toHaveLength(1)
    const [failed] = await s.core.ok('listReplies', { orgId: s.orgId, commentId: s.commentId })
    expect(failed).toMatchObject({ status: 'failed', sentAt: null })
    expect(failed!.error).toBe(
      'Sending was interrupted and Mastodon cannot tell whether this reply went out; it may have. ' +
        'Check the conversation on Mastodon before you Retry, or it could appear twice.',
    )
    // Not answered for sure: the comment is open again.
    expect(commentRow(s.core, s.orgId, s.commentId).status).toBe('open')

    // A person checked and retries: it goes out under the same key.
    await s.core.ok('retryReply', { orgId: s.orgId, replyId: reply.id })
    await s.sender.idle()
    expect(instance.statusPosts.map((p) => p.idempotencyKey)).toEqual([reply.id, reply.id])
    expect(replyRow(s.core, s.orgId, reply.id).status).toBe('sent')
    expect(commentRow(s.core, s.orgId, s.commentId).status).toBe('done')
  })

  it('fails a reply the instance refuses, in its words, and Retry sends it once', async () => {
    const s = await setup()
    instance.refuse = () => 'Validation failed: Text character limit of 500 exceeded'
    const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Hello' })
    await s.sender.idle()
    expect(replyRow(s.core, s.orgId, reply.id)).toMatchObject({ status: 'failed' })
    expect(replyRow(s.core, s.orgId, reply.id).error).toContain(
      'Validation failed: Text character limit of 500 exceeded',
    )

    instance.refuse = null
    await s.core.ok('retryReply', { orgId: s.orgId, replyId: reply.id })
    await s.sender.idle()
    expect(replyRow(s.core, s.orgId, reply.id).status).toBe('sent')
    expect(instance.statusPosts).toHaveLength(2)
  })

  it('backs off a transient failure for as long as Retry-After asks, then sends once under the same key', async () => {
    const busy = await startBusyInstance(300)
    try {
      const s = await setup(() => busy.url)
      const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Soon!' })
      await s.sender.idle()
      const waiting = replyRow(s.core, s.orgId, reply.id)
      expect(waiting).toMatchObject({ status: 'waiting', attempts: 1 })
      expect(Date.parse(waiting.nextAttemptAt!) - s.core.clock.now().getTime()).toBeGreaterThanOrEqual(300_000)
      expect(waiting.error).toBeTruthy()

      // Not before its time, whatever wakes the sender.
      await s.sender.wake()
      expect(busy.posted).toHaveLength(1)
      await s.timers.advance(300_000, () => s.sender.idle())
      expect(replyRow(s.core, s.orgId, reply.id)).toMatchObject({ status: 'sent', attempts: 2, error: null })
      expect(busy.posted).toEqual([reply.id, reply.id])
    } finally {
      await busy.close()
    }
  })
})
