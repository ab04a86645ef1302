/**
 * One job's run, the same on the desktop and on the sync server: ready here?
 * → lease → (a resumed lease: look the post up first) → claim → platform
 * call → record → release the lease, or let it lapse when how the publish
 * ended is unknown (the next holder's lease is then `resumed` and looks it
 * up too). And the recovery of a job a crash left running: looked up by its
 * idempotency key, never published again blindly.
 */
import { decideAfterFailure, decideAfterInterruption, type RecoveryDecision } from './publish-rules'
import { idempotencyKeyFor, type JobOutcome, type LoopJob } from './job-outcomes'
import {
  failureOf,
  type JobStore,
  type LeaseOutcome,
  type LeaseProvider,
  type LoopChannel,
  type LookupResult,
  type PublisherFor,
  type ReadyHere,
  type TimerHandle,
  type Timers,
} from './loop-ports'

export interface RunSettings {
  /** A job found due longer ago than this is not published late: its post needs attention ("missed"). */
  publishLateWithinMinutes: number
  /** Backoff for transient failures: the first retry waits up to `baseMs`, doubling up to `maxMs`. */
  retryBaseMs: number
  retryMaxMs: number
  /** Attempts before a transient failure is given up on and the post fails. */
  maxAttempts: number
  /** A publish call that has not answered by then is treated as interrupted (looked up at the next tick). */
  publishTimeoutMs: number
}

/** What the user should hear about; the host turns these into notifications (or nothing). */
export type PublishingEvent =
  | { type: 'post.published'; orgId: string; postId: string; platformPostId: string; url: string }
  | { type: 'post.failed'; orgId: string; postId: string; reason: string }
  | {
      type: 'post.needs_attention'
      orgId: string
      postId: string
      reason: 'missed' | 'unknown_outcome'
      message: string
    }

export interface JobRunPorts<P, C extends LoopChannel> {
  store: JobStore<P, C>
  /** The lease provider of an org: this device's own for a local org, the server's for one that syncs. */
  leasesFor(orgId: string): LeaseProvider
  readyHere: ReadyHere
  publisherFor: PublisherFor<P, C>
  timers: Timers
  now(): Date
  settings: RunSettings
  /** [0, 1) for backoff jitter. */
  random(): number
  onEvent(event: PublishingEvent): void
  log(error: unknown): void
}

/** How a run ended for the loop: done (whatever happened), not taken now (the safety tick retries), or timed out. */
export type RunResult = 'done' | 'not_taken' | 'timed_out'

const TIMED_OUT = Symbol('timed out')

/** The event an outcome tells the user, if any. */
function eventOf(orgId: string, postId: string, outcome: JobOutcome): PublishingEvent | null {
  switch (outcome.kind) {
    case 'published':
      return { type: 'post.published', orgId, postId, platformPostId: outcome.platformPostId, url: outcome.url }
    case 'failed':
      return { type: 'post.failed', orgId, postId, reason: outcome.reason }
    case 'missed':
      return { type: 'post.needs_attention', orgId, postId, reason: 'missed', message: outcome.reason }
    case 'needs_attention':
      return { type: 'post.needs_attention', orgId, postId, reason: 'unknown_outcome', message: outcome.message }
    default:
      return null
  }
}

/** The lease end each outcome reports. */
const LEASE_OUTCOME: Record<JobOutcome['kind'], LeaseOutcome> = {
  publishing: 'skipped',
  published: 'published',
  retry: 'retry',
  failed: 'failed',
  resumed: 'retry',
  needs_attention: 'needs_attention',
  missed: 'skipped',
  cancelled: 'skipped',
}

