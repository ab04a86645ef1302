/**
 * What a post's tags may be, written once: the API's schema (api/fields.ts) refuses what `tagProblem` and
 * `tagsProblem` refuse, and the composer's tags input checks each tag with them as it is typed, so a tag the
 * service would turn away is never accepted silently first.
 */

/** The longest tag, in characters as the schema counts them (UTF-16 code units, like zod's `.max`). */
export const TAG_MAX_LENGTH = 40
/** The most tags one post may have. */
export const MAX_TAGS = 20
/** A comma starts the next tag as you type, and control characters cannot be seen: neither belongs in a tag. */
const FORBIDDEN = /[,\p{Cc}]/u

const shortened = (tag: string) => (tag.length > 24 ? `${tag.slice(0, 20)}…` : tag)

/** Why `tag` cannot be a tag, as a sentence that says what to change; null when it can. */
export function tagProblem(tag: string): string | null {
  const text = tag.trim()
  if (text === '') return 'A tag cannot be empty.'
  if (text.length > TAG_MAX_LENGTH) {
    return `A tag can have at most ${TAG_MAX_LENGTH} characters, and “${shortened(text)}” has ${text.length}: shorten it.`
  }
  if (FORBIDDEN.test(text)) return 'A tag cannot contain a comma (a comma starts the next tag) or a control character.'
  return null
}

/** Why this list of tags cannot be a post's, as a sentence; null when it can. */
export function tagsProblem(tags: readonly string[]): string | null {
  if (tags.length > MAX_TAGS) {
    return `A post can have at most ${MAX_TAGS} tags; remove ${tags.length - MAX_TAGS}.`
  }
  return null
}
