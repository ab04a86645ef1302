/**
 * Threads on the Sandbox feeds (issue 10, feature 3): a thread and its first comment published through the
 * adapter's publishThread and reply on the real Sandbox backends (a local-only org's SQLite file, and the real
 * sync server on loopback for an org that syncs) read as one thread: the in-app feed's answer has the parts under
 * the post they continue, in order, and the public page and its feed.json show the same, each post with its own
 * anchor. A reply to a made-up person's comment stands under that comment; the posts around the thread stay on
 * their own.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, describe, expect, it } from 'vitest'
import { sandboxFeedPostSchema } from '../../src-shared/entities/models'
import { adapterFor } from '../../src-main/platforms/adapters'
import { sandboxPosts } from '../../sync-server/db/schema'
import { startTestCore, type TestCore } from '../helpers/core'
import { signedUpDesktop, useLoopbackServer } from '../helpers/loopback'
import { publishSandboxThread, sandboxSession } from '../helpers/sandbox-thread'

const PARTS = [
  'Our roasting day, a thread 1/3',
  'We start at 6 with the Huila beans 2/3',
  'By noon the shop smells of it 3/3',
]
const COMMENT = 'Tickets for the open roastery: https://example.com/roast'
const MINUTE = 60_000

/** What a test moves between posts: the device's clock, and the server's where the server stamps the times. */
type Tick = () => void

/**
 * On `core`'s org and channel: a lone post, then a thread of three with its first comment, the channel's answer to a
 * made-up person's comment on the first post, and a later lone post, a minute apart.
 */
async function publishAround(core: TestCore, orgId: string, channelId: string, tick: Tick) {
  const adapter = adapterFor(core.ctx, orgId, 'sandbox', channelId)
  const session = sandboxSession(core.ctx, orgId, channelId)
  const lone = (text: string) => adapter.publish(session, { text }, { idempotencyKey: uuidv7() })
  const before = await lone('Open at 7 tomorrow')
  tick()
  const thread = await publishSandboxThread(core.ctx, orgId, channelId, { parts: PARTS, firstComment: COMMENT })
  tick()
  // Engage's reply to Ada's comment on the first post: an answer to someone else, not part of the thread.
  const toAda = await adapter.reply(
    session,
    { platformPostId: `${thread.parts[0]!.platformPostId}:c0` },
    'Thanks Ada!',
    {
      idempotencyKey: uuidv7(),
    },
  )
  tick()
  const after = await lone('Closed on Monday')
  return { before, thread, toAda, after }
}

const ids = (...results: { platformPostId: string }[]) => results.map((r) => r.platformPostId)

/** The feed's answer: each entry's post and its thread's posts with what they answer. */
const feedShape = (feed: { id: string; thread?: { id: string; replyTo?: string; text: string }[] }[]) =>
  feed.map((p) => [p.id, (p.thread ?? []).map((part) => [part.id, part.replyTo])])

function expectedShape({ before, thread, toAda, after }: Awaited<ReturnType<typeof publishAround>>) {
  const [p1, p2, p3] = ids(...thread.parts)
  const [comment] = ids(thread.comment!)
  return [
    [after.platformPostId, []],
    [toAda.platformPostId, []],
    [
      p1,
      [
        [p2, p1],
        [p3, p2],
        [comment, p3],
      ],
    ],
    [before.platformPostId, []],
  ]
}

