/**
 * A post's thread and first comment through the shared publishing loop, on
 * each real job store (the desktop's SQLite org file, the server's
 * PostgreSQL): sent in order after the post, each replying to the one
 * before, each recorded in posts.follow_ups once; a crash between steps
 * resumes at the next unsent one; a failing step never un-publishes the
 * post, leaves a note and is sent once by Retry.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { PlatformError } from '../../src-shared/platforms/adapter'
import {
  PublishError,
  type FollowUpOptions,
  type FollowUpStep,
  type LookupResult,
  type PublishedPost,
  type PublishOptions,
} from '../../src-shared/scheduling/loop-ports'
import { disposeLoopStores, loopStores, type LoopPost, type TestPublisher } from '../helpers/loop-stores'

const MINUTE = 60_000

interface Sent {
  key: string
  text: string
  replyTo: string | null
}

/**
 * A platform that keeps what it was sent by idempotency key, as Bluesky's deterministic record keys do: the same
 * key never makes a second post. `lookups` says whether it can be asked by key (Mastodon cannot); `fail` and `hang`
 * script one call each by key (hang: the post lands, the answer never comes, as when a process is killed).
 */
class ThreadPlatform implements TestPublisher {
  readonly sent: Sent[] = []
  readonly calls: string[] = []
  readonly lookups: string[] = []
  readonly fail = new Map<string, Error>()
  readonly hang = new Set<string>()
  constructor(
    private readonly canLookUp = true,
    private readonly window = Number.POSITIVE_INFINITY,
  ) {}

  private put(key: string, text: string, replyTo: string | null): Promise<PublishedPost> {
    this.calls.push(key)
    const failure = this.fail.get(key)
    if (failure) {
      this.fail.delete(key)
      return Promise.reject(failure)
    }
    let at = this.sent.findIndex((s) => s.key === key)
    if (at < 0) at = this.sent.push({ key, text, replyTo }) - 1
    const answer = { platformPostId: `id-${at}`, url: `https://x/${at}` }
    if (this.hang.delete(key)) return new Promise(() => undefined)
    return Promise.resolve(answer)
  }

  publish(post: LoopPost, options: PublishOptions<unknown>): Promise<PublishedPost> {
    return this.put(options.idempotencyKey, post.caption ?? '', null)
  }

  publishFollowUp(_post: LoopPost, step: FollowUpStep, options: FollowUpOptions<unknown>): Promise<PublishedPost> {
    return this.put(options.idempotencyKey, step.text, options.replyTo)
  }

  async lookup(key: string): Promise<LookupResult> {
    this.lookups.push(key)
    if (!this.canLookUp) return { status: 'unsupported', reason: 'this platform cannot be asked by key' }
    const at = this.sent.findIndex((s) => s.key === key)
    return at < 0 ? { status: 'not_found' } : { status: 'found', platformPostId: `id-${at}`, url: `https://x/${at}` }
  }

  dedupeWindowMs(): number {
    return this.window
  }

  /** The thread as the platform holds it: each text with the text it answers. */
  thread(): [string, string | null][] {
    return this.sent.map((s) => [s.text, s.replyTo === null ? null : this.sent[Number(s.replyTo.slice(3))]!.text])
  }
}

const plan = { parts: ['Part two', 'Part three'], firstComment: 'Menu: https://acme.example/menu' }

afterEach(() => disposeLoopStores())

