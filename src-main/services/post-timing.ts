/**
 * The pieces schedulePost, reorderQueue and decideApproval share: a
 * channel's queue and its free slots, the check of a post against its
 * platform's limits, and the post's pending SCHEDULE_JOBS row. Each works
 * inside the caller's transaction and returns the changes to record.
 */
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm'
import { AppError } from '../../src-shared/api/errors'
import type { Post } from '../../src-shared/entities/models'
import type { PostMedia } from '../../src-shared/platforms/adapter'
import { validateContent } from '../../src-shared/threads/thread-checks'
import { platformLimits } from '../../src-shared/platforms/index'
import { nextSlots } from '../../src-shared/scheduling/posting-schedule'
import { newId } from '../core/ids'
import { posts, scheduleJobs } from '../db/schema/org'
import type { Tx } from '../db/open'
import type { Change } from '../sync/outbox'
import type { ScheduledChannel } from './channel-schedule'

/** Statuses of posts that hold a place in a channel's queue. */
export const QUEUED_STATUSES = ['scheduled', 'needs_approval'] as const

export interface QueuedPost {
  id: string
  scheduledAt: string
  status: string
}

/** The channel's posts waiting to go out at a known time, soonest first. */
export function channelQueue(tx: Tx, channelId: string): QueuedPost[] {
  return tx
    .select({ id: posts.id, scheduledAt: posts.scheduledAt, status: posts.status })
    .from(posts)
    .where(
      and(
        eq(posts.socialAccountId, channelId),
        inArray(posts.status, [...QUEUED_STATUSES]),
        isNotNull(posts.scheduledAt),
        isNull(posts.deletedAt),
      ),
    )
    .orderBy(asc(posts.scheduledAt), asc(posts.id))
    .all() as QueuedPost[]
}

function noSlots(channel: ScheduledChannel): never {
  throw new AppError(
    'conflict',
    channel.schedule.paused
      ? `The posting schedule of ${channel.username} is paused. Unpause it in Channels, or pick a date and time.`
      : `${channel.username} has no posting slots. Add slots to its schedule in Channels, or pick a date and time.`,
  )
}

/** The channel's first free slot after `now`, leaving out `postId`'s own place. */
export function nextFreeSlot(tx: Tx, channel: ScheduledChannel, now: Date, postId: string): Date {
  const taken = channelQueue(tx, channel.id)
    .filter((p) => p.id !== postId)
    .map((p) => new Date(p.scheduledAt))
  return nextSlots(channel.schedule, now, 1, taken)[0] ?? noSlots(channel)
}

/**
 * Share next: the post takes the channel's earliest upcoming slot. A queued
 * post already in that slot moves to the next slot, and so on down the queue
 * until a free slot takes the last one: each displaced post moves back one
 * slot. Posts at chosen times between slots stay where they are.
 */
export function shareNextPlan(
  tx: Tx,
  channel: ScheduledChannel,
  now: Date,
  postId: string,
): { at: Date; moves: { postId: string; to: Date }[] } {
  const queue = channelQueue(tx, channel.id).filter((p) => p.id !== postId)
  const slots = nextSlots(channel.schedule, now, queue.length + 1)
  if (slots.length === 0) noSlots(channel)
  const minute = (iso: string | Date) => Math.floor(new Date(iso).getTime() / 60_000)
  const bySlot = new Map(queue.map((p) => [minute(p.scheduledAt), p.id]))
  const moves: { postId: string; to: Date }[] = []
  let carried = postId
  for (const slot of slots) {
    if (carried !== postId) moves.push({ postId: carried, to: slot })
    const occupant = bySlot.get(minute(slot))
    if (!occupant) break
    carried = occupant
  }
  return { at: slots[0]!, moves }
}

const DEFAULT_MIME = { image: 'image/jpeg', gif: 'image/gif', video: 'video/mp4' } as const

/** Refuses a post its channel's platform would refuse, its thread and first comment included, with every reason in words. */
export function requirePublishable(
  post: Pick<Post, 'caption' | 'mediaUrls' | 'threadParts' | 'firstComment'>,
  channel: ScheduledChannel,
): void {
  // Only sizes matter to the check; the bytes stay in the media folder.
  const media: PostMedia[] = post.mediaUrls.map((item) => ({
    mimeType: item.mimeType ?? DEFAULT_MIME[item.type],
    data: { byteLength: item.byteLength ?? 0 } as Uint8Array,
    fileName: item.fileName,
    altText: item.altText,
  }))
  // The composer runs the same checks as you type (compose/channel-checks.tsx).
  const problems = validateContent(platformLimits[channel.platform], channel.platform, {
    text: post.caption,
    media,
    threadParts: post.threadParts,
    firstComment: post.firstComment,
  })
  if (problems.length === 0) return
  throw new AppError(
    'invalid_input',
    `${channel.username} cannot take this post: ${problems.map((p) => p.message).join(' ')}`,
    problems.map((p) => ({
      path: p.firstComment
        ? 'firstComment'
        : p.part !== undefined && p.part > 1
          ? `threadParts.${p.part - 2}`
          : p.mediaIndex === undefined
            ? 'caption'
            : `mediaUrls.${p.mediaIndex}`,
      message: p.message,
    })),
  )
}

/**
 * The post's pending job at `runAt`: the pending one moved (same id, so the
 * same idempotency key), or a new one when there is none (a failed or missed
 * post gets a fresh job and key: its earlier attempt is settled).
 */
export function setPendingJob(tx: Tx, orgId: string, postId: string, runAt: Date): Change {
  const pending = tx
    .select({ id: scheduleJobs.id })
    .from(scheduleJobs)
    .where(and(eq(scheduleJobs.postId, postId), eq(scheduleJobs.status, 'pending'), isNull(scheduleJobs.deletedAt)))
    .get()
  if (pending) {
    const values = { runAt: runAt.toISOString(), retryCount: 0, lastError: null }
    tx.update(scheduleJobs).set(values).where(eq(scheduleJobs.id, pending.id)).run()
    return { table: scheduleJobs, rowId: pending.id, values }
  }
  const row = {
    id: newId(),
    orgId,
    postId,
    runAt: runAt.toISOString(),
    retryCount: 0,
    status: 'pending' as const,
    lastError: null,
  }
  tx.insert(scheduleJobs).values(row).run()
  return { table: scheduleJobs, rowId: row.id, values: row }
}

/** Cancels the post's pending jobs (taken off the schedule, sent for approval, rejected). */
export function cancelPendingJobs(tx: Tx, postId: string, reason: string): Change[] {
  const pending = tx
    .select({ id: scheduleJobs.id })
    .from(scheduleJobs)
    .where(and(eq(scheduleJobs.postId, postId), eq(scheduleJobs.status, 'pending'), isNull(scheduleJobs.deletedAt)))
    .all()
  return pending.map(({ id }) => {
    const values = { status: 'cancelled' as const, lastError: reason }
    tx.update(scheduleJobs).set(values).where(eq(scheduleJobs.id, id)).run()
    return { table: scheduleJobs, rowId: id, values }
  })
}

/** Tombstones every job of the post that is not already. */
export function tombstoneJobs(tx: Tx, postId: string, deletedAt: string): Change[] {
  const jobs = tx
    .select({ id: scheduleJobs.id })
    .from(scheduleJobs)
    .where(and(eq(scheduleJobs.postId, postId), isNull(scheduleJobs.deletedAt)))
    .all()
  return jobs.map(({ id }) => {
    const values = { deletedAt }
    tx.update(scheduleJobs).set(values).where(eq(scheduleJobs.id, id)).run()
    return { table: scheduleJobs, rowId: id, values }
  })
}
