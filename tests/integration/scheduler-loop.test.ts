/**
 * The scheduling loop on a real org file, with a clock and timers the test
 * moves by hand and a stand-in platform: due posts go out once, retries back
 * off and honour Retry-After, permanent errors fail at once, an interrupted
 * publish is looked up rather than repeated, and late posts are flagged.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import type { Post } from '../../src-shared/entities/models'
import { newId } from '../../src-main/core/ids'
import { integrations, posts, scheduleJobs, socialAccounts } from '../../src-main/db/schema/org'
import { idempotencyKeyFor } from '../../src-main/scheduler/job-store'
import { PlatformError } from '../../src-shared/platforms/adapter'
import { nextSlots, postingScheduleSchema } from '../../src-shared/scheduling/posting-schedule'
import {
  localLeases,
  PublishError,
  type LeaseProvider,
  type LookupResult,
  type PublishOptions,
  type PublishedPost,
  type Publisher,
} from '../../src-main/scheduler/ports'
import { Scheduler, type SchedulerEvent, type SchedulerSettings } from '../../src-main/scheduler/scheduler'
import { ClockTimers } from '../helpers/fake-timers'
import { writeScheduled } from '../helpers/schedule-rows'
import { writeRows } from '../helpers/write-rows'
import { startOnboardedCore, startTestCore, type TestCore } from '../helpers/core'

const MINUTE = 60_000

type Step = PublishedPost | PublishError | Error | 'hang'

/** A platform that answers from a script and remembers every call. */
class FakePlatform implements Publisher {
  readonly published: { postId: string; caption: string; options: PublishOptions }[] = []
  readonly lookups: string[] = []
  constructor(
    private readonly script: Step[] = [],
    private readonly lookupAnswer: LookupResult = { status: 'unsupported', reason: 'no lookup by key' },
  ) {}

