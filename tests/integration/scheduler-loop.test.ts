/**
 * The publishing loop with a clock and timers the test moves by hand and a
 * stand-in platform, over each real job store (the desktop's SQLite org
 * file, the server's PostgreSQL database): due posts go out once, retries
 * back off and honour Retry-After, permanent errors fail at once, an
 * interrupted publish is looked up rather than repeated, and late posts are
 * flagged.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { newId } from '../../src-main/core/ids'
import { integrations, socialAccounts } from '../../src-main/db/schema/org'
import { idempotencyKeyFor } from '../../src-main/scheduler/job-store'
import { localLeases } from '../../src-main/scheduler/ports'
import { Scheduler } from '../../src-main/scheduler/scheduler'
import { PlatformError } from '../../src-shared/platforms/adapter'
import {
  PublishError,
  type LeaseProvider,
  type LookupResult,
  type PublishedPost,
  type PublishOptions,
} from '../../src-shared/scheduling/loop-ports'
import { nextSlots, postingScheduleSchema } from '../../src-shared/scheduling/posting-schedule'
import { startOnboardedCore, type TestCore } from '../helpers/core'
import { ClockTimers } from '../helpers/fake-timers'
import { disposeLoopStores, loopStores, type LoopPost, type TestPublisher } from '../helpers/loop-stores'
import { writeScheduled } from '../helpers/schedule-rows'
import { writeRows } from '../helpers/write-rows'

const MINUTE = 60_000

type Step = PublishedPost | PublishError | Error | 'hang'

/** A platform that answers from a script and remembers every call. */
class FakePlatform implements TestPublisher {
  readonly published: { postId: string; caption: string | null; options: PublishOptions<unknown> }[] = []
  readonly lookups: string[] = []
  constructor(
    private readonly script: Step[] = [],
    private readonly lookupAnswer: LookupResult = { status: 'unsupported', reason: 'no lookup by key' },
  ) {}

  async publish(post: LoopPost, options: PublishOptions<unknown>): Promise<PublishedPost> {
    this.published.push({ postId: post.id, caption: post.caption, options })
    const step = this.script.shift() ?? { platformPostId: `p-${this.published.length}`, url: `https://x/${post.id}` }
    if (step === 'hang') return new Promise(() => undefined)
    if (step instanceof Error) throw step
    return step
  }

  async lookup(idempotencyKey: string): Promise<LookupResult> {
    this.lookups.push(idempotencyKey)
    return this.lookupAnswer
  }
}

afterEach(() => disposeLoopStores())

describe('the desktop’s Scheduler on an org file', () => {
  const cores: TestCore[] = []
  afterEach(() => {
    for (const c of cores.splice(0)) c.dispose()
  })

  it('records each step through the outbox so the outcome syncs', async () => {
    const { core, org } = await startOnboardedCore()
    cores.push(core)
    const integration = { id: newId(), orgId: org.id, platform: 'sandbox' as const, meta: { label: 'Sandbox' } }
    const account = {
      id: newId(),
      orgId: org.id,
      integrationId: integration.id,
      platformUserId: 'acme',
      username: 'acme',
    }
    writeRows(
      core,
      org.id,
      [
        { table: integrations, rowId: integration.id, values: integration },
        { table: socialAccounts, rowId: account.id, values: account },
      ],
      'channel.connected',
    )
    const post = await core.ok('createDraft', { orgId: org.id, caption: 'Fresh roast' })
    const ids = writeScheduled(core, org.id, post.id, core.clock.now(), { socialAccountId: account.id })
    const outbox = core.ctx.dbs.org(org.id).$client
    const before = outbox.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }
    const scheduler = new Scheduler({
      ctx: core.ctx,
      timers: new ClockTimers(() => core.clock),
      publisherFor: () => new FakePlatform(),
      leasesFor: () => localLeases,
      orgIds: () => [org.id],
      log: (error) => {
        throw error
      },
    })
    await scheduler.start()
    scheduler.stop()
    const ops = (outbox.prepare('SELECT ops FROM outbox').all() as { ops: string }[]).flatMap(
      (r) => JSON.parse(r.ops) as { table: string; rowId: string; field: string; value: unknown }[],
    )
    const after = outbox.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }
    expect(after.n - before.n).toBe(2)
    expect(ops).toContainEqual(
      expect.objectContaining({ table: 'posts', rowId: ids.postId, field: 'status', value: 'published' }),
    )
    expect(ops).toContainEqual(
      expect.objectContaining({ table: 'schedule_jobs', rowId: ids.jobId, field: 'status', value: 'done' }),
    )
  })
})