export function createJobRun<P, C extends LoopChannel>(ports: JobRunPorts<P, C>) {
  const { store, settings } = ports

  function tell(orgId: string, postId: string, outcome: JobOutcome): void {
    const event = eventOf(orgId, postId, outcome)
    if (event) ports.onEvent(event)
  }

  async function record(orgId: string, job: LoopJob, outcome: JobOutcome): Promise<LeaseOutcome> {
    await store.record(orgId, job, outcome)
    tell(orgId, job.postId, outcome)
    return LEASE_OUTCOME[outcome.kind]
  }

  async function lateWindowMs(orgId: string): Promise<number> {
    try {
      return ((await store.lateWindowMinutes(orgId)) ?? settings.publishLateWithinMinutes) * 60_000
    } catch (error) {
      ports.log(error)
      return settings.publishLateWithinMinutes * 60_000
    }
  }

  /** Asks the job's platform for the post by the job's idempotency key; null when it could not answer now (logged). */
  async function lookUp(orgId: string, job: LoopJob): Promise<LookupResult | null> {
    const channel = await store.channelOf(orgId, job)
    const publisher = channel && ports.publisherFor(channel, orgId)
    if (!channel || !publisher) return { status: 'unsupported', reason: 'the channel is gone or has no adapter here' }
    try {
      return await publisher.lookup(idempotencyKeyFor(job), channel)
    } catch (error) {
      ports.log(error)
      return null
    }
  }

  /** What a look-up after an interruption settles: published, or left for a person; resume is the caller's. */
  function settledBy(job: LoopJob, decision: Exclude<RecoveryDecision, { kind: 'resume' }>): JobOutcome {
    if (decision.kind === 'published') {
      const { platformPostId, url } = decision
      return { kind: 'published', platformPostId, url, via: 'lookup after an interrupted publish' }
    }
    return { kind: 'needs_attention', message: decision.message, idempotencyKey: idempotencyKeyFor(job) }
  }

  /**
   * Takes a lease (when ready here) and runs `work` under it; releases with what `work` answers, or lets the lease
   * lapse unreleased when it answers 'lapse'. null when no lease was taken.
   */
  async function underLease(
    orgId: string,
    jobId: string,
    work: (fence: number, resumed: boolean) => Promise<LeaseOutcome | 'lapse'>,
  ): Promise<boolean> {
    if (!(await ports.readyHere(orgId, jobId))) return false
    const leases = ports.leasesFor(orgId)
    const lease = await leases.acquire(jobId)
    // Another holder has the job, or the authority is out of reach: it is not ours to run now.
    if (lease === null) return false
    let outcome: LeaseOutcome | 'lapse' = 'skipped'
    try {
      outcome = await work(lease.fence, lease.resumed)
    } finally {
      if (outcome !== 'lapse') {
        await leases.release(jobId, lease.fence, outcome).catch((error: unknown) => ports.log(error))
      }
    }
    return true
  }

  /** A publish that never answers must not hold the loop; its late answer is ignored (the look-up decides). */
  function withTimeout<T>(work: Promise<T>): Promise<T | typeof TIMED_OUT> {
    let handle: TimerHandle | null = null
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      handle = ports.timers.setTimeout(() => resolve(TIMED_OUT), settings.publishTimeoutMs)
    })
    work.catch(() => undefined)
    return Promise.race([work, timeout]).finally(() => {
      if (handle !== null) ports.timers.clearTimeout(handle)
    })
  }

  async function afterFailure(orgId: string, job: LoopJob, error: unknown): Promise<LeaseOutcome> {
    const { message, ...failure } = failureOf(error)
    const decision = decideAfterFailure(failure, message, job, ports.now(), {
      baseMs: settings.retryBaseMs,
      maxMs: settings.retryMaxMs,
      maxAttempts: settings.maxAttempts,
      random: ports.random,
    })
    if (decision.kind === 'fail') return record(orgId, job, { kind: 'failed', reason: decision.reason })
    const { runAt, retryCount, lastError } = decision
    return record(orgId, job, { kind: 'retry', runAt, retryCount, lastError })
  }

  /**
   * A pending job whose lease came back `resumed`: look it up the way a crash is recovered. 'publish' when the
   * platform does not have it; 'lapse' when it could not answer now (a release would let the next holder start
   * fresh, without a look-up); otherwise the lease outcome of what was recorded.
   */
  async function resolveResumed(orgId: string, jobId: string): Promise<LeaseOutcome | 'lapse' | 'publish'> {
    const job = await store.read(orgId, jobId)
    if (!job || job.deletedAt || job.status !== 'pending') return 'skipped'
    const answer = await lookUp(orgId, job)
    if (answer === null) return 'lapse'
    const decision = decideAfterInterruption(answer)
    if (decision.kind === 'resume') return 'publish'
    return record(orgId, job, settledBy(job, decision))
  }

  /** Publishes one pending job if it is still due. */
  async function publishJob(orgId: string, jobId: string): Promise<RunResult> {
    let timedOut = false
    const taken = await underLease(orgId, jobId, async (fence, resumed) => {
      if (resumed) {
        // An earlier holder never said how it ended: ask the platform before publishing, never blindly.
        const found = await resolveResumed(orgId, jobId)
        if (found !== 'publish') return found
      }
      const claim = await store.claim(orgId, jobId, {
        now: ports.now(),
        lateWindowMs: await lateWindowMs(orgId),
        fence,
      })
      if (claim.kind === 'skipped') return 'skipped'
      if (claim.kind === 'settled') {
        tell(orgId, claim.job.postId, claim.outcome)
        return 'skipped'
      }
      const { job, post, channel, idempotencyKey } = claim
      const publisher = ports.publisherFor(channel, orgId)
      if (!publisher) {
        const reason = `this app cannot publish to ${channel.platform ?? 'this platform'} yet`
        return record(orgId, job, { kind: 'failed', reason })
      }
      try {
        const result = await withTimeout(publisher.publish(post, { idempotencyKey, channel, fence }))
        if (result === TIMED_OUT) {
          // Whether it went out is unknown: the job stays running, and the next tick looks it up like after a crash.
          ports.log(new Error(`Publishing post ${job.postId} took longer than ${settings.publishTimeoutMs} ms`))
          timedOut = true
          return 'lapse'
        }
        const { platformPostId, url } = result
        return await record(orgId, job, { kind: 'published', platformPostId, url, via: 'publish' })
      } catch (error) {
        return afterFailure(orgId, job, error)
      }
    })
    return timedOut ? 'timed_out' : taken ? 'done' : 'not_taken'
  }

  /**
   * A job still `running` when no pass is (a crash or a kill mid-publish): the platform may or may not have the
   * post. Look it up by its idempotency key; where the platform cannot say, the user decides.
   */
  async function recoverJob(orgId: string, jobId: string): Promise<void> {
    await underLease(orgId, jobId, async () => {
      const job = await store.read(orgId, jobId)
      if (!job || job.status !== 'running') return 'skipped'
      const answer = await lookUp(orgId, job)
      // The platform could not answer now: the job stays running and the next catch-up asks again. The lease
      // lapses unreleased, so whoever holds it next also looks the post up first.
      if (answer === null) return 'lapse'
      const decision = decideAfterInterruption(answer)
      if (decision.kind === 'resume') {
        // Still under the late-window rule for its due time when the pass reaches it.
        return record(orgId, job, {
          kind: 'resumed',
          lastError: decision.lastError,
          idempotencyKey: idempotencyKeyFor(job),
        })
      }
      return record(orgId, job, settledBy(job, decision))
    })
  }

  return { publishJob, recoverJob }
}