  async publish(post: Post, options: PublishOptions): Promise<PublishedPost> {
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

function addChannel(core: TestCore, orgId: string): string {
  const integration = { id: newId(), orgId, platform: 'sandbox' as const, meta: { label: 'Sandbox' } }
  const account = { id: newId(), orgId, integrationId: integration.id, platformUserId: 'acme', username: 'acme' }
  writeRows(
    core,
    orgId,
    [
      { table: integrations, rowId: integration.id, values: integration },
      { table: socialAccounts, rowId: account.id, values: account },
    ],
    'channel.connected',
  )
  return account.id
}

/** A draft made through the API, then scheduled on a channel with its job. */
async function schedulePost(core: TestCore, orgId: string, channelId: string, runAt: Date, caption = 'Fresh roast') {
  const post = await core.ok('createDraft', { orgId, caption })
  return writeScheduled(core, orgId, post.id, runAt, { socialAccountId: channelId })
}

interface Setup {
  core: TestCore
  orgId: string
  channelId: string
  timers: ClockTimers
  events: SchedulerEvent[]
  makeScheduler(
    platform: Publisher,
    options?: {
      settings?: Partial<SchedulerSettings>
      random?: () => number
      leases?: LeaseProvider
      log?: (error: unknown) => void
    },
  ): Scheduler
}

const cores: TestCore[] = []
const schedulers: Scheduler[] = []
afterEach(() => {
  for (const s of schedulers.splice(0)) s.stop()
  for (const c of cores.splice(0)) c.dispose()
})

function wire(core: TestCore, orgId: string, channelId: string): Setup {
  const timers = new ClockTimers(() => core.clock)
  const events: SchedulerEvent[] = []
  return {
    core,
    orgId,
    channelId,
    timers,
    events,
    makeScheduler(platform, options = {}) {
      const scheduler = new Scheduler({
        ctx: core.ctx,
        clock: core.clock,
        timers,
        publisherFor: () => platform,
        leasesFor: () => options.leases ?? localLeases,
        orgIds: () => [orgId],
        settings: options.settings,
        random: options.random ?? (() => 0.5),
        onEvent: (event) => events.push(event),
        log:
          options.log ??
          ((error) => {
            throw error
          }),
      })
      schedulers.push(scheduler)
      return scheduler
    },
  }
}

async function setup(): Promise<Setup> {
  const { core, org } = await startOnboardedCore()
  cores.push(core)
  return wire(core, org.id, addChannel(core, org.id))
}

function rowOf(core: TestCore, orgId: string, ids: { postId: string; jobId: string }) {
  const db = core.ctx.dbs.org(orgId)
  const post = db.select().from(posts).where(eq(posts.id, ids.postId)).get()!
  const job = db.select().from(scheduleJobs).where(eq(scheduleJobs.id, ids.jobId)).get()!
  return { post, job }
}

const auditActions = (core: TestCore, orgId: string, postId: string) =>
  (
    core.ctx.dbs
      .org(orgId)
      .$client.prepare('SELECT action FROM audit_logs WHERE entity_id = ? ORDER BY rowid')
      .all(postId) as { action: string }[]
  ).map((r) => r.action)

const inMinutes = (core: TestCore, minutes: number) => new Date(core.clock.now().getTime() + minutes * MINUTE)

describe('scheduling loop', () => {
  it('publishes a due post exactly once and sets the timer to the next due job', async () => {
    const s = await setup()
    const first = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 10), 'first')
    const second = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 70), 'second')
    const platform = new FakePlatform()
    const scheduler = s.makeScheduler(platform)

    await scheduler.start()
    expect(platform.published).toEqual([])
    expect(s.timers.firesAt()).toContain(Date.parse(rowOf(s.core, s.orgId, first).job.runAt))

    await s.timers.advance(10 * MINUTE, () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['first'])
    expect(platform.published[0]!.options.idempotencyKey).toBe(idempotencyKeyFor({ id: first.jobId }))
    const { post, job } = rowOf(s.core, s.orgId, first)
    expect(post.status).toBe('published')
    expect(post.publishedAt).toBe(s.core.clock.now().toISOString())
    expect(job.status).toBe('done')
    expect(s.timers.firesAt()).toContain(Date.parse(rowOf(s.core, s.orgId, second).job.runAt))
    expect(auditActions(s.core, s.orgId, first.postId)).toEqual(['post.drafted', 'post.publishing', 'post.published'])
    expect(s.events).toContainEqual(expect.objectContaining({ type: 'post.published', postId: first.postId }))

    // Catch-ups and repeated passes never publish it again.
    await Promise.all([scheduler.catchUp(), scheduler.runDue(), scheduler.catchUp()])
    await s.timers.advance(59 * MINUTE, () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['first'])

    await s.timers.advance(1 * MINUTE, () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['first', 'second'])
    expect(rowOf(s.core, s.orgId, second).post.status).toBe('published')
  })

  it('records each step through the outbox so the outcome syncs', async () => {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0))
    const before = s.core.ctx.dbs.org(s.orgId).$client.prepare('SELECT count(*) AS n FROM outbox').get() as {
      n: number
    }
    await s.makeScheduler(new FakePlatform()).start()
    const ops = (
      s.core.ctx.dbs.org(s.orgId).$client.prepare('SELECT ops FROM outbox').all() as { ops: string }[]
    ).flatMap((r) => JSON.parse(r.ops) as { table: string; rowId: string; field: string; value: unknown }[])
    const after = s.core.ctx.dbs.org(s.orgId).$client.prepare('SELECT count(*) AS n FROM outbox').get() as {
      n: number
    }
    expect(after.n - before.n).toBe(2)
    expect(ops).toContainEqual(
      expect.objectContaining({ table: 'posts', rowId: ids.postId, field: 'status', value: 'published' }),
    )
    expect(ops).toContainEqual(
      expect.objectContaining({ table: 'schedule_jobs', rowId: ids.jobId, field: 'status', value: 'done' }),
    )
  })

  it('retries a transient error after the Retry-After the platform asked for', async () => {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0))
    const platform = new FakePlatform([new PublishError({ kind: 'transient', retryAfterMs: 5 * MINUTE }, 'HTTP 429')])
    // Jitter of zero: only Retry-After can explain the wait.
    const scheduler = s.makeScheduler(platform, { random: () => 0 })

    await scheduler.start()
    const { post, job } = rowOf(s.core, s.orgId, ids)
    expect(platform.published).toHaveLength(1)
    expect(post.status).toBe('scheduled')
    expect(job).toMatchObject({ status: 'pending', retryCount: 1, lastError: 'HTTP 429' })
    expect(Date.parse(job.runAt)).toBe(s.core.clock.now().getTime() + 5 * MINUTE)

    await s.timers.advance(5 * MINUTE - 1000, () => scheduler.idle())
    expect(platform.published).toHaveLength(1)
    await s.timers.advance(1000, () => scheduler.idle())
    expect(platform.published).toHaveLength(2)
    expect(platform.published[1]!.options.idempotencyKey).toBe(platform.published[0]!.options.idempotencyKey)
    expect(rowOf(s.core, s.orgId, ids).post.status).toBe('published')
  })

  it('backs off exponentially with jitter and gives up after the last attempt', async () => {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0))
    const down = () => new PublishError({ kind: 'transient' }, 'HTTP 503')
    const platform = new FakePlatform([down(), down(), down()])
    const scheduler = s.makeScheduler(platform, {
      random: () => 0.5,
      settings: { retryBaseMs: 60_000, retryMaxMs: 10 * MINUTE, maxAttempts: 3 },
    })

    await scheduler.start()
    const waits: number[] = []
    for (let attempt = 1; attempt <= 2; attempt++) {
      const { job } = rowOf(s.core, s.orgId, ids)
      expect(job.retryCount).toBe(attempt)
      const wait = Date.parse(job.runAt) - s.core.clock.now().getTime()
      waits.push(wait)
      await s.timers.advance(wait, () => scheduler.idle())
    }
    // Half of 1 minute, then half of 2 minutes.
    expect(waits).toEqual([30_000, 60_000])
    expect(platform.published).toHaveLength(3)
    const { post, job } = rowOf(s.core, s.orgId, ids)
    expect(post.status).toBe('failed')
    expect(job.status).toBe('failed')
    expect(job.lastError).toMatch(/gave up after 3 attempts.*HTTP 503/)
  })

  it('fails a permanent error at once with the platform’s reason and tells the user', async () => {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 1))
    const reason = 'The access token was revoked; reconnect the channel.'
    const platform = new FakePlatform([new PublishError({ kind: 'permanent', reason })])
    const scheduler = s.makeScheduler(platform)

    await scheduler.start()
    await s.timers.advance(MINUTE, () => scheduler.idle())
    const { post, job } = rowOf(s.core, s.orgId, ids)
    expect(post.status).toBe('failed')
    expect(job).toMatchObject({ status: 'failed', lastError: reason, retryCount: 0 })
    expect(s.events).toEqual([{ type: 'post.failed', orgId: s.orgId, postId: ids.postId, reason }])

    await s.timers.advance(24 * 60 * MINUTE, () => scheduler.idle())
    expect(platform.published).toHaveLength(1)
  })

  it('picks up a job that arrived without a wake-up call (a synced row) at the next safety tick', async () => {
    const s = await setup()
    const platform = new FakePlatform()
    const scheduler = s.makeScheduler(platform)
    await scheduler.start()
    expect(s.timers.firesAt()).toEqual([s.core.clock.now().getTime() + MINUTE])

    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0.5))
    await s.timers.advance(MINUTE - 1, () => scheduler.idle())
    expect(platform.published).toEqual([])
    await s.timers.advance(1, () => scheduler.idle())
    expect(platform.published).toHaveLength(1)
    expect(rowOf(s.core, s.orgId, ids).post.status).toBe('published')
  })

  it('publishes once when two loops race over the same file and both get a lease', async () => {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0))
    const platform = new FakePlatform()
    const one = s.makeScheduler(platform)
    const two = s.makeScheduler(platform)
    await Promise.all([one.start(), two.start()])
    expect(platform.published).toHaveLength(1)
    expect(rowOf(s.core, s.orgId, ids).post.status).toBe('published')
  })

  it('leaves a job whose lease another device holds to the safety tick, without spinning', async () => {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0))
    const platform = new FakePlatform()
    let holder: 'other' | 'us' = 'other'
    const leases: LeaseProvider = {
      acquire: async () => (holder === 'us' ? { fence: 7, resumed: false } : null),
      release: async () => undefined,
    }
    const scheduler = s.makeScheduler(platform, { leases })
    await scheduler.start()
    expect(platform.published).toEqual([])
    expect(rowOf(s.core, s.orgId, ids).job.status).toBe('pending')
    // No timer for the job it could not take: only the safety tick, a minute out.
    expect(s.timers.firesAt()).toEqual([s.core.clock.now().getTime() + MINUTE])

    holder = 'us'
    await s.timers.advance(MINUTE, () => scheduler.idle())
    expect(platform.published).toHaveLength(1)
    expect(platform.published[0]!.options.fence).toBe(7)
  })

  it('publishes several due jobs at once, up to the concurrency setting', async () => {
    const s = await setup()
    for (const caption of ['a', 'b', 'c'])
      await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0), caption)
    const platform = new FakePlatform(['hang', 'hang', 'hang'])
    const scheduler = s.makeScheduler(platform, { settings: { concurrency: 2 } })
    void scheduler.start()
    await new Promise((resolve) => setImmediate(resolve))
    expect(platform.published.map((p) => p.caption).sort()).toEqual(['a', 'b'])
    scheduler.stop()
  })

  it('cancels the job of a post that is no longer scheduled', async () => {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0))
    writeRows(s.core, s.orgId, [{ table: posts, rowId: ids.postId, values: { status: 'draft' } }], 'post.unscheduled')
    const platform = new FakePlatform()
    await s.makeScheduler(platform).start()
    expect(platform.published).toEqual([])
    expect(rowOf(s.core, s.orgId, ids).job.status).toBe('cancelled')
  })

  it('understands the adapters’ PlatformError: transient with Retry-After, auth as permanent', async () => {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0))
    const platform = new FakePlatform([
      new PlatformError('sandbox', 'transient', 'HTTP 429 Too Many Requests', { retryAfterMs: 90_000 }),
      new PlatformError('sandbox', 'auth', 'The session expired.'),
    ])
    const scheduler = s.makeScheduler(platform, { random: () => 0 })
    await scheduler.start()
    const first = rowOf(s.core, s.orgId, ids).job
    expect(first).toMatchObject({ status: 'pending', lastError: 'HTTP 429 Too Many Requests' })
    expect(Date.parse(first.runAt) - s.core.clock.now().getTime()).toBe(90_000)

    await s.timers.advance(90_000, () => scheduler.idle())
    const { post, job } = rowOf(s.core, s.orgId, ids)
    expect(post.status).toBe('failed')
    expect(job.lastError).toMatch(/^The session expired\. Reconnect the channel/)
  })

  it('retries an unexpected error like a transient one', async () => {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0))
    const platform = new FakePlatform([new TypeError('fetch failed')])
    await s.makeScheduler(platform).start()
    expect(rowOf(s.core, s.orgId, ids).job).toMatchObject({
      status: 'pending',
      retryCount: 1,
      lastError: 'fetch failed',
    })
  })
})

