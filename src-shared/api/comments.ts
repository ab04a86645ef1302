/**
 * Engage's inbox: the organization's comments (and mentions) from every channel, read page by page through the
 * filters and the full-text search (src-main/services/comment-inbox.ts), one conversation at a time, and triaged:
 * status, snooze, assignment, tags, a person's correction of the insights. Every triage change is one synced
 * change with its audit entry, and works on a selection (bulk) as on one comment.
 */
import { z } from 'zod'
import { COMMENT_STATUSES } from '../entities/enums'
import { commentAuthorSchema } from '../entities/json-shapes'
import { auditEntrySchema } from '../entities/models'
import { inboxQuerySchema, SENTIMENT_LABELS } from '../engage/inbox-query'
import { id, isoTime, method, tags } from './fields'
import { replySchema } from './replies'

const textPieceSchema = z.object({ text: z.string(), match: z.boolean() })

/** What the computed insights say, with a person's correction (if any) already applied. */
export const commentInsightsSchema = z.object({
  sentiment: z.object({ label: z.enum(SENTIMENT_LABELS), score: z.number() }),
  question: z.boolean(),
  urgency: z.object({
    level: z.enum(['low', 'normal', 'high']),
    score: z.number(),
    reasons: z.array(z.enum(['trouble_words', 'negative', 'question', 'waiting'])),
  }),
  /** A BCP 47 primary language tag, or 'und' when the text is too short to tell. */
  language: z.string(),
  /** Which of them a person corrected. */
  corrected: z.array(z.enum(['sentiment', 'question', 'urgency', 'language'])),
})
export type CommentInsightsView = z.infer<typeof commentInsightsSchema>

export const inboxCommentSchema = z.object({
  id: z.string(),
  socialAccountId: z.string(),
  platform: z.string(),
  postId: z.string().nullable(),
  postLink: z.string().nullable(),
  author: commentAuthorSchema,
  text: z.string(),
  /** The text in pieces, the search's matches marked. */
  pieces: z.array(textPieceSchema),
  timestamp: z.string(),
  status: z.enum(COMMENT_STATUSES),
  snoozedUntil: z.string().nullable(),
  assignedTo: z.string().nullable(),
  tags: z.array(z.string()),
  insights: commentInsightsSchema.nullable(),
  /** reply (to our post or a comment under it), mention, or quote. */
  kind: z.enum(['reply', 'mention', 'quote']),
  /** Where the platform shows it. */
  url: z.string().nullable(),
})
export type InboxCommentView = z.infer<typeof inboxCommentSchema>

export const inboxPageSchema = z.object({
  comments: z.array(inboxCommentSchema),
  nextCursor: z.string().nullable(),
})

/** How many comments each status holds (for the filter's counts), over the same channel filter. */
export const inboxCountsSchema = z.object({
  open: z.number(),
  pending: z.number(),
  snoozed: z.number(),
  done: z.number(),
  /** Open comments assigned to the person asking. */
  mine: z.number(),
})

export const conversationSchema = z.object({
  comment: inboxCommentSchema,
  /** Our post it answers, where it answers one. */
  post: z
    .object({ id: z.string(), caption: z.string(), publishedAt: z.string().nullable(), url: z.string().nullable() })
    .nullable(),
  /** The conversation around it (the comments it answers and the ones answering it), oldest first. */
  thread: z.array(inboxCommentSchema),
  replies: z.array(replySchema),
  /** Who triaged it and how, newest first. */
  audit: z.array(auditEntrySchema),
})
export type Conversation = z.infer<typeof conversationSchema>

const selection = z.array(id).min(1, 'Select at least one comment.').max(500, 'Select at most 500 comments at once.')
const updated = z.object({ updated: z.number() })

export const commentsApi = {
  listInbox: method(inboxQuerySchema.extend({ orgId: id }).strict(), inboxPageSchema),
  inboxCounts: method(z.object({ orgId: id, channelIds: z.array(id).max(200).optional() }).strict(), inboxCountsSchema),
  getConversation: method(z.object({ orgId: id, commentId: id }).strict(), conversationSchema),
  /** Open, pending or done; snoozed needs `snoozedUntil` (in the future), and the comment is open again then. */
  setCommentStatus: method(
    z
      .object({
        orgId: id,
        commentIds: selection,
        status: z.enum(COMMENT_STATUSES),
        snoozedUntil: isoTime.optional(),
      })
      .strict(),
    updated,
  ),
  /** To a member of the organization (who is notified), or null for nobody. */
  assignComments: method(z.object({ orgId: id, commentIds: selection, assignedTo: id.nullable() }).strict(), updated),
  tagComments: method(
    z
      .object({ orgId: id, commentIds: selection, add: tags.default([]), remove: z.array(z.string()).default([]) })
      .strict(),
    updated,
  ),
  /** A person's correction of what the device computed; kept beside the computed value and synced. */
  correctInsights: method(
    z
      .object({
        orgId: id,
        commentId: id,
        sentiment: z.enum(SENTIMENT_LABELS).optional(),
        question: z.boolean().optional(),
        urgent: z.boolean().optional(),
      })
      .strict(),
    inboxCommentSchema,
  ),
}
