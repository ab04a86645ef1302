/**
 * What happens to a job, named once: each step the publishing loop records
 * (claimed, published, retried, failed, resumed, missed, cancelled, left for a
 * person) and the columns, audit action and audit details each one writes.
 * The desktop's SQLite store and the server's PostgreSQL store both write
 * `outcomeFields`, so a step reads the same in the audit trail and syncs the
 * same wherever it was taken.
 */
import type { JsonObject } from '../entities/json-shapes'
import { decideClaim } from './publish-rules'

/** A job as the loop reads it, whatever the store's columns are called. */
export interface LoopJob {
  id: string
  postId: string
  status: string
  runAt: string
  retryCount: number
  deletedAt: string | null
}

export type JobOutcome =
  /** Claimed: the job is running and its post publishing; a crash from here on is looked up, never repeated. */
  | { kind: 'publishing'; idempotencyKey: string; fence: number; attempt: number }
  /** The post is live; with `followUpsLeft` its job stays running while its thread and first comment go out. */
  | { kind: 'published'; platformPostId: string; url: string; via: string; followUpsLeft?: boolean }
  /** A transient failure: pending again at `runAt`. */
  | { kind: 'retry'; runAt: string; retryCount: number; lastError: string }
  | { kind: 'failed'; reason: string }
  /** An interrupted publish the platform does not have: pending again, under the same key. */
  | { kind: 'resumed'; lastError: string; idempotencyKey: string }
  /** Nobody can tell whether it went out: a person decides. */
  | { kind: 'needs_attention'; message: string; idempotencyKey: string }
  | { kind: 'missed'; reason: string; dueAt: string }
  | { kind: 'cancelled'; reason: string }
  /** A published post's follow-ups claimed (a retry, or after a transient failure): the post stays published. */
  | { kind: 'following_up'; fence: number; attempt: number }
  /** Every follow-up is recorded. */
  | { kind: 'follow_ups_done' }
  /** A follow-up failed transiently: pending again at `runAt`, the post still published. */
  | { kind: 'follow_up_retry'; runAt: string; retryCount: number; lastError: string }
  /** A follow-up will not go out by itself (refused, or nobody can tell): the post keeps its link and gets `note`. */
  | { kind: 'follow_up_stopped'; note: string; unknown: boolean }

export interface OutcomeFields {
  /** schedule_jobs values, by the desktop's field names. */
  job: {
    status: string
    lastError?: string | null
    runAt?: string
    retryCount?: number
  }
  /** posts values, by the desktop's field names (updatedAt is the store's to add). */
  post?: {
    status: string
    publishedAt?: string
    platformPostId?: string
    platformUrl?: string
  }
  action: string
  meta?: JsonObject
}

