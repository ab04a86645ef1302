/**
 * What the publishing loop (publishing-loop.ts, job-run.ts) needs from the
 * side that runs it, each behind a small async interface: the desktop plugs
 * in its SQLite job store, the sync server its PostgreSQL one, and tests
 * their own platforms, leases and timers.
 *
 * `P` is the side's post and `C` its channel: the loop only hands them from
 * the store to the publisher.
 */
import { PlatformError, type LookupResult, type PublishResult } from '../platforms/adapter'
import type { FollowUpResult } from '../entities/json-shapes'
import type { FollowUpSource, FollowUpStep } from './follow-ups'
import type { JobOutcome, LoopJob } from './job-outcomes'
import { PublishError, type PublishFailure } from './publish-rules'

export type { LookupResult, JobOutcome, LoopJob, FollowUpResult, FollowUpSource, FollowUpStep }
export type PublishedPost = PublishResult

// ─── Timers ──────────────────────────────────────────────────────────────────

export type TimerHandle = unknown

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

/** The host's timers, unref'd (where the host has that) so a pending publish timer never keeps a process alive. */
export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const handle: unknown = setTimeout(callback, ms)
    ;(handle as { unref?: () => void }).unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
}

// ─── Leases ──────────────────────────────────────────────────────────────────

/** A lease's fencing token: results are accepted only under the current one. */
export type Fence = number

/**
 * Who may publish a job. For an org that syncs, the server grants a lease
 * with a fencing token, and a device that cannot reach it gets none.
 */
export interface Lease {
  fence: Fence
  /**
   * An earlier holder took this job and never reported how it ended (it crashed or lost the network mid-publish):
   * the post may be on the platform already, so the holder looks it up before publishing, never blindly.
   */
  resumed: boolean
}

/** How a leased job ended, reported when the lease is released; the authority accepts it only under the current fence. */
export type LeaseOutcome = 'published' | 'failed' | 'retry' | 'needs_attention' | 'skipped'

export interface LeaseProvider {
  /** A lease when this holder may run the job now; null when another holds it or the authority is unreachable. */
  acquire(jobId: string): Promise<Lease | null>
  release(jobId: string, fence: Fence, outcome: LeaseOutcome): Promise<void>
}

/** A local-only org: its own database is the authority and this device the only publisher. */
export const localLeases: LeaseProvider = {
  acquire: async () => ({ fence: 0, resumed: false }),
  release: async () => undefined,
}

// ─── Ready here ──────────────────────────────────────────────────────────────

/**
 * Whether this side can publish the job at all right now (it holds the channel's sign-in, the post's media is
 * here, its role may publish): asked before a lease, so a job another side must run never takes one.
 */
export type ReadyHere = (orgId: string, jobId: string) => Promise<boolean>

export const alwaysReady: ReadyHere = async () => true

// ─── Publisher ───────────────────────────────────────────────────────────────

export interface PublishOptions<C> {
  /** The same for every attempt of a job, so a platform that dedupes can drop a repeat. */
  idempotencyKey: string
  channel: C
  fence: Fence
}

export interface FollowUpOptions<C> extends PublishOptions<C> {
  /** The platform's id of the post (or part) this step answers. */
  replyTo: string
}

/** One channel's publishing side. */
export interface Publisher<P, C> {
  publish(post: P, options: PublishOptions<C>): Promise<PublishedPost>
  /** Finds a post published under `idempotencyKey`, where the platform allows it. */
  lookup(idempotencyKey: string, channel: C): Promise<LookupResult>
  /** Sends one of a published post's follow-ups (a thread part, its first comment) as a reply; absent: cannot. */
  publishFollowUp?(post: P, step: FollowUpStep, options: FollowUpOptions<C>): Promise<PublishedPost>
  /**
   * How long the platform turns a repeat of a key into the first post (the adapter's dedupeWindowMs): within it,
   * a step whose look-up cannot tell may be sent again safely; past it, not. 0 when not given.
   */
  dedupeWindowMs?(channel: C): number
}

