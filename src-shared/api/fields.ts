/**
 * The pieces every feature's API slice is built from: how a method is
 * declared (a zod input and output) and the fields many of them share
 * (ids, names, time zones, times, web addresses, a post's words, tags and media), each with a message that
 * says what to type. Typed text goes through cleanText first, so a pasted NUL character is dropped before
 * it is written and synced (the sync server refuses what the value rules refuse: value-rules.ts).
 */
import { IANAZone } from 'luxon'
import { z } from 'zod'
import { mediaItemSchema } from '../entities/json-shapes'
import { tagProblem, tagsProblem } from '../entities/tag-rules'
import { cleanText } from '../sync/value-rules'
import { MAX_THREAD_PARTS } from '../threads/thread-checks'

export interface ApiMethodSchemas<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I
  output: O
}

/** A feature's slice of the API: method name → input and output schemas. */
export type ApiSlice = Record<string, ApiMethodSchemas>

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): ApiMethodSchemas<I, O> => ({
  input,
  output,
})

export const id = z.string().min(1, 'is required').max(64)

/** Text a person types or pastes, as it can be stored: NUL characters dropped, broken characters replaced. */
export const typed = () => z.string().overwrite(cleanText)

export const name = (what: string) =>
  typed().trim().min(1, `${what} cannot be empty`).max(80, `${what} must be 80 characters or fewer`)

/** Typed text checked by a shared rule (entities/*-rules.ts) that answers a sentence, or null when it is fine. */
export const ruled = (problem: (value: string) => string | null) =>
  typed()
    .trim()
    .superRefine((value, ctx) => {
      const found = problem(value)
      if (found) ctx.addIssue({ code: 'custom', message: found })
    })

export const timezone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Paris')

/** The input of a method that takes nothing. */
export const empty = z.object({}).strict()

export const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time such as 2026-03-01T09:30:00Z' })

export const httpsUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http:// or https:// address such as ${example}` })

/** A post's words, tags and attached media, as the composer writes them. */
export const caption = typed().max(10_000, 'must be 10,000 characters or fewer')
/** Tags follow the one rule the composer checks as you type (entities/tag-rules.ts). */
export const tags = z
  .array(
    typed()
      .trim()
      .superRefine((tag, ctx) => {
        const problem = tagProblem(tag)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      }),
  )
  .superRefine((list, ctx) => {
    const problem = tagsProblem(list)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
export const mediaUrls = z.array(mediaItemSchema).max(10)

/** Posted as the account's own reply right after the post; null for none (an empty one is none too). */
export const firstComment = typed()
  .max(10_000, 'must be 10,000 characters or fewer')
  .nullable()
  .transform((text) => (text === null || text.trim() === '' ? null : text))
/** The thread after the caption, in order; each part's platform limit is checked before it is placed. */
export const threadParts = z
  .array(z.object({ text: caption, media: mediaUrls.optional() }).strict())
  .max(MAX_THREAD_PARTS, `can have ${MAX_THREAD_PARTS} replies after the post at most`)