/** The columns, audit action and audit details an outcome writes. */
export function outcomeFields(outcome: JobOutcome, now: Date): OutcomeFields {
  switch (outcome.kind) {
    case 'publishing':
      return {
        job: { status: 'running' },
        post: { status: 'publishing' },
        action: 'post.publishing',
        meta: { idempotencyKey: outcome.idempotencyKey, fence: outcome.fence, attempt: outcome.attempt },
      }
    case 'published':
      return {
        // Follow-ups left: the job runs on (a crash from here is resumed at the next unsent step).
        job: outcome.followUpsLeft
          ? { status: 'running', lastError: null, retryCount: 0 }
          : { status: 'done', lastError: null },
        post: {
          status: 'published',
          publishedAt: now.toISOString(),
          platformPostId: outcome.platformPostId,
          platformUrl: outcome.url,
        },
        action: 'post.published',
        meta: { platformPostId: outcome.platformPostId, url: outcome.url, via: outcome.via },
      }
    case 'retry':
      return {
        job: { status: 'pending', runAt: outcome.runAt, retryCount: outcome.retryCount, lastError: outcome.lastError },
        post: { status: 'scheduled' },
        action: 'post.publish_retry',
        meta: { attempt: outcome.retryCount, retryAt: outcome.runAt, error: outcome.lastError },
      }
    case 'failed':
      return {
        job: { status: 'failed', lastError: outcome.reason },
        post: { status: 'failed' },
        action: 'post.failed',
        meta: { reason: outcome.reason },
      }
    case 'resumed':
      return {
        job: { status: 'pending', lastError: outcome.lastError },
        post: { status: 'scheduled' },
        action: 'post.publish_resumed',
        meta: { idempotencyKey: outcome.idempotencyKey },
      }
    case 'needs_attention':
      return {
        job: { status: 'failed', lastError: outcome.message },
        post: { status: 'needs_attention' },
        action: 'post.needs_attention',
        meta: { reason: 'unknown_outcome', idempotencyKey: outcome.idempotencyKey },
      }
    case 'missed':
      return {
        job: { status: 'failed', lastError: outcome.reason },
        post: { status: 'needs_attention' },
        action: 'post.missed',
        meta: { reason: 'missed', dueAt: outcome.dueAt },
      }
    case 'cancelled':
      return { job: { status: 'cancelled', lastError: outcome.reason }, action: 'schedule_job.cancelled' }
    case 'following_up':
      return {
        job: { status: 'running' },
        action: 'post.follow_ups_sending',
        meta: { fence: outcome.fence, attempt: outcome.attempt },
      }
    case 'follow_ups_done':
      return { job: { status: 'done', lastError: null }, action: 'post.follow_ups_done' }
    case 'follow_up_retry':
      return {
        job: { status: 'pending', runAt: outcome.runAt, retryCount: outcome.retryCount, lastError: outcome.lastError },
        action: 'post.follow_up_retry',
        meta: { attempt: outcome.retryCount, retryAt: outcome.runAt, error: outcome.lastError },
      }
    case 'follow_up_stopped':
      // The job's last_error is the note the Sent card shows; the post stays published.
      return {
        job: { status: 'failed', lastError: outcome.note },
        action: outcome.unknown ? 'post.follow_up_unknown' : 'post.follow_up_failed',
        meta: { note: outcome.note },
      }
  }
}

/**
 * The key a job's publish carries: the job's own id. It is durable with the job row before the platform is
 * called, the same for every attempt, and a UUIDv7, whose embedded time Bluesky's record keys keep; so it needs no
 * column of its own, and a look-up after a crash asks for exactly what was sent.
 */
export const idempotencyKeyFor = (job: Pick<LoopJob, 'id'>): string => job.id

export const NO_CHANNEL_REASON = 'the post has no connected channel to go out on; pick a channel and schedule it again'

/**
 * Inside a store's claim transaction: what to write for a job, given its post (undefined when deleted) and
 * whether its channel is still connected. 'skip' when someone else moved it on or it is not due yet.
 */
export function decideClaimOutcome(
  job: LoopJob | undefined,
  post: { status: string; followUpsLeft?: boolean } | undefined,
  hasChannel: boolean,
  rules: { now: Date; lateWindowMs: number; fence: number },
): JobOutcome | 'skip' {
  // A published post whose thread or first comment is left (a retry): no late window, it is live already.
  if (job && post?.status === 'published' && post.followUpsLeft) {
    const due = !job.deletedAt && job.status === 'pending' && Date.parse(job.runAt) <= rules.now.getTime()
    return due && hasChannel ? { kind: 'following_up', fence: rules.fence, attempt: job.retryCount + 1 } : 'skip'
  }
  const decision = decideClaim(job, post, rules.now, rules.lateWindowMs)
  if (!job || decision.kind === 'skip') return 'skip'
  if (decision.kind === 'cancel') return { kind: 'cancelled', reason: decision.reason }
  if (decision.kind === 'missed') return { kind: 'missed', reason: decision.reason, dueAt: job.runAt }
  if (!hasChannel) return { kind: 'failed', reason: NO_CHANNEL_REASON }
  return { kind: 'publishing', idempotencyKey: idempotencyKeyFor(job), fence: rules.fence, attempt: job.retryCount + 1 }
}
