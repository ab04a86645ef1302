/** Posts: listing them (queue, calendar, drafts, Sent) and writing drafts. */
import { z } from 'zod'
import { POST_STATUSES } from '../entities/enums'
import { postSchema } from '../entities/models'
import { caption, firstComment, id, isoTime, mediaUrls, method, tags, threadParts } from './fields'

export const postsApi = {
  listPosts: method(
    z
      .object({
        orgId: id,
        status: z.enum(POST_STATUSES).optional(),
        /** Any of these statuses (the Sent tab asks for published; the queue for scheduled and needs_approval). */
        statuses: z.array(z.enum(POST_STATUSES)).max(POST_STATUSES.length).optional(),
        channelId: id.optional(),
        /** Posts scheduled (or published) in [from, to): the calendar's range. */
        from: isoTime.optional(),
        to: isoTime.optional(),
        /** newest: by last edit; schedule: by scheduled time, soonest first; published: newest published first. */
        order: z.enum(['newest', 'schedule', 'published']).default('newest'),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    z.array(postSchema),
  ),
  createDraft: method(
    z
      .object({
        orgId: id,
        caption,
        tags: tags.default([]),
        socialAccountId: id.nullable().default(null),
        mediaUrls: mediaUrls.default([]),
        groupId: id.nullable().default(null),
        firstComment: firstComment.default(null),
        threadParts: threadParts.default([]),
      })
      .strict(),
    postSchema,
  ),
  updateDraft: method(
    z
      .object({
        orgId: id,
        postId: id,
        caption: caption.optional(),
        tags: tags.optional(),
        socialAccountId: id.nullable().optional(),
        mediaUrls: mediaUrls.optional(),
        firstComment: firstComment.optional(),
        threadParts: threadParts.optional(),
      })
      .strict(),
    postSchema,
  ),
}
