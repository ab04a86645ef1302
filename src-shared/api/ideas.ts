/**
 * Ideas: a board of things to post some day, with no channel and no time: words, media and tags. Anyone who
 * writes posts adds ideas without approval; an idea becomes a draft post in one step, and leaves the board.
 */
import { z } from 'zod'
import { mediaItemSchema } from '../entities/json-shapes'
import { postSchema } from '../entities/models'
import { caption, id, mediaUrls, method, tags } from './fields'

export const ideaSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  text: z.string(),
  mediaUrls: z.array(mediaItemSchema),
  tags: z.array(z.string()),
  createdBy: z.string(),
  /** The draft post it became, once it did (it is then off the board). */
  postId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Idea = z.infer<typeof ideaSchema>

export const ideasApi = {
  /** The board: ideas not yet turned into posts, newest first. */
  listIdeas: method(z.object({ orgId: id }).strict(), z.array(ideaSchema)),
  createIdea: method(
    z
      .object({ orgId: id, text: caption.default(''), mediaUrls: mediaUrls.default([]), tags: tags.default([]) })
      .strict(),
    ideaSchema,
  ),
  /** Absent fields stay as they are. */
  updateIdea: method(
    z
      .object({
        orgId: id,
        ideaId: id,
        text: caption.optional(),
        mediaUrls: mediaUrls.optional(),
        tags: tags.optional(),
      })
      .strict(),
    ideaSchema,
  ),
  deleteIdea: method(z.object({ orgId: id, ideaId: id }).strict(), z.object({ deleted: z.literal(true) })),
  /** A draft post with the idea's words, media and tags, made in the same change that takes the idea off the board. */
  turnIdeaIntoPost: method(
    z.object({ orgId: id, ideaId: id }).strict(),
    z.object({ idea: ideaSchema, post: postSchema }),
  ),
}
