/**
 * Leases that come back `resumed` (an earlier holder never said how its
 * publish ended) and publishes that time out, over each real job store (the
 * desktop's SQLite org file, the server's PostgreSQL database): a resumed
 * job is looked up before anything is published, and a publish that never
 * answered reports no end to its lease, which lapses instead.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type {
  Fence,
  LeaseOutcome,
  LeaseProvider,
  LookupResult,
  PublishedPost,
} from '../../src-shared/scheduling/loop-ports'
import { disposeLoopStores, loopStores, type LoopPost, type TestPublisher } from '../helpers/loop-stores'

afterEach(() => disposeLoopStores())

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

class Platform implements TestPublisher {
  published: string[] = []
  lookups: string[] = []
  constructor(
    private readonly answer: LookupResult | Error,
    readonly hang = false,
  ) {}
  async publish(post: LoopPost): Promise<PublishedPost> {
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

describe.each(loopStores)('over the $name', ({ setup }) => {
  async function run(platform: Platform, leases: RecordingLeases, settings = {}) {
    const s = await setup()
    const { postId, jobId } = await s.schedulePost(s.clock.now(), 'Resumed?')
    const scheduler = s.makeLoop(platform, { leases, settings, log: () => undefined })
    const started = scheduler.start()
    // A hanging publish holds the first pass until its timeout fires on the test's clock.
    if (!platform.hang) await started
    const read = () => s.rowOf({ postId, jobId })
    return { scheduler, timers: s.timers, jobId, read }
  }

  describe('resumed leases', () => {
    it('records a post the platform already has as published, without publishing it again', async () => {
      const platform = new Platform({ status: 'found', platformPostId: 'p-9', url: 'https://example.test/p-9' })
      const leases = new RecordingLeases(true)
      const s = await run(platform, leases)
      expect(platform.lookups).toEqual([s.jobId])
      expect(platform.published).toEqual([])
      expect((await s.read()).post).toMatchObject({
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
      expect((await s.read()).post).toMatchObject({ status: 'published', platformPostId: 'p-1' })
      expect(leases.released.map((r) => r.outcome)).toEqual(['published'])
    })

    it('flags the post when the platform cannot say, and never publishes blindly', async () => {
      const platform = new Platform({ status: 'unsupported', reason: 'no lookup here' })
      const leases = new RecordingLeases(true)
      const s = await run(platform, leases)
      expect(platform.published).toEqual([])
      expect((await s.read()).post.status).toBe('needs_attention')
      expect((await s.read()).job.lastError).toMatch(/no lookup here/)
      expect(leases.released.map((r) => r.outcome)).toEqual(['needs_attention'])
    })

    it('lets the lease lapse unreleased when the platform cannot be asked now, so the next holder asks too', async () => {
      const platform = new Platform(new Error('the PDS is down'))
      const leases = new RecordingLeases(true)
      const s = await run(platform, leases)
      expect(platform.lookups).toEqual([s.jobId])
      expect(platform.published).toEqual([])
      expect((await s.read()).post.status).toBe('scheduled')
      expect(leases.released).toEqual([])
    })

    it('does not look up a fresh lease', async () => {
      const platform = new Platform({ status: 'unsupported' })
      const s = await run(platform, new RecordingLeases(false))
      expect(platform.lookups).toEqual([])
      expect((await s.read()).post.status).toBe('published')
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
      expect((await s.read()).job.status).toBe('running')
      expect(leases.released).toEqual([])
    })
  })
})
