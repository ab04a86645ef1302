/**
 * Replies to Bluesky comments against a real PDS (@atproto/dev-env's TestNetworkNoAppView), through the core's
 * reply sender as the app runs it: the reply goes out once, as a reply record whose key comes from the reply's
 * id; after a crash in sending (the PDS took it, the app never recorded it) the sender looks it up and does not
 * post it again, counted in the account's repo on the PDS.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createBlueskyAdapter, parseAtUri, rkeyFromIdempotencyKey } from '../../src-shared/platforms/bluesky'
import { startBlueskyPds, type BlueskyPds } from '../helpers/bluesky-pds'
import { startTestCore, type TestCore } from '../helpers/core'
import { ClockTimers } from '../helpers/fake-timers'
import { addComment, leaveSending, replyRow } from '../helpers/reply-rows'

const cores: TestCore[] = []
afterEach(() => {
  for (const c of cores.splice(0)) c.dispose()
})

let pds: BlueskyPds
beforeAll(async () => {
  pds = await startBlueskyPds()
})
afterAll(() => pds?.close())

const adapter = createBlueskyAdapter({ fetch: (input, init) => fetch(input, init) })

async function setup() {
  const suffix = `${Date.now() % 1_000_000}${Math.floor(Math.random() * 100)}`
  const ana = await pds.createAccount(`ana${suffix}`)
  const bob = await pds.createAccount(`bob${suffix}`)
  // Bob posts; his post is the comment the channel answers (a mention, a reply to one of ours: the same to a reply).
  const bobSession = await adapter.connect({
    kind: 'app_password',
    service: pds.url,
    identifier: bob.identifier,
    password: bob.appPassword,
  })
  const bobPost = await adapter.publish(
    bobSession,
    { text: 'Do you ship to Lyon?' },
    { idempotencyKey: `bob-${suffix}` },
  )

  const timers = new ClockTimers(() => core.clock)
  const core = startTestCore(undefined, { publishing: { timers } })
  cores.push(core)
  await core.ok('createProfile', { name: 'Ana Ruiz', email: null })
  const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
  const channel = await core.ok('connectChannel', {
    orgId: org.id,
    platform: 'bluesky',
    service: pds.url,
    identifier: ana.identifier,
    appPassword: ana.appPassword,
  })
  await core.replySender!.idle()
  const commentId = addComment(core, org.id, channel.id, {
    platform: 'bluesky',
    platformCommentId: bobPost.platformPostId,
    author: { name: 'Bob', handle: bob.handle },
    text: 'Do you ship to Lyon?',
  })
  const repliesOnPds = async () =>
    (await pds.listPosts(ana.did)).filter((p) => p.value.reply?.parent?.uri === bobPost.platformPostId)
  return { core, orgId: org.id, channelId: channel.id, commentId, ana, bobPost, repliesOnPds }
}

describe('replies to Bluesky comments on a real PDS', () => {
  it('sends the reply once, as a reply record keyed by the reply’s id', async () => {
    const s = await setup()
    const reply = await s.core.ok('sendReply', {
      orgId: s.orgId,
      commentId: s.commentId,
      text: 'We do, every Tuesday!',
    })
    await s.core.replySender!.idle()

    const stored = await s.repliesOnPds()
    expect(stored.map((p) => p.value.text)).toEqual(['We do, every Tuesday!'])
    expect(parseAtUri(stored[0]!.uri).rkey).toBe(rkeyFromIdempotencyKey(reply.id))
    expect(stored[0]!.value.reply.root.uri).toBe(s.bobPost.platformPostId)
    const row = replyRow(s.core, s.orgId, reply.id)
    expect(row).toMatchObject({ status: 'sent', platformReplyId: stored[0]!.uri, error: null })
    expect(row.url).toContain(`/post/${rkeyFromIdempotencyKey(reply.id)}`)

    await s.core.replySender!.wake()
    expect(await s.repliesOnPds()).toHaveLength(1)
    expect(s.core.logged).toEqual([])
  })

  it('after a crash in sending, looks the reply up on the PDS and does not post it twice', async () => {
    const s = await setup()
    s.core.replySender!.stop()
    const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Yes, Lyon too.' })
    // The PDS took the record under the reply's key; then the app died before recording the answer.
    const anaSession = await adapter.connect({
      kind: 'app_password',
      service: pds.url,
      identifier: s.ana.identifier,
      password: s.ana.appPassword,
    })
    const taken = await adapter.reply(anaSession, { platformPostId: s.bobPost.platformPostId }, 'Yes, Lyon too.', {
      idempotencyKey: reply.id,
    })
    leaveSending(s.core, s.orgId, reply.id, s.core.clock.now())
    expect(await s.repliesOnPds()).toHaveLength(1)

    const again = startTestCore(s.core.dataDir, { publishing: { timers: new ClockTimers(() => again.clock) } })
    try {
      await again.replySender!.idle()
      await again.replySender!.wake()
      expect(replyRow(again, s.orgId, reply.id)).toMatchObject({
        status: 'sent',
        platformReplyId: taken.platformPostId,
      })
      expect(await s.repliesOnPds()).toHaveLength(1)
      expect(again.logged).toEqual([])
    } finally {
      again.close()
    }
  })

  it('sends a reply a crash left sending before the PDS had it, once', async () => {
    const s = await setup()
    s.core.replySender!.stop()
    const reply = await s.core.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Lyon, yes.' })
    leaveSending(s.core, s.orgId, reply.id, s.core.clock.now())
    s.core.replySender!.start()
    await s.core.replySender!.idle()
    expect(replyRow(s.core, s.orgId, reply.id).status).toBe('sent')
    expect((await s.repliesOnPds()).map((p) => p.value.text)).toEqual(['Lyon, yes.'])
  })
})