describe.each(loopStores)('scheduling loop ($name)', ({ setup }) => {
  it('publishes a due post exactly once and sets the timer to the next due job', async () => {
    const s = await setup()
    const first = await s.schedulePost(s.inMinutes(10), 'first')
    const second = await s.schedulePost(s.inMinutes(70), 'second')
    const platform = new FakePlatform()
    const scheduler = s.makeLoop(platform)

    await scheduler.start()
    expect(platform.published).toEqual([])
    expect(s.timers.firesAt()).toContain(Date.parse((await s.rowOf(first)).job.runAt))

    await s.timers.advance(10 * MINUTE, () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['first'])
    expect(platform.published[0]!.options.idempotencyKey).toBe(idempotencyKeyFor({ id: first.jobId }))
    const { post, job } = await s.rowOf(first)
    expect(post.status).toBe('published')
    expect(post.publishedAt).toBe(s.clock.now().toISOString())
    expect(job.status).toBe('done')
    expect(s.timers.firesAt()).toContain(Date.parse((await s.rowOf(second)).job.runAt))
    expect(await s.auditActions(first.postId)).toEqual(['post.drafted', 'post.publishing', 'post.published'])
    expect(s.events).toContainEqual(expect.objectContaining({ type: 'post.published', postId: first.postId }))

    // Catch-ups and repeated passes never publish it again.
    await Promise.all([scheduler.catchUp(), scheduler.runDue(), scheduler.catchUp()])
    await s.timers.advance(59 * MINUTE, () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['first'])

    await s.timers.advance(1 * MINUTE, () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['first', 'second'])
    expect((await s.rowOf(second)).post.status).toBe('published')
  })

  it('retries a transient error after the Retry-After the platform asked for', async () => {
    const s = await setup()
    const ids = await s.schedulePost(s.inMinutes(0))
    const platform = new FakePlatform([new PublishError({ kind: 'transient', retryAfterMs: 5 * MINUTE }, 'HTTP 429')])
    // Jitter of zero: only Retry-After can explain the wait.
    const scheduler = s.makeLoop(platform, { random: () => 0 })

    await scheduler.start()
    const { post, job } = await s.rowOf(ids)
    expect(platform.published).toHaveLength(1)
    expect(post.status).toBe('scheduled')
    expect(job).toMatchObject({ status: 'pending', retryCount: 1, lastError: 'HTTP 429' })
    expect(Date.parse(job.runAt)).toBe(s.clock.now().getTime() + 5 * MINUTE)

    await s.timers.advance(5 * MINUTE - 1000, () => scheduler.idle())
    expect(platform.published).toHaveLength(1)
    await s.timers.advance(1000, () => scheduler.idle())
    expect(platform.published).toHaveLength(2)
    expect(platform.published[1]!.options.idempotencyKey).toBe(platform.published[0]!.options.idempotencyKey)
    expect((await s.rowOf(ids)).post.status).toBe('published')
  })

  it('backs off exponentially with jitter and gives up after the last attempt', async () => {
    const s = await setup()
    const ids = await s.schedulePost(s.inMinutes(0))
    const down = () => new PublishError({ kind: 'transient' }, 'HTTP 503')
    const platform = new FakePlatform([down(), down(), down()])
    const scheduler = s.makeLoop(platform, {
      random: () => 0.5,
      settings: { retryBaseMs: 60_000, retryMaxMs: 10 * MINUTE, maxAttempts: 3 },
    })

    await scheduler.start()
    const waits: number[] = []
    for (let attempt = 1; attempt <= 2; attempt++) {
      const { job } = await s.rowOf(ids)
      expect(job.retryCount).toBe(attempt)
      const wait = Date.parse(job.runAt) - s.clock.now().getTime()
      waits.push(wait)
      await s.timers.advance(wait, () => scheduler.idle())
    }
    // Half of 1 minute, then half of 2 minutes.
    expect(waits).toEqual([30_000, 60_000])
    expect(platform.published).toHaveLength(3)
    const { post, job } = await s.rowOf(ids)
    expect(post.status).toBe('failed')
    expect(job.status).toBe('failed')
    expect(job.lastError).toMatch(/gave up after 3 attempts.*HTTP 503/)
  })

  it('fails a permanent error at once with the platform’s reason and tells the user', async () => {
    const s = await setup()
    const ids = await s.schedulePost(s.inMinutes(1))
    const reason = 'The access token was revoked; reconnect the channel.'
    const platform = new FakePlatform([new PublishError({ kind: 'permanent', reason })])
    const scheduler = s.makeLoop(platform)

    await scheduler.start()
    await s.timers.advance(MINUTE, () => scheduler.idle())
    const { post, job } = await s.rowOf(ids)
    expect(post.status).toBe('failed')
    expect(job).toMatchObject({ status: 'failed', lastError: reason, retryCount: 0 })
    expect(s.events).toEqual([{ type: 'post.failed', orgId: s.orgId, postId: ids.postId, reason }])

    await s.timers.advance(24 * 60 * MINUTE, () => scheduler.idle())
    expect(platform.published).toHaveLength(1)
  })

  it('picks up a job that arrived without a wake-up call (a synced row) at the next safety tick', async () => {
    const s = await setup()
    const platform = new FakePlatform()
    const scheduler = s.makeLoop(platform)
    await scheduler.start()
    expect(s.timers.firesAt()).toEqual([s.clock.now().getTime() + MINUTE])

    const ids = await s.schedulePost(s.inMinutes(0.5))
    await s.timers.advance(MINUTE - 1, () => scheduler.idle())
    expect(platform.published).toEqual([])
    await s.timers.advance(1, () => scheduler.idle())
    expect(platform.published).toHaveLength(1)
    expect((await s.rowOf(ids)).post.status).toBe('published')
  })

  it('publishes once when two loops race over the same file and both get a lease', async () => {
    const s = await setup()
    const ids = await s.schedulePost(s.inMinutes(0))
    const platform = new FakePlatform()
    const one = s.makeLoop(platform)
    const two = s.makeLoop(platform)
    await Promise.all([one.start(), two.start()])
    expect(platform.published).toHaveLength(1)
    expect((await s.rowOf(ids)).post.status).toBe('published')
  })

  it('leaves a job whose lease another device holds to the safety tick, without spinning', async () => {
    const s = await setup()
    const ids = await s.schedulePost(s.inMinutes(0))
    const platform = new FakePlatform()
    let holder: 'other' | 'us' = 'other'
    const leases: LeaseProvider = {
      acquire: async () => (holder === 'us' ? { fence: 7, resumed: false } : null),
      release: async () => undefined,
    }
    const scheduler = s.makeLoop(platform, { leases })
    await scheduler.start()
    expect(platform.published).toEqual([])
    expect((await s.rowOf(ids)).job.status).toBe('pending')
    // No timer for the job it could not take: only the safety tick, a minute out.
    expect(s.timers.firesAt()).toEqual([s.clock.now().getTime() + MINUTE])

    holder = 'us'
    await s.timers.advance(MINUTE, () => scheduler.idle())
    expect(platform.published).toHaveLength(1)
    expect(platform.published[0]!.options.fence).toBe(7)
  })

  it('publishes several due jobs at once, up to the concurrency setting', async () => {
    const s = await setup()
    for (const caption of ['a', 'b', 'c']) await s.schedulePost(s.inMinutes(0), caption)
    const platform = new FakePlatform(['hang', 'hang', 'hang'])
    const scheduler = s.makeLoop(platform, { settings: { concurrency: 2 } })
    void scheduler.start()
    await new Promise((resolve) => setImmediate(resolve))
    expect(platform.published.map((p) => p.caption).sort()).toEqual(['a', 'b'])
    scheduler.stop()
  })

  it('cancels the job of a post that is no longer scheduled', async () => {
    const s = await setup()
    const ids = await s.schedulePost(s.inMinutes(0))
    await s.unschedule(ids.postId)
    const platform = new FakePlatform()
    await s.makeLoop(platform).start()
    expect(platform.published).toEqual([])
    expect((await s.rowOf(ids)).job.status).toBe('cancelled')
  })

  it('understands the adapters’ PlatformError: transient with Retry-After, auth as permanent', async () => {
    const s = await setup()
    const ids = await s.schedulePost(s.inMinutes(0))
    const platform = new FakePlatform([
      new PlatformError('sandbox', 'transient', 'HTTP 429 Too Many Requests', { retryAfterMs: 90_000 }),
      new PlatformError('sandbox', 'auth', 'The session expired.'),
    ])
    const scheduler = s.makeLoop(platform, { random: () => 0 })
    await scheduler.start()
    const first = (await s.rowOf(ids)).job
    expect(first).toMatchObject({ status: 'pending', lastError: 'HTTP 429 Too Many Requests' })
    expect(Date.parse(first.runAt) - s.clock.now().getTime()).toBe(90_000)

    await s.timers.advance(90_000, () => scheduler.idle())
    const { post, job } = await s.rowOf(ids)
    expect(post.status).toBe('failed')
    expect(job.lastError).toMatch(/^The session expired\. Reconnect the channel/)
  })

  it('retries an unexpected error like a transient one', async () => {
    const s = await setup()
    const ids = await s.schedulePost(s.inMinutes(0))
    const platform = new FakePlatform([new TypeError('fetch failed')])
    await s.makeLoop(platform).start()
    expect((await s.rowOf(ids)).job).toMatchObject({
      status: 'pending',
      retryCount: 1,
      lastError: 'fetch failed',
    })
  })
})

