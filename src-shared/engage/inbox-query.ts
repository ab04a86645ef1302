/**
 * What the inbox asks for: filters, a search and a page, as one checked shape the service and (later) the API
 * share. Search words are matched as words (and the last as a prefix, as you type), never as FTS5 syntax, so a
 * quote or a dash in what someone types cannot break the query.
 */
import { z } from 'zod'
import { COMMENT_STATUSES } from '../entities/enums'

export const SENTIMENT_LABELS = ['positive', 'negative', 'neutral', 'unknown'] as const

export const inboxQuerySchema = z
  .object({
    status: z.array(z.enum(COMMENT_STATUSES)).max(COMMENT_STATUSES.length).optional(),
    channelIds: z.array(z.string().min(1).max(64)).max(200).optional(),
    /** A member's id, or 'nobody' for comments no one has taken. */
    assignedTo: z.string().min(1).max(64).optional(),
    tag: z.string().min(1).max(40).optional(),
    sentiment: z.array(z.enum(SENTIMENT_LABELS)).max(SENTIMENT_LABELS.length).optional(),
    question: z.boolean().optional(),
    urgent: z.boolean().optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .optional(),
    search: z.string().max(200).optional(),
    /** The `nextCursor` of the page before. */
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict()
export type InboxQuery = z.infer<typeof inboxQuerySchema>

/** A piece of a comment's text, marked where it matched the search. */
export interface TextPiece {
  text: string
  match: boolean
}

/** The FTS5 query for what a person typed: each word quoted, the last one a prefix; null when nothing is left. */
export function searchExpression(typed: string): string | null {
  const words = typed
    .normalize('NFC')
    .split(/[\s"]+/u)
    .map((word) => word.replace(/^[^\p{L}\p{N}@#]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean)
  if (words.length === 0) return null
  return words.map((word, i) => `"${word}"${i === words.length - 1 ? '*' : ''}`).join(' ')
}
