/**
 * The scheduling loop: publishes each due SCHEDULE_JOBS row on time and at
 * most once. One timer waits for the next due job (no busy poll); a safety
 * tick catches anything the timer missed and notices a big clock jump (the
 * machine slept); `catchUp` runs after start, wake and reconnect, and first
 * settles jobs a crash left running: they are looked up on the platform,
 * never published again blindly.
 *
 * Passes run one at a time, so this process never publishes a job twice;
 * leases keep other devices of a syncing org from doing so.
 */
import { decideAfterFailure, decideAfterInterruption } from '../../src-shared/scheduling/publish-rules'
import type { Clock } from '../core/clock'
import type { OrgDb } from '../db/open'
import type { ServiceContext } from '../core/context'
import {
  claimJob,
  idempotencyKeyFor,
  pendingJobs,
  publishedOutcome,
  channelOfPost,
  readJob,
  recordOutcome,
  runningJobs,
  type Outcome,
  type ScheduleJob,
} from './job-store'
import {
  failureOf,
  type Channel,
  type LeaseOutcome,
  type LeaseProvider,
  type LookupResult,
  systemTimers,
  type Publisher,
  type TimerHandle,
  type Timers,
} from './ports'

export interface SchedulerSettings {
  /** A job found due longer ago than this is not published late: its post needs attention ("missed"). */
  publishLateWithinMinutes: number
  /** How often the safety tick runs. */
  safetyTickMs: number
  /** Backoff for transient failures: the first retry waits up to `baseMs`, doubling up to `maxMs`. */
  retryBaseMs: number
  retryMaxMs: number
  /** Attempts before a transient failure is given up on and the post fails. */
  maxAttempts: number
  /** Jobs of one org published at the same time, so a busy minute does not queue behind one slow call. */
  concurrency: number
  /** A publish call that has not answered by then is treated as interrupted (looked up at the next tick). */
  publishTimeoutMs: number
}

export const defaultSchedulerSettings: SchedulerSettings = {
  publishLateWithinMinutes: 15,
  safetyTickMs: 60_000,
  retryBaseMs: 30_000,
  retryMaxMs: 30 * 60_000,
  maxAttempts: 10,
  concurrency: 4,
  publishTimeoutMs: 120_000,
}

/** What the user should hear about; the host turns these into notifications. */
export type SchedulerEvent =
  | { type: 'post.published'; orgId: string; postId: string; platformPostId: string; url: string }
  | { type: 'post.failed'; orgId: string; postId: string; reason: string }
  | {
      type: 'post.needs_attention'
      orgId: string
      postId: string
      reason: 'missed' | 'unknown_outcome'
      message: string
    }

export interface SchedulerOptions {
  ctx: Pick<ServiceContext, 'dbs' | 'emit' | 'clock'>
  /** The context's clock unless given. */
  clock?: Clock
  /** Node's timers unless given. */
  timers?: Timers
  /** The adapter for a channel's platform; undefined when this build has none. */
  publisherFor(channel: Channel, orgId: string): Publisher | undefined
  /** The local lease for a local-only org, the server's for one that syncs. */
  leasesFor(orgId: string): LeaseProvider
  /** An org's own publish-late window in minutes, read at claim time (settings.publishLateWithinMinutes by default). */
  lateWindowMinutes?: (orgId: string) => number
  /** The orgs to run (every org file on this device by default). */
  orgIds?: () => string[]
  settings?: Partial<SchedulerSettings>
  /** [0, 1) for backoff jitter (Math.random by default). */
  random?: () => number
  onEvent?: (event: SchedulerEvent) => void
  log?: (error: unknown) => void
}

/** setTimeout keeps a 32-bit delay; the safety tick covers anything further out. */
const MAX_TIMER_MS = 2 ** 31 - 1
const TIMED_OUT = Symbol('timed out')

export class Scheduler {
  private readonly settings: SchedulerSettings
  private readonly timers: Timers
  private readonly clock: Clock
  private dueTimer: TimerHandle | null = null
  private tickTimer: TimerHandle | null = null
  private lastTickAt = 0
  private started = false
  /** Set by stop(): a pass still running ends at the next org instead of touching closed files. */
  private stopped = false
  private pass: Promise<void> | null = null
  private again = false
  private recoverNext = false
  /** Due jobs this pass could not take (lease refused, an error): the safety tick tries them, not a spinning timer. */
  private readonly deferred = new Set<string>()
  /** A publish timed out: its job is left running for the next tick's recovery to look up. */
  private recoverAtTick = false