describe.each(loopStores)('after a crash mid-publish ($name)', ({ setup }) => {
  /** Publishes until the platform call hangs, then closes the files and opens them again, as after a kill. */
  async function crashWhilePublishing(lookup: LookupResult) {
    const s = await setup()
    const ids = await s.schedulePost(s.inMinutes(0))
    const before = s.makeLoop(new FakePlatform(['hang']))
    void before.start()
    await new Promise((resolve) => setImmediate(resolve))
    before.stop()
    expect(await s.rowOf(ids)).toMatchObject({ post: { status: 'publishing' }, job: { status: 'running' } })

    const after = await s.restart()
    const platform = new FakePlatform([], lookup)
    const scheduler = after.makeLoop(platform)
    await scheduler.start()
    return { ...after, ids, platform, scheduler }
  }

  it('flags the post and tells the user when the platform cannot look it up', async () => {
    const s = await crashWhilePublishing({ status: 'unsupported', reason: 'no lookup by key' })
    expect(s.platform.lookups).toEqual([idempotencyKeyFor({ id: s.ids.jobId })])
    expect(s.platform.published).toEqual([])
    const { post, job } = await s.rowOf(s.ids)
    expect(post.status).toBe('needs_attention')
    expect(job.status).toBe('failed')
    expect(s.events).toEqual([
      expect.objectContaining({ type: 'post.needs_attention', postId: s.ids.postId, reason: 'unknown_outcome' }),
    ])
    expect(job.lastError).toContain('no lookup by key')
    await s.timers.advance(24 * 60 * MINUTE, () => s.scheduler.idle())
    expect(s.platform.published).toEqual([])
  })

  it('marks the post published when the platform finds it', async () => {
    const s = await crashWhilePublishing({ status: 'found', platformPostId: 'at://p/1', url: 'https://bsky.app/p/1' })
    expect(s.platform.published).toEqual([])
    const { post, job } = await s.rowOf(s.ids)
    expect(post.status).toBe('published')
    expect(job.status).toBe('done')
  })

  it('publishes again, under the same key, when the platform does not have it', async () => {
    const s = await crashWhilePublishing({ status: 'not_found' })
    expect(s.platform.lookups).toHaveLength(1)
    expect(s.platform.published.map((p) => p.options.idempotencyKey)).toEqual([idempotencyKeyFor({ id: s.ids.jobId })])
    expect((await s.rowOf(s.ids)).post.status).toBe('published')
  })
})

