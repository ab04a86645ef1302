/**
 * One job's run, the same on the desktop and on the sync server: ready here?
 * → lease → (a resumed lease: look the post up first) → claim → platform
 * call → record → release the lease, or let it lapse when how the publish
 * ended is unknown (the next holder's lease is then `resumed` and looks it
 * up too). And the recovery of a job a crash left running: looked up by its
 * idempotency key, never published again blindly.
 */
import { decideAfterFailure, decideAfterInterruption, PublishError, type RecoveryDecision } from './publish-rules'
import { idempotencyKeyFor, type JobOutcome, type LoopJob } from './job-outcomes'
import {
  followUpKey,
  followUpLeaseId,
  followUpNote,
  followUpUnknownNote,
  lastSentAt,
  remainingSteps,
  replyTargetOf,
} from './follow-ups'
import {
  failureOf,
  type PublishedPost,
  type PublishedPostOf,
  type Publisher,
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
  following_up: 'skipped',
  follow_ups_done: 'published',
  follow_up_retry: 'retry',
  // Free, not completed: the person's Retry takes the follow-ups' lease again.
  follow_up_stopped: 'skipped',
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
    leaseId = jobId,
  ): Promise<boolean> {
    if (!(await ports.readyHere(orgId, jobId))) return false
    const leases = ports.leasesFor(orgId)
    const lease = await leases.acquire(leaseId)
    // Another holder has the job, or the authority is out of reach: it is not ours to run now.
    if (lease === null) return false
    let outcome: LeaseOutcome | 'lapse' = 'skipped'
    try {
      outcome = await work(lease.fence, lease.resumed)
    } finally {
      if (outcome !== 'lapse') {
        await leases.release(leaseId, lease.fence, outcome).catch((error: unknown) => ports.log(error))
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
  async function resolveResumed(
    orgId: string,
    jobId: string,
    fence: number,
    run: { timedOut: boolean },
  ): Promise<LeaseOutcome | 'lapse' | 'publish'> {
    const job = await store.read(orgId, jobId)
    if (!job || job.deletedAt || job.status !== 'pending') return 'skipped'
    const answer = await lookUp(orgId, job)
    if (answer === null) return 'lapse'
    const decision = decideAfterInterruption(answer)
    if (decision.kind === 'resume') return 'publish'
    return settle(orgId, job, settledBy(job, decision), fence, run)
  }

  /**
   * Records how a publish was settled and, when it went out, sends its follow-ups under the same lease. `run.timedOut`
   * is set when one of them timed out: the next tick looks it up.
   */
  async function settle(
    orgId: string,
    job: LoopJob,
    outcome: JobOutcome,
    fence: number,
    run: { timedOut: boolean },
  ): Promise<LeaseOutcome> {
    const end = await record(orgId, job, outcome)
    // The post is live whatever its follow-ups do: the job's lease completes as published.
    if (outcome.kind === 'published') {
      try {
        if (await afterPublished(orgId, job.id, fence)) run.timedOut = true
      } catch (error) {
        // The job stays running; the next catch-up resumes at the next unsent step.
        ports.log(error)
      }
    }
    return end
  }

  /** What a run of follow-ups ends with: a lease outcome, or 'lapse' when a step's answer is unknown (timed out). */
  type FollowUpEnd = LeaseOutcome | 'lapse'

  /** Records a follow-up that failed: retried with the loop's backoff when transient, else stopped with a note. */
  async function followUpFailed(
    orgId: string,
    job: LoopJob,
    step: Parameters<typeof followUpNote>[0],
    error: unknown,
  ): Promise<FollowUpEnd> {
    const { message, ...failure } = failureOf(error)
    const decision = decideAfterFailure(failure, message, job, ports.now(), {
      baseMs: settings.retryBaseMs,
      maxMs: settings.retryMaxMs,
      maxAttempts: settings.maxAttempts,
      random: ports.random,
    })
    if (decision.kind === 'fail') {
      return record(orgId, job, {
        kind: 'follow_up_stopped',
        note: followUpNote(step, decision.reason),
        unknown: false,
      })
    }
    const { runAt, retryCount, lastError } = decision
    return record(orgId, job, { kind: 'follow_up_retry', runAt, retryCount, lastError })
  }

  /**
   * Sends a published post's follow-ups left, in order, each recorded the moment it succeeds. `mayHaveSent`: an
   * earlier run may have sent the first step left without recording it (a crash, a timeout, a transient error), so it
   * is looked up by its key first; where the platform cannot tell and its dedupe window has passed, it is not sent
   * again blindly but left to a person with a note.
   */
  async function runFollowUps(
    orgId: string,
    published: PublishedPostOf<P, C>,
    fence: number,
    mayHaveSent: boolean,
  ): Promise<{ end: FollowUpEnd; timedOut: boolean }> {
    const { job, post, channel, source } = published
    const steps = remainingSteps(source)
    if (steps.length === 0) return { end: await record(orgId, job, { kind: 'follow_ups_done' }), timedOut: false }
    const publisher: Publisher<P, C> | undefined = channel && ports.publisherFor(channel, orgId)
    const first = steps[0]!
    if (!channel || !publisher?.publishFollowUp) {
      const reason = channel
        ? `this app cannot post replies to ${channel.platform ?? 'this platform'}`
        : 'the channel was disconnected; connect it again'
      const note = followUpNote(first, reason)
      return { end: await record(orgId, job, { kind: 'follow_up_stopped', note, unknown: false }), timedOut: false }
    }
    const jobKey = idempotencyKeyFor(job)
    let sent = source
    let lookFirst = mayHaveSent
    for (const step of steps) {
      const idempotencyKey = followUpKey(jobKey, step)
      try {
        let result: PublishedPost | null = null
        if (lookFirst) {
          lookFirst = false
          const answer = await publisher.lookup(idempotencyKey, channel)
          if (answer.status === 'found') result = { platformPostId: answer.platformPostId, url: answer.url }
          const window = publisher.dedupeWindowMs?.(channel) ?? 0
          // It was tried no earlier than the last thing recorded: within the window a repeat is dropped by the platform.
          if (answer.status === 'unsupported' && ports.now().getTime() - lastSentAt(sent) >= window) {
            const note = followUpUnknownNote(step, answer.reason)
            return {
              end: await record(orgId, job, { kind: 'follow_up_stopped', note, unknown: true }),
              timedOut: false,
            }
          }
        }
        const replyTo = replyTargetOf(sent, step)
        if (!result && !replyTo)
          throw new PublishError({ kind: 'permanent', reason: 'the post has no link to reply to' })
        if (!result) {
          const answer = await withTimeout(
            publisher.publishFollowUp(post, step, { idempotencyKey, channel, fence, replyTo: replyTo! }),
          )
          if (answer === TIMED_OUT) {
            ports.log(new Error(`A follow-up of post ${job.postId} took longer than ${settings.publishTimeoutMs} ms`))
            return { end: 'lapse', timedOut: true }
          }
          result = answer
        }
        const recorded = {
          kind: step.kind,
          index: step.index,
          platformPostId: result.platformPostId,
          platformUrl: result.url,
          publishedAt: ports.now().toISOString(),
        }
        await store.recordFollowUp(orgId, job, recorded)
        sent = { ...sent, followUps: [...(sent.followUps ?? []), recorded] }
      } catch (error) {
        return { end: await followUpFailed(orgId, job, step, error), timedOut: false }
      }
    }
    return { end: await record(orgId, job, { kind: 'follow_ups_done' }), timedOut: false }
  }

  /** Right after the post went out (this run published or found it): its follow-ups, none of which was tried yet. */
  async function afterPublished(orgId: string, jobId: string, fence: number): Promise<boolean> {
    const published = await store.publishedPost(orgId, jobId)
    if (!published || remainingSteps(published.source).length === 0) return false
    const { timedOut } = await runFollowUps(orgId, published, fence, false)
    return timedOut
  }

  /** A job whose post is already published: its follow-ups, under their own lease (the job's completed). */
  async function followUpJob(orgId: string, jobId: string, phase: 'pending' | 'running'): Promise<RunResult> {
    let timedOut = false
    const taken = await underLease(
      orgId,
      jobId,
      async (fence) => {
        let published = await store.publishedPost(orgId, jobId)
        if (!published || published.job.status !== phase) return 'skipped'
        if (phase === 'pending') {
          const claim = await store.claim(orgId, jobId, {
            now: ports.now(),
            lateWindowMs: await lateWindowMs(orgId),
            fence,
          })
          if (claim.kind !== 'claimed' || !claim.followingUp) return 'skipped'
          published = { ...published, job: claim.job, post: claim.post }
        }
        const run = await runFollowUps(orgId, published, fence, true)
        timedOut = run.timedOut
        return run.end
      },
      followUpLeaseId(jobId),
    )
    return timedOut ? 'timed_out' : taken ? 'done' : 'not_taken'
  }

  /** Publishes one pending job if it is still due. */
  async function publishJob(orgId: string, jobId: string): Promise<RunResult> {
    // Live already with steps left (a retry, a transient failure): its follow-ups; anything else claims as before.
    const live = await store.publishedPost(orgId, jobId)
    if (live?.job.status === 'pending' && remainingSteps(live.source).length > 0) {
      return followUpJob(orgId, jobId, 'pending')
    }
    let timedOut = false
    const run = { timedOut: false }
    const taken = await underLease(orgId, jobId, async (fence, resumed) => {
      let published = false
      if (resumed) {
        // An earlier holder never said how it ended: ask the platform before publishing, never blindly.
        const found = await resolveResumed(orgId, jobId, fence, run)
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
      if (claim.followingUp) {
        // Published since this run looked: its follow-ups, looked up first.
        const source = (await store.publishedPost(orgId, jobId))?.source
        if (!source) return 'skipped'
        const followed = await runFollowUps(orgId, { job, post, channel, source }, fence, true)
        run.timedOut = followed.timedOut
        return followed.end
      }
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
        published = true
        return await settle(orgId, job, { kind: 'published', platformPostId, url, via: 'publish' }, fence, run)
      } catch (error) {
        // A failing follow-up never un-publishes the post: its own failures are recorded by runFollowUps.
        if (published) throw error
        return afterFailure(orgId, job, error)
      }
    })
    return timedOut || run.timedOut ? 'timed_out' : taken ? 'done' : 'not_taken'
  }

  /**
   * A job still `running` when no pass is (a crash or a kill mid-publish): the platform may or may not have the
   * post. Look it up by its idempotency key; where the platform cannot say, the user decides.
   */
  async function recoverJob(orgId: string, jobId: string): Promise<void> {
    // Live already, its job still running: a crash or a timeout during its follow-ups.
    if ((await store.publishedPost(orgId, jobId))?.job.status === 'running') {
      await followUpJob(orgId, jobId, 'running')
      return
    }
    await underLease(orgId, jobId, async (fence) => {
      const job = await store.read(orgId, jobId)
      if (!job || job.status !== 'running') return 'skipped'
      const run = { timedOut: false }
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
      return settle(orgId, job, settledBy(job, decision), fence, run)
    })
  }

  return { publishJob, recoverJob }
}