describe('after a crash mid-publish', () => {
  /** Publishes until the platform call hangs, then closes the files and opens them again, as after a kill. */
  async function crashWhilePublishing(lookup: LookupResult) {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0))
    const before = s.makeScheduler(new FakePlatform(['hang']))
    void before.start()
    await new Promise((resolve) => setImmediate(resolve))
    before.stop()
    expect(rowOf(s.core, s.orgId, ids)).toMatchObject({ post: { status: 'publishing' }, job: { status: 'running' } })

    s.core.close()
    const core = startTestCore(s.core.dataDir)
    cores.splice(cores.indexOf(s.core), 1, core)
    core.clock.advance(s.core.clock.now().getTime() - core.clock.now().getTime() + 2 * MINUTE)
    const after = wire(core, s.orgId, s.channelId)
    const platform = new FakePlatform([], lookup)
    const scheduler = after.makeScheduler(platform)
    await scheduler.start()
    return { ...after, ids, platform, scheduler }
  }

  it('flags the post and tells the user when the platform cannot look it up', async () => {
    const s = await crashWhilePublishing({ status: 'unsupported', reason: 'no lookup by key' })
    expect(s.platform.lookups).toEqual([idempotencyKeyFor({ id: s.ids.jobId })])
    expect(s.platform.published).toEqual([])
    const { post, job } = rowOf(s.core, s.orgId, s.ids)
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
    const { post, job } = rowOf(s.core, s.orgId, s.ids)
    expect(post.status).toBe('published')
    expect(job.status).toBe('done')
  })

  it('publishes again, under the same key, when the platform does not have it', async () => {
    const s = await crashWhilePublishing({ status: 'not_found' })
    expect(s.platform.lookups).toHaveLength(1)
    expect(s.platform.published.map((p) => p.options.idempotencyKey)).toEqual([idempotencyKeyFor({ id: s.ids.jobId })])
    expect(rowOf(s.core, s.orgId, s.ids).post.status).toBe('published')
  })
})