describe.each(loopStores)('a publish that never answers ($name)', ({ setup }) => {
  it('does not hold the loop: the job is looked up at the next tick, and later posts still go out', async () => {
    const s = await setup()
    const stuck = await s.schedulePost(s.inMinutes(0), 'stuck')
    const after = await s.schedulePost(s.inMinutes(2), 'after')
    const platform = new FakePlatform(['hang'], { status: 'unsupported', reason: 'no lookup by key' })
    const logged: unknown[] = []
    const scheduler = s.makeLoop(platform, {
      settings: { publishTimeoutMs: 30_000, concurrency: 1 },
      log: (error) => logged.push(error),
    })
    void scheduler.start()
    await new Promise((resolve) => setImmediate(resolve))
    expect(platform.published.map((p) => p.caption)).toEqual(['stuck'])

    await s.timers.advance(30_000, () => scheduler.idle())
    expect(await s.rowOf(stuck)).toMatchObject({ post: { status: 'publishing' }, job: { status: 'running' } })
    expect(platform.lookups).toEqual([])
    expect(String(logged[0])).toContain('took longer than 30000 ms')

    await s.timers.advance(30_000, () => scheduler.idle())
    expect(platform.lookups).toEqual([stuck.jobId])
    expect((await s.rowOf(stuck)).post.status).toBe('needs_attention')

    await s.timers.advance(MINUTE, () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['stuck', 'after'])
    expect((await s.rowOf(after)).post.status).toBe('published')
  })
})

