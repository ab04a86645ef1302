/**
 * A published post's follow-ups (its thread and first comment, sent by the
 * publishing loop after it): how they stand, and Retry for the steps left
 * when one could not be sent. The post itself stays published either way.
 */
import { z } from 'zod'
import { id, method } from './fields'

export const followUpStatusSchema = z.object({
  /** Steps not sent yet (thread parts, then the first comment). */
  left: z.number().int().nonnegative(),
  /** Why they stopped, in words ("The first comment was not posted: …"); null while they go out or when all did. */
  note: z.string().nullable(),
  /** Whether the loop will send what is left by itself (pending or under way). */
  sending: z.boolean(),
})
export type FollowUpStatus = z.infer<typeof followUpStatusSchema>

const postRef = z.object({ orgId: id, postId: id }).strict()

export const followUpsApi = {
  followUpStatus: method(postRef, followUpStatusSchema),
  /** Sends the steps left of a post whose follow-ups stopped, once each (a step already sent is never resent). */
  retryFollowUps: method(postRef, followUpStatusSchema),
} as const