describe('a thread on a local-only org’s Sandbox', () => {
  const cores: TestCore[] = []
  afterEach(() => {
    for (const core of cores.splice(0)) core.dispose()
  })

  it('reads in the in-app feed as the first post with its parts and first comment under it, in order', async () => {
    const core = startTestCore()
    cores.push(core)
    await core.ok('createProfile', { name: 'Ana Ruiz', email: null })
    const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    const channel = await core.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme' })
    const published = await publishAround(core, org.id, channel.id, () => core.clock.advance(MINUTE))

    const feed = await core.ok('listSandboxFeed', { orgId: org.id, channelId: channel.id, limit: 50 })
    expect(feedShape(feed)).toEqual(expectedShape(published))
    const thread = feed[2]!
    expect([thread.text, ...thread.thread!.map((p) => p.text)]).toEqual([...PARTS, COMMENT])
    // Each part links to its own place on the feed, which the app's route scrolls to.
    expect(thread.thread![1]!.url).toBe(
      `sandbox://${org.id}/${channel.id}/posts/${published.thread.parts[2]!.platformPostId}`,
    )
    expect(feed.map((p) => sandboxFeedPostSchema.parse(p))).toEqual(feed)

    // Published again under the same keys (a resumed thread), nothing is posted twice.
    const again = await publishSandboxThread(
      core.ctx,
      org.id,
      channel.id,
      { parts: PARTS, firstComment: COMMENT },
      published.thread.keys,
    )
    expect(ids(...again.parts, again.comment!)).toEqual(ids(...published.thread.parts, published.thread.comment!))
    expect(feedShape(await core.ok('listSandboxFeed', { orgId: org.id, channelId: channel.id, limit: 50 }))).toEqual(
      expectedShape(published),
    )
  })
})

describe('a thread on the sync server’s Sandbox', () => {
  const loopback = useLoopbackServer()

  it('reads as one thread in the in-app feed, in feed.json and on the public page, each post with its anchor', async () => {
    const ana = await signedUpDesktop(loopback.cores, loopback.url, { name: 'Ana', email: 'ana@example.com' }, false)
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const channel = await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme' })
    await ana.sync.syncNow(org.id)
    const published = await publishAround(ana, org.id, channel.id, () => {
      ana.clock.advance(MINUTE)
      loopback.server.clock.advance(MINUTE)
    })
    // The server holds every post once, stamped with its own times.
    expect(await loopback.server.database.db.select().from(sandboxPosts)).toHaveLength(7)

    const feed = await ana.ok('listSandboxFeed', { orgId: org.id, channelId: channel.id, limit: 50 })
    expect(feedShape(feed)).toEqual(expectedShape(published))

    const json = (await (await fetch(`${loopback.url}/sandbox/${channel.id}/feed.json`)).json()) as {
      posts: unknown[]
    }
    const posts = json.posts.map((p) => sandboxFeedPostSchema.parse(p))
    expect(feedShape(posts)).toEqual(expectedShape(published))
    expect(posts[2]!.thread![2]!.text).toBe(COMMENT)

    const html = await (await fetch(`${loopback.url}/sandbox/${channel.id}`)).text()
    const [p1, p2, p3] = ids(...published.thread.parts)
    const [comment] = ids(published.thread.comment!)
    // One card for the thread, its four posts in reading order with their places; the lone posts outside it.
    // Ada's comment (made up, within a minute of the first post) stands under it with the channel's answer.
    const talk = /<ol class="talk"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? ''
    expect(talk).toContain(`id="c-${ids(published.thread.parts[0]!)[0]}:c0"`)
    expect(talk).toContain(`<article id="${ids(published.toAda)[0]}"`)
    const withoutTalk = html.replace(/<ol class="talk"[\s\S]*?<\/ol>/g, '')
    const card = /<li class="thread">([\s\S]*?)<\/li>/.exec(withoutTalk)?.[1] ?? ''
    const anchors = [...card.matchAll(/<article id="([^"]+)"/g)].map((m) => m[1])
    expect(anchors).toEqual([p1, p2, p3, comment])
    expect([...card.matchAll(/(\d) of 4 in this thread/g)].map((m) => m[1])).toEqual(['1', '2', '3', '4'])
    expect(card).toContain('<a href="https://example.com/roast"')
    for (const lone of ids(published.before, published.after)) {
      expect(card).not.toContain(lone)
      expect(html.split(`<li><article id="${lone}"`)).toHaveLength(2)
    }
    expect(card).not.toContain(ids(published.toAda)[0])
    expect(html.match(/<li class="thread">/g)).toHaveLength(1)

    // The adapter's link to a part leads to the part's own anchor on the page.
    const redirect = await fetch(`${loopback.url}/sandbox/posts/${p3}`, { redirect: 'manual' })
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('location')).toBe(`${loopback.url}/sandbox/${channel.id}#${p3}`)
  })
})
