/**
 * Comments in: each channel's comments, replies and mentions fetched from its platform by the devices that may
 * (owners', admins' and editors', or the server with server publishing on), incrementally from the platform's
 * cursor, the last 30 days the first time (src-main/services/comment-fetch.ts).
 */
import { z } from 'zod'
import { id, method } from './fields'

export const channelInboxStateSchema = z.object({
  channelId: z.string(),
  /** When its comments were last fetched (by any device of the team), or null before the first time. */
  checkedAt: z.string().nullable(),
  /** Whether this device fetches this channel (owners', admins' and editors' devices do, or the server). */
  fetchesHere: z.boolean(),
  /** The last fetch's trouble, in words, or null. */
  problem: z.string().nullable(),
})

export const commentFetchApi = {
  /** Each channel's fetching: when it last ran and whether this device does it. */
  inboxChannels: method(z.object({ orgId: id }).strict(), z.array(channelInboxStateSchema)),
  /** Fetch now (one channel, or all this device fetches); answers how many comments were new. */
  fetchCommentsNow: method(
    z.object({ orgId: id, channelId: id.optional() }).strict(),
    z.object({ fetched: z.number(), added: z.number(), problems: z.array(z.string()) }),
  ),
}