describe('a publish that never answers', () => {
  it('does not hold the loop: the job is looked up at the next tick, and later posts still go out', async () => {
    const s = await setup()
    const stuck = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 0), 'stuck')
    const after = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 2), 'after')
    const platform = new FakePlatform(['hang'], { status: 'unsupported', reason: 'no lookup by key' })
    const logged: unknown[] = []
    const scheduler = s.makeScheduler(platform, {
      settings: { publishTimeoutMs: 30_000, concurrency: 1 },
      log: (error) => logged.push(error),
    })
    void scheduler.start()
    await new Promise((resolve) => setImmediate(resolve))
    expect(platform.published.map((p) => p.caption)).toEqual(['stuck'])

    await s.timers.advance(30_000, () => scheduler.idle())
    expect(rowOf(s.core, s.orgId, stuck)).toMatchObject({ post: { status: 'publishing' }, job: { status: 'running' } })
    expect(platform.lookups).toEqual([])
    expect(String(logged[0])).toContain('took longer than 30000 ms')

    await s.timers.advance(30_000, () => scheduler.idle())
    expect(platform.lookups).toEqual([stuck.jobId])
    expect(rowOf(s.core, s.orgId, stuck).post.status).toBe('needs_attention')

    await s.timers.advance(MINUTE, () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['stuck', 'after'])
    expect(rowOf(s.core, s.orgId, after).post.status).toBe('published')
  })
})

