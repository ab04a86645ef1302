import { describe, expect, it } from 'vitest'
import { publishThread, type PlatformSession } from '../../src-shared/platforms/adapter'
import {
  createMemorySandboxBackend,
  createSandboxAdapter,
  sandboxComments,
  sandboxDailyMetrics,
} from '../../src-shared/platforms/sandbox'

const publishedAt = Date.parse('2026-11-20T09:30:00.000Z')

function setup(startMs = publishedAt) {
  let clock = startMs
  let n = 0
  const backend = createMemorySandboxBackend(() => `post-${++n}`)
  const adapter = createSandboxAdapter({ backend, now: () => clock, feedUrl: 'http://127.0.0.1:4000/sandbox' })
  return { adapter, backend, advance: (ms: number) => (clock += ms), at: () => clock }
}

describe('Sandbox platform', () => {
  it('connects without an account and publishes to its feed once per idempotency key', async () => {
    const { adapter, backend } = setup()
    const session: PlatformSession = await adapter.connect({ kind: 'none' })
    const first = await adapter.publish(session, { text: 'Hello sandbox' }, { idempotencyKey: 'k1' })
    const again = await adapter.publish(session, { text: 'Hello sandbox' }, { idempotencyKey: 'k1' })
    expect(first).toEqual({ platformPostId: 'post-1', url: 'http://127.0.0.1:4000/sandbox/posts/post-1' })
    expect(again).toEqual(first)
    expect(await backend.list(session.accountId)).toHaveLength(1)
    expect(await adapter.lookup(session, 'k1')).toEqual({ status: 'found', ...first })
    expect(await adapter.lookup(session, 'k2')).toEqual({ status: 'not_found' })
  })

  it('refuses what breaks its limits, permanently and in words', async () => {
    const { adapter } = setup()
    const session = await adapter.connect({ kind: 'none' })
    await expect(adapter.publish(session, { text: 'x'.repeat(510) }, { idempotencyKey: 'k' })).rejects.toMatchObject({
      kind: 'permanent',
      message: 'Too long by 10 characters (510 of 500).',
    })
  })

  it('generates the same comments and metrics for the same post, arriving over time', () => {
    const post = { id: 'post-42', publishedAt: new Date(publishedAt).toISOString() }
    const later = publishedAt + 3 * 86_400_000
    expect(sandboxComments(post, later)).toEqual(sandboxComments(post, later))
    expect(sandboxDailyMetrics(post, later)).toEqual(sandboxDailyMetrics(post, later))
    expect(sandboxComments(post, publishedAt)).toEqual([])

    const days = sandboxDailyMetrics(post, later)
    expect(days.map((d) => d.day)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'])
    expect(days[0]!.impressions).toBeGreaterThan(0)
    // The launch day outdoes the days after it.
    expect(days[0]!.impressions + days[1]!.impressions).toBeGreaterThan(days[2]!.impressions)
  })

  it('gives different posts different numbers, and never takes numbers back as time passes', () => {
    const at = (id: string) => ({ id, publishedAt: new Date(publishedAt).toISOString() })
    const later = publishedAt + 5 * 86_400_000
    const totals = ['a', 'b', 'c', 'd'].map((id) =>
      sandboxDailyMetrics(at(id), later).reduce((n, d) => n + d.impressions, 0),
    )
    expect(new Set(totals).size).toBeGreaterThan(1)

    let previous = 0
    for (let hours = 0; hours <= 72; hours += 6) {
      const total = sandboxDailyMetrics(at('a'), publishedAt + hours * 3_600_000).reduce((n, d) => n + d.likes, 0)
      expect(total).toBeGreaterThanOrEqual(previous)
      previous = total
    }
  })

  it('shows comments in Engage and the account’s own reply in the conversation', async () => {
    const { adapter, advance } = setup()
    const session = await adapter.connect({ kind: 'none' })
    // Find a post the seeded generator gives comments to.
    let postId = ''
    for (let i = 0; i < 20 && !postId; i++) {
      const { platformPostId } = await adapter.publish(session, { text: `post ${i}` }, { idempotencyKey: `k${i}` })
      const post = { id: platformPostId, publishedAt: new Date(publishedAt).toISOString() }
      if (sandboxComments(post, publishedAt + 3 * 86_400_000).length > 0) postId = platformPostId
    }
    expect(postId).not.toBe('')
    advance(3 * 86_400_000)
    const comments = await adapter.fetchComments(session, postId)
    expect(comments.length).toBeGreaterThan(0)
    const first = comments[0]!
    await adapter.reply(session, { platformPostId: first.platformCommentId }, 'Thank you!', { idempotencyKey: 'r1' })
    const after = await adapter.fetchComments(session, postId)
    expect(after).toHaveLength(comments.length + 1)
    expect(after.at(-1)).toMatchObject({
      inReplyToId: first.platformCommentId,
      text: 'Thank you!',
      author: { handle: 'you.sandbox' },
    })
  })

  it('reports analytics for its posts and lists unknown ones as missing', async () => {
    const { adapter, advance } = setup()
    const session = await adapter.connect({ kind: 'none' })
    const { platformPostId } = await adapter.publish(session, { text: 'measured' }, { idempotencyKey: 'm' })
    advance(2 * 86_400_000)
    const snapshot = await adapter.fetchAnalytics(session, [platformPostId, 'nope'])
    expect(snapshot.missing).toEqual(['nope'])
    expect(snapshot.followers).toBeGreaterThan(0)
    expect(snapshot.posts[0]).toMatchObject({ platformPostId })
    expect(snapshot.posts[0]!.impressions).toBeGreaterThan(0)
    expect(await adapter.fetchAnalytics(session, [platformPostId])).toEqual(
      await adapter.fetchAnalytics(session, [platformPostId]),
    )
  })

  it('publishes a thread as a chain of replies, and resumes an interrupted one without posting twice', async () => {
    const { adapter, backend } = setup()
    const session = await adapter.connect({ kind: 'none' })
    // The first post went out before a crash.
    await adapter.publish(session, { text: '1/3' }, { idempotencyKey: 't1' })
    const results = await publishThread(
      adapter,
      session,
      [{ text: '1/3' }, { text: '2/3' }, { text: '3/3' }],
      ['t1', 't2', 't3'],
    )
    expect(results.map((r) => r.platformPostId)).toEqual(['post-1', 'post-2', 'post-3'])
    const posts = await backend.list(session.accountId)
    expect(posts).toHaveLength(3)
    expect(posts.map((p) => [p.text, p.replyTo])).toEqual([
      ['3/3', 'post-2'],
      ['2/3', 'post-1'],
      ['1/3', undefined],
    ])
  })
})
