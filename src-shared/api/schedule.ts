/**
 * Putting posts on the schedule and taking them off: one post with its job
 * and approvals, schedule, unschedule, delete, and the queue's order.
 */
import { z } from 'zod'
import { postDetailSchema, postSchema } from '../entities/models'
import { id, isoTime, method } from './fields'

/**
 * When a post goes out: `queue` takes the channel's next free slot, `next` goes before everything queued,
 * `now` publishes at once, `at` at a chosen time (stored in UTC, planned in the channel's zone).
 */
export const whenSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('queue') }).strict(),
  z.object({ kind: z.literal('next') }).strict(),
  z.object({ kind: z.literal('now') }).strict(),
  z.object({ kind: z.literal('at'), at: isoTime }).strict(),
])
export type When = z.infer<typeof whenSchema>

export const scheduleApi = {
  getPost: method(z.object({ orgId: id, postId: id }).strict(), postDetailSchema),
  /**
   * Puts a post on the schedule (draft, rejected, failed, needs attention, or already scheduled: a reschedule).
   * A contributor's post goes to needs_approval instead, keeping the time asked for.
   */
  schedulePost: method(z.object({ orgId: id, postId: id, when: whenSchema }).strict(), postSchema),
  /** Takes a post off the schedule (or out of approval) back to drafts. */
  unschedulePost: method(z.object({ orgId: id, postId: id }).strict(), postSchema),
  deletePost: method(z.object({ orgId: id, postId: id }).strict(), z.object({ deleted: z.literal(true) })),
  /** The channel's queued posts in their new order: they take its slots in this order. */
  reorderQueue: method(
    z.object({ orgId: id, channelId: id, postIds: z.array(id).min(1).max(1000) }).strict(),
    z.array(postSchema),
  ),
}
