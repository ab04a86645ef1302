/**
 * Leases that come back `resumed` (an earlier holder never said how its
 * publish ended) and publishes that time out, on a real org file: a resumed
 * job is looked up before anything is published, and a publish that never
 * answered reports no end to its lease, which lapses instead.
 */
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import type { Post } from '../../src-shared/entities/models'
import { posts, scheduleJobs } from '../../src-main/db/schema/org'
import type { Fence, LeaseOutcome, LeaseProvider, LookupResult, Publisher } from '../../src-main/scheduler/ports'
import { Scheduler } from '../../src-main/scheduler/scheduler'
import { addChannel } from '../helpers/channel-rows'
import { startOnboardedCore, type TestCore } from '../helpers/core'
import { ClockTimers } from '../helpers/fake-timers'
import { writeScheduled } from '../helpers/schedule-rows'

const cores: TestCore[] = []
const schedulers: Scheduler[] = []
afterEach(() => {
  for (const s of schedulers.splice(0)) s.stop()
  for (const c of cores.splice(0)) c.dispose()
})

class RecordingLeases implements LeaseProvider {
  readonly released: { jobId: string; fence: Fence; outcome: LeaseOutcome }[] = []
  constructor(private readonly resumed: boolean) {}
  async acquire() {
    return { fence: 7, resumed: this.resumed }
  }
  async release(jobId: string, fence: Fence, outcome: LeaseOutcome) {
    this.released.push({ jobId, fence, outcome })
  }
}

class Platform implements Publisher {
  published: string[] = []
  lookups: string[] = []
  constructor(
    private readonly answer: LookupResult | Error,
    readonly hang = false,
  ) {}
  async publish(post: Post) {
    this.published.push(post.id)
    if (this.hang) return new Promise<never>(() => undefined)
    return { platformPostId: 'p-1', url: 'https://example.test/p-1' }
  }
  async lookup(key: string) {
    this.lookups.push(key)
    if (this.answer instanceof Error) throw this.answer
    return this.answer
  }
}

async function run(platform: Platform, leases: RecordingLeases, settings = {}) {
  const { core, org } = await startOnboardedCore()
  cores.push(core)
  const channelId = addChannel(core, org.id)
  const post = await core.ok('createDraft', { orgId: org.id, caption: 'Resumed?' })
  const { jobId } = writeScheduled(core, org.id, post.id, core.clock.now(), { socialAccountId: channelId })
  const timers = new ClockTimers(() => core.clock)
  const scheduler = new Scheduler({
    ctx: core.ctx,
    timers,
    publisherFor: () => platform,
    leasesFor: () => leases,
    orgIds: () => [org.id],
    settings,
    log: () => undefined,
  })
  schedulers.push(scheduler)
  const started = scheduler.start()
  // A hanging publish holds the first pass until its timeout fires on the test's clock.
  if (!platform.hang) await started
  const db = core.ctx.dbs.org(org.id)
  const read = () => ({
    post: db.select().from(posts).where(eq(posts.id, post.id)).get()!,
    job: db.select().from(scheduleJobs).where(eq(scheduleJobs.id, jobId)).get()!,
  })
  return { core, scheduler, timers, jobId, read }
}

describe('resumed leases', () => {
  it('records a post the platform already has as published, without publishing it again', async () => {
    const platform = new Platform({ status: 'found', platformPostId: 'p-9', url: 'https://example.test/p-9' })
    const leases = new RecordingLeases(true)
    const s = await run(platform, leases)
    expect(platform.lookups).toEqual([s.jobId])
    expect(platform.published).toEqual([])
    expect(s.read().post).toMatchObject({
      status: 'published',
      platformPostId: 'p-9',
      platformUrl: 'https://example.test/p-9',
    })
    expect(leases.released).toEqual([{ jobId: s.jobId, fence: 7, outcome: 'published' }])
  })

  it('publishes when the platform does not have it', async () => {
    const platform = new Platform({ status: 'not_found' })
    const leases = new RecordingLeases(true)
    const s = await run(platform, leases)
    expect(platform.lookups).toEqual([s.jobId])
    expect(platform.published).toHaveLength(1)
    expect(s.read().post).toMatchObject({ status: 'published', platformPostId: 'p-1' })
    expect(leases.released.map((r) => r.outcome)).toEqual(['published'])
  })

  it('flags the post when the platform cannot say, and never publishes blindly', async () => {
    const platform = new Platform({ status: 'unsupported', reason: 'no lookup here' })
    const leases = new RecordingLeases(true)
    const s = await run(platform, leases)
    expect(platform.published).toEqual([])
    expect(s.read().post.status).toBe('needs_attention')
    expect(s.read().job.lastError).toMatch(/no lookup here/)
    expect(leases.released.map((r) => r.outcome)).toEqual(['needs_attention'])
  })

  it('lets the lease lapse unreleased when the platform cannot be asked now, so the next holder asks too', async () => {
    const platform = new Platform(new Error('the PDS is down'))
    const leases = new RecordingLeases(true)
    const s = await run(platform, leases)
    expect(platform.lookups).toEqual([s.jobId])
    expect(platform.published).toEqual([])
    expect(s.read().post.status).toBe('scheduled')
    expect(leases.released).toEqual([])
  })

  it('does not look up a fresh lease', async () => {
    const platform = new Platform({ status: 'unsupported' })
    const s = await run(platform, new RecordingLeases(false))
    expect(platform.lookups).toEqual([])
    expect(s.read().post.status).toBe('published')
  })
})

describe('a publish that times out', () => {
  it('reports no end to its lease, which lapses; the job stays running for the lookup', async () => {
    const platform = new Platform({ status: 'unsupported' }, true)
    const leases = new RecordingLeases(false)
    const s = await run(platform, leases, { publishTimeoutMs: 30_000 })
    for (let i = 0; i < 100 && platform.published.length === 0; i++) await new Promise((r) => setImmediate(r))
    await s.timers.advance(30_000, () => s.scheduler.idle())
    await s.scheduler.idle()
    expect(platform.published).toHaveLength(1)
    expect(s.read().job.status).toBe('running')
    expect(leases.released).toEqual([])
  })
})
