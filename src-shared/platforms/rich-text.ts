/**
 * A post's text as each platform will show it: plain runs, and the links, mentions and hashtags the platform turns
 * into links. The composer's previews draw these segments; the rules are the ones the platform applies, so what is
 * highlighted in a preview is what will be a link there.
 *
 * - Bluesky: exactly the facets our Bluesky adapter sends (`detectSpans`), so a preview never promises a link the
 *   post will not have. The app shows a link's text as written.
 * - Mastodon: the server links URLs, `@user` and `@user@domain` mentions and `#hashtags` itself (a hashtag needs a
 *   letter; digits alone are not one). Its web app shows a link without its scheme and `www.`, cut after 30
 *   characters with an ellipsis.
 * - Sandbox: the in-app feed shows the text as typed, nothing linked.
 */
import type { Platform } from '../entities/enums'
import { detectSpans } from './bluesky'

export type RichSegment =
  | { kind: 'text'; text: string }
  /** `text` is what the platform shows; `href` where it goes. */
  | { kind: 'link'; text: string; href: string }
  /** `handle` without the @. */
  | { kind: 'mention'; text: string; handle: string }
  /** `tag` without the #. */
  | { kind: 'tag'; text: string; tag: string }

interface Span {
  start: number
  end: number
  segment: RichSegment
}

const encoder = new TextEncoder()

/** UTF-16 index of each UTF-8 byte offset that starts a character (facets count bytes; strings count units). */
function byteToIndex(text: string): Map<number, number> {
  const map = new Map<number, number>()
  let bytes = 0
  let index = 0
  for (const char of text) {
    map.set(bytes, index)
    bytes += encoder.encode(char).length
    index += char.length
  }
  map.set(bytes, index)
  return map
}

function blueskySpans(text: string): Span[] {
  const at = byteToIndex(text)
  return detectSpans(text).flatMap((span) => {
    const start = at.get(span.byteStart)
    const end = at.get(span.byteEnd)
    if (start === undefined || end === undefined) return []
    const shown = text.slice(start, end)
    const segment: RichSegment =
      span.kind === 'link'
        ? { kind: 'link', text: shown, href: span.value }
        : span.kind === 'mention'
          ? { kind: 'mention', text: shown, handle: span.value }
          : { kind: 'tag', text: shown, tag: span.value }
    return [{ start, end, segment }]
  })
}

/** Mastodon's web app: no scheme, no `www.`, at most 30 characters and then an ellipsis. */
export function mastodonLinkText(url: string): string {
  const bare = url.replace(/^https?:\/\/(www\.)?/iu, '')
  return bare.length > 30 ? `${bare.slice(0, 30)}…` : bare
}

const MASTODON_URL = /(^|[^\w/])(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/giu
const MASTODON_MENTION = /(^|[^\w/@])@(\w+(?:[.-]+\w+)*(?:@[\w-]+(?:\.[\w-]+)+)?)/gu
const MASTODON_TAG = /(^|[^\w/#])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/gu

function mastodonSpans(text: string): Span[] {
  const spans: Span[] = []
  for (const match of text.matchAll(MASTODON_URL)) {
    const start = match.index + match[1]!.length
    const url = match[2]!
    spans.push({ start, end: start + url.length, segment: { kind: 'link', text: mastodonLinkText(url), href: url } })
  }
  const free = (start: number, end: number) => spans.every((s) => end <= s.start || start >= s.end)
  for (const match of text.matchAll(MASTODON_MENTION)) {
    const start = match.index + match[1]!.length
    const end = start + match[2]!.length + 1
    if (free(start, end))
      spans.push({ start, end, segment: { kind: 'mention', text: `@${match[2]}`, handle: match[2]! } })
  }
  for (const match of text.matchAll(MASTODON_TAG)) {
    const start = match.index + match[1]!.length
    const end = start + match[2]!.length + 1
    if (free(start, end)) spans.push({ start, end, segment: { kind: 'tag', text: `#${match[2]}`, tag: match[2]! } })
  }
  return spans
}

/** The text cut into what the platform shows plainly and what it links, in order; joined, the shown texts read the post. */
export function richTextSegments(platform: Platform, text: string): RichSegment[] {
  const spans = platform === 'bluesky' ? blueskySpans(text) : platform === 'mastodon' ? mastodonSpans(text) : []
  spans.sort((a, b) => a.start - b.start)
  const segments: RichSegment[] = []
  let at = 0
  for (const span of spans) {
    if (span.start < at) continue
    if (span.start > at) segments.push({ kind: 'text', text: text.slice(at, span.start) })
    segments.push(span.segment)
    at = span.end
  }
  if (at < text.length) segments.push({ kind: 'text', text: text.slice(at) })
  return segments
}

/**
 * Where a long post is folded behind a "show more" in the platform's timeline, in lines of text: Bluesky's app
 * folds a post of 25 lines or more; Mastodon's web app folds content taller than 32 of its lines (706 px). The
 * Sandbox feed never folds.
 */
export const FOLD_LINES: Record<Platform, number | null> = { bluesky: 25, mastodon: 32, sandbox: null }

/** What the platform's "show more" says. */
export const FOLD_LABEL: Record<Platform, string> = { bluesky: 'Show More', mastodon: 'Read more', sandbox: '' }