describe.each(loopStores)('daylight-saving time ($name)', ({ setup }) => {
  it('publishes a slot the clocks skip at the first instant after the jump, and the next at its local time', async () => {
    const s = await setup()
    s.clock.advance(Date.parse('2026-03-07T12:00:00Z') - s.clock.now().getTime())
    const ny = postingScheduleSchema.parse({ timezone: 'America/New_York', slots: { sun: ['02:30'] } })
    const [spring, next] = nextSlots(ny, s.clock.now(), 2)
    const skipped = await s.schedulePost(spring!, 'spring')
    await s.schedulePost(next!, 'next')
    const platform = new FakePlatform()
    // Hourly safety ticks: a week of minute ticks would only slow the test.
    const scheduler = s.makeLoop(platform, { settings: { safetyTickMs: 60 * MINUTE } })
    await scheduler.start()

    await s.timers.advance(spring!.getTime() - s.clock.now().getTime(), () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['spring'])
    expect((await s.rowOf(skipped)).post.publishedAt).toBe('2026-03-08T07:00:00.000Z') // 03:00 EDT
    await s.timers.advance(Date.parse('2026-03-15T06:30:00Z') - s.clock.now().getTime(), () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['spring', 'next']) // 02:30 EDT a week later
  })
})

describe.each(loopStores)('missed posts ($name)', ({ setup }) => {
  it('publishes a post found late within the window', async () => {
    const s = await setup()
    const ids = await s.schedulePost(s.inMinutes(-14))
    const platform = new FakePlatform()
    await s.makeLoop(platform).start()
    expect(platform.published).toHaveLength(1)
    expect((await s.rowOf(ids)).post.status).toBe('published')
  })

  it('flags a post found due longer ago than the window as missed at start', async () => {
    const s = await setup()
    const ids = await s.schedulePost(s.inMinutes(-16))
    const platform = new FakePlatform()
    await s.makeLoop(platform).start()
    expect(platform.published).toEqual([])
    const { post, job } = await s.rowOf(ids)
    expect(post.status).toBe('needs_attention')
    expect(job.status).toBe('failed')
    expect(job.lastError).toMatch(/^missed/)
    expect(s.events).toEqual([expect.objectContaining({ type: 'post.needs_attention', reason: 'missed' })])
  })

  it('honours a longer window setting, and flags posts missed while the machine slept', async () => {
    const s = await setup()
    const soon = await s.schedulePost(s.inMinutes(5), 'soon')
    const later = await s.schedulePost(s.inMinutes(60), 'later')
    const platform = new FakePlatform()
    const scheduler = s.makeLoop(platform, { settings: { publishLateWithinMinutes: 30 } })
    await scheduler.start()

    // Asleep from before the first was due until 25 minutes after the second was.
    await s.timers.sleep(85 * MINUTE, () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['later'])
    expect((await s.rowOf(soon)).post.status).toBe('needs_attention')
    expect((await s.rowOf(later)).post.status).toBe('published')
  })
})