describe('daylight-saving time', () => {
  it('publishes a slot the clocks skip at the first instant after the jump, and the next at its local time', async () => {
    const s = await setup()
    s.core.clock.advance(Date.parse('2026-03-07T12:00:00Z') - s.core.clock.now().getTime())
    const ny = postingScheduleSchema.parse({ timezone: 'America/New_York', slots: { sun: ['02:30'] } })
    const [spring, next] = nextSlots(ny, s.core.clock.now(), 2)
    const skipped = await schedulePost(s.core, s.orgId, s.channelId, spring!, 'spring')
    await schedulePost(s.core, s.orgId, s.channelId, next!, 'next')
    const platform = new FakePlatform()
    // Hourly safety ticks: a week of minute ticks would only slow the test.
    const scheduler = s.makeScheduler(platform, { settings: { safetyTickMs: 60 * MINUTE } })
    await scheduler.start()

    await s.timers.advance(spring!.getTime() - s.core.clock.now().getTime(), () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['spring'])
    expect(rowOf(s.core, s.orgId, skipped).post.publishedAt).toBe('2026-03-08T07:00:00.000Z') // 03:00 EDT
    await s.timers.advance(Date.parse('2026-03-15T06:30:00Z') - s.core.clock.now().getTime(), () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['spring', 'next']) // 02:30 EDT a week later
  })
})

describe('missed posts', () => {
  it('publishes a post found late within the window', async () => {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, -14))
    const platform = new FakePlatform()
    await s.makeScheduler(platform).start()
    expect(platform.published).toHaveLength(1)
    expect(rowOf(s.core, s.orgId, ids).post.status).toBe('published')
  })

  it('flags a post found due longer ago than the window as missed at start', async () => {
    const s = await setup()
    const ids = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, -16))
    const platform = new FakePlatform()
    await s.makeScheduler(platform).start()
    expect(platform.published).toEqual([])
    const { post, job } = rowOf(s.core, s.orgId, ids)
    expect(post.status).toBe('needs_attention')
    expect(job.status).toBe('failed')
    expect(job.lastError).toMatch(/^missed/)
    expect(s.events).toEqual([expect.objectContaining({ type: 'post.needs_attention', reason: 'missed' })])
  })

  it('honours a longer window setting, and flags posts missed while the machine slept', async () => {
    const s = await setup()
    const soon = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 5), 'soon')
    const later = await schedulePost(s.core, s.orgId, s.channelId, inMinutes(s.core, 60), 'later')
    const platform = new FakePlatform()
    const scheduler = s.makeScheduler(platform, { settings: { publishLateWithinMinutes: 30 } })
    await scheduler.start()

    // Asleep from before the first was due until 25 minutes after the second was.
    await s.timers.sleep(85 * MINUTE, () => scheduler.idle())
    expect(platform.published.map((p) => p.caption)).toEqual(['later'])
    expect(rowOf(s.core, s.orgId, soon).post.status).toBe('needs_attention')
    expect(rowOf(s.core, s.orgId, later).post.status).toBe('published')
  })
})