/** What the loop reads of a side's channel: its platform, to name it when nothing here publishes there. */
export interface LoopChannel {
  platform: string | null
}

/** The publisher for a channel; undefined when this side has none for its platform. */
export type PublisherFor<P, C> = (channel: C, orgId: string) => Publisher<P, C> | undefined

// ─── Job store ───────────────────────────────────────────────────────────────

export interface ClaimRules {
  now: Date
  /** Due longer ago than this, the post is not published late but flagged. */
  lateWindowMs: number
  fence: Fence
}

export type Claim<P, C> =
  | {
      kind: 'claimed'
      job: LoopJob
      post: P
      channel: C
      idempotencyKey: string
      /** The post is published already; its follow-ups are what is claimed. */
      followingUp?: boolean
    }
  /** Someone else moved the job on, or it is not due yet: nothing to do. */
  | { kind: 'skipped' }
  /** The job was recorded as something other than a publish (missed, cancelled, failed). */
  | { kind: 'settled'; job: LoopJob; outcome: JobOutcome }

/**
 * The jobs' storage. Every write is one transaction that updates the job and its post together and records the
 * change as the side's own edits are (clocks, change log, audit), so the outcome syncs; and announces it.
 */
export interface JobStore<P, C> {
  /** The orgs whose jobs this loop runs. */
  orgIds(): Promise<string[]>
  /** An org's own publish-late window in minutes; undefined for the loop's default. */
  lateWindowMinutes(orgId: string): Promise<number | undefined>
  /** Pending jobs, soonest first. */
  pending(orgId: string): Promise<LoopJob[]>
  /** Jobs left running: interrupted publishes (or another holder's, which its lease protects). */
  running(orgId: string): Promise<LoopJob[]>
  read(orgId: string, jobId: string): Promise<LoopJob | undefined>
  /** The channel of the job's post, deleted or not: an interrupted publish is looked up wherever it went. */
  channelOf(orgId: string, job: LoopJob): Promise<C | undefined>
  /**
   * In one transaction: decide with `decideClaimOutcome` (job-outcomes.ts) whether the job is still due and its
   * post still scheduled, and write what it says (running and publishing, or settled). Once this commits, a crash
   * leaves a trace the next pass looks up instead of publishing blindly.
   */
  claim(orgId: string, jobId: string, rules: ClaimRules): Promise<Claim<P, C>>
  record(orgId: string, job: LoopJob, outcome: JobOutcome): Promise<void>
  /** The job's post once it is published (undefined before, or when it or its job is gone), for its follow-ups. */
  publishedPost(orgId: string, jobId: string): Promise<PublishedPostOf<P, C> | undefined>
  /**
   * Adds one sent step to posts.follow_ups in its own transaction (recorded like every change, so it syncs), the
   * moment the platform answered: a crash after this never sends it again. A step already there is left alone.
   */
  recordFollowUp(orgId: string, job: LoopJob, result: FollowUpResult): Promise<void>
}

export interface PublishedPostOf<P, C> {
  job: LoopJob
  post: P
  /** Undefined when the channel was disconnected since. */
  channel: C | undefined
  source: FollowUpSource
}

// ─── Failures ────────────────────────────────────────────────────────────────

/** The failure shapes and the error a publisher throws live with the publishing rules. */
export { PublishError, type PublishFailure }

/**
 * What the loop makes of an error from `publish`: a PublishError says it; an adapter's PlatformError is read
 * the same way (an 'auth' one that reaches the loop means refreshing did not help: permanent); anything else
 * counts as transient.
 */
export function failureOf(error: unknown): PublishFailure & { message: string } {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof PublishError) return { ...error.failure, message }
  if (error instanceof PlatformError) {
    if (error.kind === 'transient') return { kind: 'transient', retryAfterMs: error.retryAfterMs, message }
    const reason = error.kind === 'auth' ? `${message} Reconnect the channel, then schedule the post again.` : message
    return { kind: 'permanent', reason, message: reason }
  }
  // A bug or an unexpected answer: retried under the same idempotency key, and bounded by maxAttempts.
  return { kind: 'transient', message }
}
