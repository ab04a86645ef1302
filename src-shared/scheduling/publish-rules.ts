/**
 * The publishing rules, as pure decisions, so every loop that publishes (the
 * desktop's, the sync server's) applies the same ones: when a due job may be
 * published, what a failure leads to, and what to do with a publish a crash
 * interrupted. The loops own storage, timers and platforms; these own the why.
 */
import { retryDelayMs } from './retry'

export type PublishFailure =
  /** Worth trying again later: a network error, a 5xx, a rate limit (with the platform's Retry-After). */
  | { kind: 'transient'; retryAfterMs?: number }
  /** Will not succeed by retrying: a revoked token, rejected content. `reason` is the platform's, for the user. */
  | { kind: 'permanent'; reason: string }

/** What a publisher throws when the platform says no. */
export class PublishError extends Error {
  constructor(
    readonly failure: PublishFailure,
    message = failure.kind === 'permanent' ? failure.reason : 'the platform could not take the post right now',
  ) {
    super(message)
    this.name = 'PublishError'
  }
}

export interface JobState {
  status: string
  runAt: string
  retryCount: number
  deletedAt: string | null
}

export type ClaimDecision =
  | { kind: 'publish' }
  /** Not pending, or not due yet: another loop moved it on. */
  | { kind: 'skip' }
  /** The post was deleted or taken off the schedule: the job ends quietly. */
  | { kind: 'cancel'; reason: string }
  /** Due longer ago than the late window: the post needs attention instead of going out late. */
  | { kind: 'missed'; reason: string }

/** Whether a job may be published now; checked inside the transaction that marks it running. */
export function decideClaim(
  job: JobState | undefined,
  post: { status: string } | undefined,
  now: Date,
  lateWindowMs: number,
): ClaimDecision {
  if (!job || job.deletedAt || job.status !== 'pending' || Date.parse(job.runAt) > now.getTime()) {
    return { kind: 'skip' }
  }
  if (!post) return { kind: 'cancel', reason: 'the post was deleted' }
  // Only a scheduled post goes out: a published, drafted or rejected one must not, whatever its job says.
  if (post.status !== 'scheduled') {
    return { kind: 'cancel', reason: `the post is ${post.status.replaceAll('_', ' ')}, no longer scheduled` }
  }
  if (now.getTime() - Date.parse(job.runAt) > lateWindowMs) {
    const minutes = Math.round(lateWindowMs / 60_000)
    return {
      kind: 'missed',
      reason:
        `missed: it was due at ${job.runAt} and was only reached at ${now.toISOString()}, ` +
        `more than ${minutes} minutes late; publish it now or reschedule it`,
    }
  }
  return { kind: 'publish' }
}

export interface RetryPolicy {
  baseMs: number
  maxMs: number
  maxAttempts: number
  random: () => number
}

export type FailureDecision =
  { kind: 'retry'; runAt: string; retryCount: number; lastError: string } | { kind: 'fail'; reason: string }

/** After a failed publish: retry later (backoff, jitter, Retry-After) or fail with a reason the user can act on. */
export function decideAfterFailure(
  failure: PublishFailure,
  message: string,
  job: Pick<JobState, 'retryCount'>,
  now: Date,
  policy: RetryPolicy,
): FailureDecision {
  if (failure.kind === 'permanent') return { kind: 'fail', reason: failure.reason }
  const attempts = job.retryCount + 1
  if (attempts >= policy.maxAttempts) {
    return { kind: 'fail', reason: `gave up after ${attempts} attempts; the last error was: ${message}` }
  }
  const delay = retryDelayMs(attempts, { ...policy, retryAfterMs: failure.retryAfterMs })
  return {
    kind: 'retry',
    runAt: new Date(now.getTime() + delay).toISOString(),
    retryCount: attempts,
    lastError: message,
  }
}

/** What the platform says about an idempotency key (the adapters' LookupResult). */
export type LookupAnswer =
  | { status: 'found'; platformPostId: string; url: string }
  | { status: 'not_found' }
  | { status: 'unsupported'; reason?: string }

export type RecoveryDecision =
  | { kind: 'published'; platformPostId: string; url: string }
  /** The platform never got it: publish again under the same key. */
  | { kind: 'resume'; lastError: string }
  /** Nobody can tell whether it went out: never a blind retry; the user decides. */
  | { kind: 'needs_attention'; message: string }

/** A job found running with no loop running it: a crash interrupted the publish. */
export function decideAfterInterruption(answer: LookupAnswer): RecoveryDecision {
  if (answer.status === 'found') return { kind: 'published', platformPostId: answer.platformPostId, url: answer.url }
  if (answer.status === 'not_found') {
    return { kind: 'resume', lastError: 'publishing was interrupted and the platform does not have the post' }
  }
  return {
    kind: 'needs_attention',
    message:
      `publishing was interrupted and whether the post went out is unknown` +
      `${answer.reason ? ` (${answer.reason})` : ''}; ` +
      'check the channel, then publish again or mark it published',
  }
}