describe.each(loopStores)('follow-ups ($name)', ({ setup }) => {
  it('publishes the thread in order, then the first comment, each once and each recorded', async () => {
    const s = await setup()
    const ids = await s.scheduleThread(s.inMinutes(0), 'Part one', plan)
    const platform = new ThreadPlatform()
    await s.makeLoop(platform).start()

    expect(platform.thread()).toEqual([
      ['Part one', null],
      ['Part two', 'Part one'],
      ['Part three', 'Part two'],
      ['Menu: https://acme.example/menu', 'Part three'],
    ])
    expect(platform.calls).toEqual([ids.jobId, `${ids.jobId}-part-1`, `${ids.jobId}-part-2`, `${ids.jobId}-comment`])
    // Nothing was tried before: no step is looked up.
    expect(platform.lookups).toEqual([])
    const followUps = await s.followUpsOf(ids.postId)
    expect(followUps.map((f) => [f.kind, f.index, f.platformPostId])).toEqual([
      ['part', 1, 'id-1'],
      ['part', 2, 'id-2'],
      ['first_comment', 0, 'id-3'],
    ])
    const rows = await s.rowOf(ids)
    expect(rows.post.status).toBe('published')
    expect(rows.post.platformPostId).toBe('id-0')
    expect(rows.job.status).toBe('done')
    expect(await s.auditActions(ids.postId)).toEqual(
      expect.arrayContaining(['post.published', 'post.follow_up_published', 'post.follow_ups_done']),
    )
  })

  it('resumes after a crash between steps at the next unsent one, without doubles', async () => {
    const s = await setup()
    const ids = await s.scheduleThread(s.inMinutes(0), 'Part one', plan)
    const platform = new ThreadPlatform()
    // Part three reaches the platform; the process dies before it hears back.
    platform.hang.add(`${ids.jobId}-part-2`)
    void s.makeLoop(platform, { log: () => undefined }).start()
    await expect.poll(() => platform.calls.length).toBe(3)
    expect((await s.rowOf(ids)).post.status).toBe('published')
    expect((await s.followUpsOf(ids.postId)).length).toBe(1)

    const after = await s.restart()
    await after.makeLoop(platform).start()

    expect(platform.thread().map(([text]) => text)).toEqual([
      'Part one',
      'Part two',
      'Part three',
      'Menu: https://acme.example/menu',
    ])
    // Part three was found by its key, not sent again; the comment went once, answering it.
    expect(platform.lookups).toEqual([`${ids.jobId}-part-2`])
    expect(platform.calls.filter((key) => key === `${ids.jobId}-part-2`)).toHaveLength(1)
    expect(platform.thread()[3]).toEqual(['Menu: https://acme.example/menu', 'Part three'])
    expect((await after.followUpsOf(ids.postId)).map((f) => f.kind)).toEqual(['part', 'part', 'first_comment'])
    expect((await after.rowOf(ids)).job.status).toBe('done')
  })

  it('does not resend a step the platform cannot tell about once its dedupe window has passed: a note instead', async () => {
    const s = await setup()
    const ids = await s.scheduleThread(s.inMinutes(0), 'Part one', { parts: [], firstComment: 'Menu inside' })
    const platform = new ThreadPlatform(false, 60 * MINUTE)
    platform.hang.add(`${ids.jobId}-comment`)
    void s.makeLoop(platform, { log: () => undefined }).start()
    await expect.poll(() => platform.calls.length).toBe(2)

    const after = await s.restart()
    after.clock.advance(90 * MINUTE)
    await after.makeLoop(platform).start()

    expect(platform.calls.filter((key) => key.endsWith('-comment'))).toHaveLength(1)
    const rows = await after.rowOf(ids)
    expect(rows.post.status).toBe('published')
    expect(rows.post.platformUrl).toBe('https://x/0')
    expect(rows.job.status).toBe('failed')
    expect(rows.job.lastError).toMatch(/^The first comment may or may not have been posted/)
    expect(await after.followUpsOf(ids.postId)).toEqual([])
  })

  it('keeps the post published when the first comment is refused, with a note; Retry sends it once', async () => {
    const s = await setup()
    const ids = await s.scheduleThread(s.inMinutes(0), 'Part one', { parts: ['Part two'], firstComment: 'Menu' })
    const platform = new ThreadPlatform()
    platform.fail.set(
      `${ids.jobId}-comment`,
      new PlatformError('sandbox', 'permanent', 'replies to this post are turned off'),
    )
    const loop = s.makeLoop(platform)
    await loop.start()

    let rows = await s.rowOf(ids)
    expect(rows.post.status).toBe('published')
    expect(rows.post.platformUrl).toBe('https://x/0')
    expect(rows.job.status).toBe('failed')
    expect(rows.job.lastError).toBe(
      'The first comment was not posted: replies to this post are turned off. Retry to send it.',
    )
    expect((await s.followUpsOf(ids.postId)).map((f) => f.kind)).toEqual(['part'])

    await s.retryFollowUps(ids.jobId)
    await loop.runDue()

    rows = await s.rowOf(ids)
    expect(rows.job.status).toBe('done')
    expect(rows.job.lastError).toBeNull()
    expect(platform.thread()).toEqual([
      ['Part one', null],
      ['Part two', 'Part one'],
      ['Menu', 'Part two'],
    ])
    // Part two is recorded: Retry sends only what is left, and looks it up first.
    expect(platform.calls.filter((key) => key.endsWith('-part-1'))).toHaveLength(1)
    expect((await s.followUpsOf(ids.postId)).map((f) => f.kind)).toEqual(['part', 'first_comment'])
  })

  it('retries a transient follow-up failure with the loop’s backoff, the post live meanwhile', async () => {
    const s = await setup()
    const ids = await s.scheduleThread(s.inMinutes(0), 'Part one', { parts: [], firstComment: 'Menu' })
    const platform = new ThreadPlatform()
    platform.fail.set(`${ids.jobId}-comment`, new PublishError({ kind: 'transient', retryAfterMs: 5 * MINUTE }))
    // Jitter of zero: only Retry-After can explain the wait.
    const loop = s.makeLoop(platform, { random: () => 0 })
    await loop.start()

    let rows = await s.rowOf(ids)
    expect(rows.post.status).toBe('published')
    expect(rows.job.status).toBe('pending')
    expect(Date.parse(rows.job.runAt) - s.clock.now().getTime()).toBe(5 * MINUTE)

    await s.timers.advance(5 * MINUTE, () => loop.idle())

    rows = await s.rowOf(ids)
    expect(rows.job.status).toBe('done')
    expect(platform.thread()).toEqual([
      ['Part one', null],
      ['Menu', 'Part one'],
    ])
  })
})