  constructor(private readonly options: SchedulerOptions) {
    this.settings = { ...defaultSchedulerSettings, ...options.settings }
    this.timers = options.timers ?? systemTimers
    this.clock = options.clock ?? options.ctx.clock
  }

  /** Starts the loop with a catch-up, which also settles jobs a crash left running. */
  start(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (!this.started) {
      this.started = true
      this.armTick()
    }
    return this.catchUp()
  }

  stop(): void {
    this.started = false
    this.stopped = true
    if (this.dueTimer !== null) this.timers.clearTimeout(this.dueTimer)
    if (this.tickTimer !== null) this.timers.clearTimeout(this.tickTimer)
    this.dueTimer = this.tickTimer = null
  }

  /** After start, wake from sleep and reconnect: settle interrupted jobs, then run everything due. */
  catchUp(): Promise<void> {
    return this.request(true)
  }

  /** Runs what is due now (a new or rescheduled job calls this too). */
  runDue(): Promise<void> {
    return this.request(false)
  }

  /** Resolves when no pass is running: lets tests and shutdown wait for the loop to settle. */
  async idle(): Promise<void> {
    while (this.pass) await this.pass
  }

  private request(recover: boolean): Promise<void> {
    this.recoverNext ||= recover
    if (this.pass) {
      this.again = true
      return this.pass
    }
    this.pass = this.drain().finally(() => {
      this.pass = null
    })
    return this.pass
  }

  private async drain(): Promise<void> {
    this.deferred.clear()
    do {
      this.again = false
      const recover = this.recoverNext
      this.recoverNext = false
      for (const orgId of this.orgIds()) {
        if (this.stopped) return
        try {
          if (recover) await this.recoverInterrupted(orgId)
          await this.publishDue(orgId)
        } catch (error) {
          // One org's trouble (a file gone, a broken row) must not stop the others.
          this.log(error)
        }
      }
    } while (this.again)
    this.armDue()
  }

  private orgIds(): string[] {
    return this.options.orgIds?.() ?? this.options.ctx.dbs.listOrgIds()
  }

  private now(): Date {
    return this.clock.now()
  }

  private log(error: unknown): void {
    ;(this.options.log ?? console.error)(error)
  }

  private armDue(): void {
    if (this.dueTimer !== null) this.timers.clearTimeout(this.dueTimer)
    this.dueTimer = null
    if (!this.started) return
    let next = Infinity
    for (const orgId of this.orgIds()) {
      try {
        for (const job of pendingJobs(this.options.ctx.dbs.org(orgId))) {
          const at = Date.parse(job.runAt)
          // An unreadable time would fire at once, forever; the safety tick is enough for a job it cannot take.
          if (this.deferred.has(job.id) || !Number.isFinite(at)) continue
          next = Math.min(next, at)
          break
        }
      } catch (error) {
        this.log(error)
      }
    }
    if (next === Infinity) return
    const delay = Math.min(Math.max(next - this.now().getTime(), 0), MAX_TIMER_MS)
    this.dueTimer = this.timers.setTimeout(() => {
      this.dueTimer = null
      void this.runDue()
    }, delay)
  }

  private armTick(): void {
    this.lastTickAt = this.now().getTime()
    this.tickTimer = this.timers.setTimeout(() => {
      if (!this.started) return
      // A tick that comes far later than asked means the machine slept (or the clock jumped): catch up.
      const slept = this.now().getTime() - this.lastTickAt > 2 * this.settings.safetyTickMs
      const recover = slept || this.recoverAtTick
      this.recoverAtTick = false
      this.armTick()
      void this.request(recover)
    }, this.settings.safetyTickMs)
  }

  private emitChanged(orgId: string): void {
    this.options.ctx.emit({ type: 'posts.changed', orgId })
  }

  private record(orgId: string, job: ScheduleJob, outcome: Outcome): void {
    recordOutcome(this.options.ctx.dbs.org(orgId), orgId, this.now(), job, outcome)
    this.emitChanged(orgId)
  }

  private notifyNeedsAttention(orgId: string, postId: string, reason: 'missed' | 'unknown_outcome', message: string) {
    this.options.onEvent?.({ type: 'post.needs_attention', orgId, postId, reason, message })
  }

