/**
 * What the scheduling loop needs from the outside world, each behind a small
 * interface so the desktop, the sync server and tests plug in their own:
 * timers, a platform publisher, and leases that decide which device may
 * publish a job.
 */
import type { Platform } from '../../src-shared/entities/enums'
import type { Post } from '../../src-shared/entities/models'
import { PlatformError, type LookupResult, type PublishResult } from '../../src-shared/platforms/adapter'
import { PublishError, type PublishFailure } from '../../src-shared/scheduling/publish-rules'

/** The platform adapters' own answers, so an adapter's lookup passes straight through. */
export type { LookupResult }
export type PublishedPost = PublishResult

export type TimerHandle = unknown

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

/** Node's timers, unref'd so a pending publish timer never keeps a process alive on its own. */
export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms)
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

/** The channel a post goes out on: a social account and its platform. */
export interface Channel {
  id: string
  platform: Platform
  platformUserId: string
  username: string
  integrationId: string
}

/** A lease's fencing token: results are accepted only under the current one. */
export type Fence = number

export interface PublishOptions {
  /** The same for every attempt of a job, so a platform that dedupes can drop a repeat. */
  idempotencyKey: string
  channel: Channel
  fence: Fence
}

/** The failure shapes and the error a publisher throws live with the publishing rules, shared with the server. */
export { PublishError, type PublishFailure }

/** One platform adapter's publishing side. */
export interface Publisher {
  publish(post: Post, options: PublishOptions): Promise<PublishedPost>
  /** Finds a post published under `idempotencyKey`, where the platform allows it. */
  lookup(idempotencyKey: string, channel: Channel): Promise<LookupResult>
}

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
  /** A lease when this device may run the job now; null when another holds it or the authority is unreachable. */
  acquire(jobId: string): Promise<Lease | null>
  release(jobId: string, fence: Fence, outcome: LeaseOutcome): Promise<void>
}

/** A local-only org: its own database is the authority and this device the only publisher. */
export const localLeases: LeaseProvider = {
  acquire: async () => ({ fence: 0, resumed: false }),
  release: async () => undefined,
}

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
