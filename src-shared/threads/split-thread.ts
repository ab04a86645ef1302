/**
 * Splits a long text into numbered thread parts, each within `limit` as the platform counts it (`measure`:
 * graphemes on Bluesky, a URL as 23 on Mastodon; measureText gives it), its " (n/m)" marker included. Cuts at a
 * sentence end when one fits, else between words, else (a word longer than a part) between graphemes, so an
 * emoji or an accented letter is never halved. A web address is never cut: one longer than a part stands alone,
 * and the part's check says it is too long.
 */
import { countGraphemes } from '../platforms/adapter'

export type Measure = (text: string) => number

export function splitThread(text: string, limit: number, measure: Measure = countGraphemes): string[] {
  const clean = text.trim()
  if (measure(clean) <= limit) return clean ? [clean] : []
  // The marker width depends on the count; grow the reserve until it is stable.
  for (let reserve = measure(marker(1, 2)); reserve < limit; reserve += 1) {
    const bodies = cut(clean, limit - reserve, measure)
    const n = bodies.length
    if (bodies.every((b, i) => measure(b + marker(i + 1, n)) <= limit || isUrl(b))) {
      return bodies.map((b, i) => b + marker(i + 1, n))
    }
  }
  return [clean]
}

const markerPattern = / \((\d+)\/(\d+)\)$/

function marker(i: number, n: number): string {
  return ` (${i}/${n})`
}

/** The part without the " (n/m)" it ends with, if it does. */
export function stripMarker(part: string): string {
  return part.replace(markerPattern, '')
}

/** The parts as one text again, markers dropped. */
export function mergeThread(parts: string[]): string {
  return parts
    .map((p) => stripMarker(p).trim())
    .filter(Boolean)
    .join(' ')
}

/**
 * After a part is added or removed, the markers count the parts anew: a part that ends with "(n/m)" gets its own
 * number and the new total; a part without one (the person removed it) stays as it is.
 */
export function renumberThread(parts: string[]): string[] {
  const n = parts.length
  return parts.map((p, i) => (markerPattern.test(p) ? stripMarker(p) + marker(i + 1, n) : p))
}

const urlStart = /^https?:\/\//i
const isUrl = (word: string) => urlStart.test(word)
const sentenceEnd = /[.!?…]["'”’)\]]*$/u
/** A word of no letters or digits (an emoji, a symbol) after a sentence end belongs to that sentence. */
const trailing = /^[^\p{L}\p{N}]+$/u

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** The text in bodies of at most `room`, cut at sentence ends, else between words, else between graphemes. */
function cut(text: string, room: number, measure: Measure): string[] {
  const words = [...text.matchAll(/\S+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length, word: m[0] }))
  const parts: string[] = []
  let i = 0
  while (i < words.length) {
    const start = words[i]!.start
    let last = -1
    let sentence = -1
    for (let j = i; j < words.length; j++) {
      if (measure(text.slice(start, words[j]!.end)) > room) break
      last = j
      if (sentenceEnd.test(words[j]!.word) || (j > i && sentence === j - 1 && trailing.test(words[j]!.word)))
        sentence = j
    }
    if (last === -1) {
      // A word longer than a part: a web address stays whole; anything else is cut between graphemes.
      const word = words[i]!.word
      if (isUrl(word)) parts.push(word)
      else parts.push(...cutWord(word, room, measure))
      i += 1
      continue
    }
    // A sentence end is the better cut unless it leaves the part less than half full.
    const end =
      last < words.length - 1 && sentence >= 0 && measure(text.slice(start, words[sentence]!.end)) > room * 0.5
        ? sentence
        : last
    parts.push(text.slice(start, words[end]!.end).trim())
    i = end + 1
  }
  return parts
}

function cutWord(word: string, room: number, measure: Measure): string[] {
  const pieces: string[] = []
  let piece = ''
  for (const { segment } of segmenter.segment(word)) {
    if (piece && measure(piece + segment) > room) {
      pieces.push(piece)
      piece = ''
    }
    piece += segment
  }
  if (piece) pieces.push(piece)
  return pieces
}