  private async publishDue(orgId: string): Promise<void> {
    const now = this.now().getTime()
    const due = pendingJobs(this.options.ctx.dbs.org(orgId)).filter((job) => Date.parse(job.runAt) <= now)
    const worker = async () => {
      for (let job = due.shift(); job && this.started; job = due.shift()) {
        const taken = await this.publishJob(orgId, job.id).catch((error: unknown) => {
          this.log(error)
          return false
        })
        if (!taken) this.deferred.add(job.id)
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, this.settings.concurrency) }, worker))
  }

  /** Publishes one job if it is still due; false when it could not be taken now (left to the safety tick). */
  private async publishJob(orgId: string, jobId: string): Promise<boolean> {
    const leases = this.options.leasesFor(orgId)
    const lease = await leases.acquire(jobId)
    // Another device holds the job, or the authority is out of reach: it is not ours to publish now.
    if (lease === null) return false
    const { fence } = lease
    let outcome: LeaseOutcome = 'skipped'
    // Set when a publish timed out: whether it went out is unknown, so no end is reported and the lease lapses.
    let lapse = false
    try {
      const db = this.options.ctx.dbs.org(orgId)
      if (lease.resumed) {
        // An earlier holder never said how it ended: ask the platform before publishing, never blindly.
        const resumed = await this.resolveResumed(orgId, jobId)
        if (resumed === 'unknown') {
          // Still unknown: a release would let the next holder start fresh (no look-up); let the lease lapse instead.
          lapse = true
          return false
        }
        if (resumed !== 'publish') {
          outcome = resumed
          return true
        }
      }
      const claim = claimJob(db, orgId, jobId, {
        now: this.now(),
        lateWindowMs: this.lateWindowMinutes(orgId) * 60_000,
        fence,
      })
      if (claim.kind === 'skipped') return true
      this.emitChanged(orgId)
      if (claim.kind === 'settled') {
        const { outcome, job } = claim
        const reason = String(outcome.job.lastError ?? '')
        if (outcome.action === 'post.missed') this.notifyNeedsAttention(orgId, job.postId, 'missed', reason)
        if (outcome.action === 'post.failed') {
          this.options.onEvent?.({ type: 'post.failed', orgId, postId: job.postId, reason })
        }
        return true
      }
      const { job, post, channel, idempotencyKey } = claim
      const publisher = this.options.publisherFor(channel, orgId)
      if (!publisher) {
        this.fail(orgId, job, `this app cannot publish to ${channel.platform} yet`)
        return true
      }
      try {
        const result = await this.withTimeout(publisher.publish(post, { idempotencyKey, channel, fence }))
        if (result === TIMED_OUT) {
          // Whether it went out is unknown: the job stays running, and the next tick looks it up like after a crash.
          this.log(new Error(`Publishing post ${job.postId} took longer than ${this.settings.publishTimeoutMs} ms`))
          this.recoverAtTick = true
          lapse = true
          return true
        }
        this.record(orgId, job, publishedOutcome(this.now(), result, 'publish'))
        outcome = 'published'
        this.options.onEvent?.({ type: 'post.published', orgId, postId: job.postId, ...result })
      } catch (error) {
        outcome = this.afterFailure(orgId, job, error)
      }
      return true
    } finally {
      if (!lapse) await leases.release(jobId, fence, outcome).catch((error: unknown) => this.log(error))
    }
  }

  private lateWindowMinutes(orgId: string): number {
    try {
      return this.options.lateWindowMinutes?.(orgId) ?? this.settings.publishLateWithinMinutes
    } catch (error) {
      this.log(error)
      return this.settings.publishLateWithinMinutes
    }
  }

  /**
   * A pending job whose lease came back `resumed`: look it up the way a crash
   * is recovered. 'publish' when the platform does not have it; 'unknown'
   * when it could not answer now (tried again later); otherwise the outcome
   * already recorded.
   */
  private async resolveResumed(orgId: string, jobId: string): Promise<LeaseOutcome | 'publish' | 'unknown'> {
    const db = this.options.ctx.dbs.org(orgId)
    const job = readJob(db, jobId)
    if (!job || job.deletedAt || job.status !== 'pending') return 'skipped'
    const answer = await this.lookUp(orgId, db, job)
    if (answer === null) return 'unknown'
    const decision = decideAfterInterruption(answer)
    if (decision.kind === 'resume') return 'publish'
    this.settleInterrupted(orgId, job, decision)
    return decision.kind === 'published' ? 'published' : 'needs_attention'
  }

  /** Asks the job's platform for the post by the job's idempotency key; null when it could not answer now (logged). */
  private async lookUp(orgId: string, db: OrgDb, job: ScheduleJob): Promise<LookupResult | null> {
    const channel = channelOfPost(db, job.postId)
    const publisher = channel && this.options.publisherFor(channel, orgId)
    if (!publisher) return { status: 'unsupported', reason: 'the channel is gone or has no adapter here' }
    try {
      return await publisher.lookup(idempotencyKeyFor(job), channel)
    } catch (error) {
      this.log(error)
      return null
    }
  }

  /** Records what a lookup after an interruption found: published, or needing the user's decision. */
  private settleInterrupted(
    orgId: string,
    job: ScheduleJob,
    decision: { kind: 'published'; platformPostId: string; url: string } | { kind: 'needs_attention'; message: string },
  ): void {
    if (decision.kind === 'published') {
      this.record(orgId, job, publishedOutcome(this.now(), decision, 'lookup after an interrupted publish'))
      const { platformPostId, url } = decision
      this.options.onEvent?.({ type: 'post.published', orgId, postId: job.postId, platformPostId, url })
      return
    }
    this.record(orgId, job, {
      job: { status: 'failed', lastError: decision.message },
      post: { status: 'needs_attention' },
      action: 'post.needs_attention',
      meta: { reason: 'unknown_outcome', idempotencyKey: idempotencyKeyFor(job) },
    })
    this.notifyNeedsAttention(orgId, job.postId, 'unknown_outcome', decision.message)
  }

  /** A publish that never answers must not hold the loop; its late answer is ignored (the lookup decides). */
  private withTimeout<T>(work: Promise<T>): Promise<T | typeof TIMED_OUT> {
    let handle: TimerHandle | null = null
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      handle = this.timers.setTimeout(() => resolve(TIMED_OUT), this.settings.publishTimeoutMs)
    })
    work.catch(() => undefined)
    return Promise.race([work, timeout]).finally(() => {
      if (handle !== null) this.timers.clearTimeout(handle)
    })
  }

  private fail(orgId: string, job: ScheduleJob, reason: string): void {
    this.record(orgId, job, {
      job: { status: 'failed', lastError: reason },
      post: { status: 'failed' },
      action: 'post.failed',
      meta: { reason },
    })
    this.options.onEvent?.({ type: 'post.failed', orgId, postId: job.postId, reason })
  }

  private afterFailure(orgId: string, job: ScheduleJob, error: unknown): LeaseOutcome {
    const { message, ...failure } = failureOf(error)
    const decision = decideAfterFailure(failure, message, job, this.now(), {
      baseMs: this.settings.retryBaseMs,
      maxMs: this.settings.retryMaxMs,
      maxAttempts: this.settings.maxAttempts,
      random: this.options.random ?? Math.random,
    })
    if (decision.kind === 'fail') {
      this.fail(orgId, job, decision.reason)
      return 'failed'
    }
    const { runAt, retryCount, lastError } = decision
    this.record(orgId, job, {
      job: { status: 'pending', runAt, retryCount, lastError },
      post: { status: 'scheduled' },
      action: 'post.publish_retry',
      meta: { attempt: retryCount, retryAt: runAt, error: lastError },
    })
    return 'retry'
  }

  /**
   * A job still `running` when no pass is (a crash or a kill mid-publish):
   * the platform may or may not have the post. Look it up by its
   * idempotency key; where the platform cannot say, the user decides.
   */
  private async recoverInterrupted(orgId: string): Promise<void> {
    const db = this.options.ctx.dbs.org(orgId)
    for (const found of runningJobs(db)) {
      const leases = this.options.leasesFor(orgId)
      const lease = await leases.acquire(found.id)
      if (lease === null) continue
      const { fence } = lease
      let outcome: LeaseOutcome = 'skipped'
      let lapse = false
      try {
        const job = readJob(db, found.id)
        if (!job || job.status !== 'running') continue
        const answer = await this.lookUp(orgId, db, job)
        // The platform could not answer now: the job stays running and the next catch-up asks again. The lease
        // lapses unreleased, so whoever holds it next also looks the post up first.
        if (answer === null) {
          lapse = true
          continue
        }
        const decision = decideAfterInterruption(answer)
        if (decision.kind === 'published') {
          this.settleInterrupted(orgId, job, decision)
          outcome = 'published'
        } else if (decision.kind === 'resume') {
          // Still under the late-window rule for its due time when the pass reaches it.
          this.record(orgId, job, {
            job: { status: 'pending', lastError: decision.lastError },
            post: { status: 'scheduled' },
            action: 'post.publish_resumed',
            meta: { idempotencyKey: idempotencyKeyFor(job) },
          })
          outcome = 'retry'
        } else {
          this.settleInterrupted(orgId, job, decision)
          outcome = 'needs_attention'
        }
      } finally {
        if (!lapse) await leases.release(found.id, fence, outcome).catch((error: unknown) => this.log(error))
      }
    }
  }
}
