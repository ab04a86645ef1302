/**
 * Replies to comments and the saved replies they can start from. A reply is written into the outbox at once
 * (online or not) and sent by one device, once, under the platform's idempotency (src-main/services/replies.ts,
 * src-main/scheduler/reply-sender.ts); a contributor's reply waits for approval unless the organization lets
 * contributors reply (its Engage setting).
 */
import { z } from 'zod'
import { REPLY_STATUSES } from '../entities/enums'
import { placeholderSchema } from '../entities/json-shapes'
import { id, method, typed } from './fields'

export const replySchema = z.object({
  id: z.string(),
  orgId: z.string(),
  commentId: z.string(),
  authorUserId: z.string(),
  /** The author's name as the team knows them, for the thread. */
  authorName: z.string(),
  text: z.string(),
  status: z.enum(REPLY_STATUSES),
  /** When it was written. */
  timestamp: z.string(),
  sentAt: z.string().nullable(),
  /** Where the platform shows it, once sent. */
  url: z.string().nullable(),
  /** Why it failed (or is in doubt), in the platform's words, with what to do. */
  error: z.string().nullable(),
})
export type Reply = z.infer<typeof replySchema>

export const savedReplySchema = z.object({
  id: z.string(),
  orgId: z.string(),
  ownerId: z.string(),
  title: z.string(),
  body: z.string(),
  /** The custom placeholders the body uses, with the label the reply box asks with. */
  placeholders: z.array(placeholderSchema),
})
export type SavedReply = z.infer<typeof savedReplySchema>

const replyText = typed().trim().min(1, 'Write a reply first.').max(10_000, 'must be 10,000 characters or fewer')
const title = typed().trim().min(1, 'Give the saved reply a title.').max(80, 'A title must be 80 characters or fewer.')
const body = typed().max(5_000, 'A saved reply must be 5,000 characters or fewer.')
const placeholders = z.array(placeholderSchema).max(20)
const replyRef = z.object({ orgId: id, replyId: id }).strict()
const savedReplyRef = z.object({ orgId: id, savedReplyId: id }).strict()

export const engageSettingsSchema = z.object({
  /** Whether a contributor's reply goes out without an approver's yes. */
  contributorsMayReply: z.boolean(),
})
export type EngageSettings = z.infer<typeof engageSettingsSchema>

export const repliesApi = {
  /**
   * Queue a reply to a comment: checked against the platform's length limit, refused while a placeholder of
   * the saved reply it came from has no value (the message names it), then waiting (or needs_approval).
   */
  sendReply: method(
    z
      .object({
        orgId: id,
        commentId: id,
        text: replyText,
        /** The saved reply it was filled from, for the audit trail. */
        savedReplyId: id.optional(),
      })
      .strict(),
    replySchema,
  ),
  /** A comment's replies, oldest first, each with its status. */
  listReplies: method(z.object({ orgId: id, commentId: id }).strict(), z.array(replySchema)),
  /** Send a failed reply again (under the same key, so it cannot go out twice). */
  retryReply: method(replyRef, replySchema),
  /** Take back a reply that has not gone out yet (waiting, failed or waiting for approval). */
  cancelReply: method(replyRef, z.object({ cancelled: z.literal(true) })),
  /** An approver lets a contributor's reply go out, or sends it back with a reason. */
  approveReply: method(replyRef, replySchema),
  rejectReply: method(
    z.object({ orgId: id, replyId: id, reason: typed().trim().max(1_000).optional() }).strict(),
    replySchema,
  ),

  getEngageSettings: method(z.object({ orgId: id }).strict(), engageSettingsSchema),
  /** Owners and admins only. */
  setEngageSettings: method(z.object({ orgId: id, contributorsMayReply: z.boolean() }).strict(), engageSettingsSchema),

  /** Saved replies, by title. */
  listSavedReplies: method(z.object({ orgId: id }).strict(), z.array(savedReplySchema)),
  /** The body's placeholders are checked ({{name}} with letters, digits and underscores); custom ones are listed. */
  createSavedReply: method(
    z.object({ orgId: id, title, body, placeholders: placeholders.default([]) }).strict(),
    savedReplySchema,
  ),
  /** Absent fields stay as they are; the body merges with teammates' edits (collaborative text). */
  updateSavedReply: method(
    z
      .object({
        orgId: id,
        savedReplyId: id,
        title: title.optional(),
        body: body.optional(),
        placeholders: placeholders.optional(),
      })
      .strict(),
    savedReplySchema,
  ),
  deleteSavedReply: method(savedReplyRef, z.object({ deleted: z.literal(true) })),
}
