/**
 * Putting posts on the schedule and taking them off: one post with its job
 * and approvals, schedule (one post, or the composer's post for several
 * channels at once), unschedule, delete, and the queue's order.
 */
import { z } from 'zod'
import { postDetailSchema, postSchema } from '../entities/models'
import { caption, firstComment, id, isoTime, mediaUrls, method, tags, threadParts } from './fields'

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
  /**
   * The composer's post for several channels, written and put on the schedule in one transaction: every
   * channel's post, or nothing at all. Each entry is a channel's post, an existing one by id (its words, thread,
   * first comment, tags and media are brought up to date) or a new one; `remove` are the group's posts for channels no longer
   * chosen. With `keepPlaced` (the composer's Save changes) a post that already has its time, or waits for
   * approval, keeps it and only the others take `when`. Answers the posts in the order of `posts`.
   */
  scheduleGroup: method(
    z
      .object({
        orgId: id,
        groupId: id,
        when: whenSchema,
        keepPlaced: z.boolean().default(false),
        tags: tags.default([]),
        mediaUrls: mediaUrls.default([]),
        posts: z
          .array(
            z
              .object({
                postId: id.nullable(),
                channelId: id,
                caption,
                // Absent: an existing post keeps its own, a new one has none.
                firstComment: firstComment.optional(),
                threadParts: threadParts.optional(),
              })
              .strict(),
          )
          .min(1, 'Choose at least one channel.')
          .max(50, 'A post can go to 50 channels at most.'),
        remove: z.array(id).max(50).default([]),
      })
      .strict(),
    z.array(postSchema),
  ),
  /** Takes a post off the schedule (or out of approval) back to drafts. */
  unschedulePost: method(z.object({ orgId: id, postId: id }).strict(), postSchema),
  deletePost: method(z.object({ orgId: id, postId: id }).strict(), z.object({ deleted: z.literal(true) })),
  /** The channel's queued posts in their new order: they take its slots in this order. */
  reorderQueue: method(
    z.object({ orgId: id, channelId: id, postIds: z.array(id).min(1).max(1000) }).strict(),
    z.array(postSchema),
  ),
}
