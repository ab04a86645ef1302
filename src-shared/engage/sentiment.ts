/**
 * How positive a comment reads, on the device: VADER (Hutto & Gilbert, 2014), a lexicon and rules made for social
 * media text, for the words, and the Emoji Sentiment Ranking (Kralj Novak et al., 2015, as the `sentiment` package
 * ships it) for the emoji, which VADER's JavaScript port does not score. Both are English-only for words; another
 * language reads as 'unknown' rather than as a guess.
 */
import { SentimentIntensityAnalyzer } from 'vader-sentiment'
import emojiScores from 'sentiment/build/emoji.json'

export type SentimentLabel = 'positive' | 'negative' | 'neutral' | 'unknown'

export interface Sentiment {
  label: SentimentLabel
  /** From -1 (most negative) to 1 (most positive); 0 when unknown. */
  score: number
}

/** VADER's own thresholds on its compound score. */
const POSITIVE_FROM = 0.05
const NEGATIVE_FROM = -0.05
/** VADER's normalization constant: compound = sum / sqrt(sum² + ALPHA). */
const ALPHA = 15

const emoji = emojiScores as Record<string, number>
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const letters = /\p{L}/u

/**
 * VADER's JavaScript port matches its negations ("not", "never", "don't") case-sensitively, so "Not bad" read as
 * bad (the Python original lowercases first). A capitalized word carries no emphasis for VADER (only ALL CAPS does)
 * and its lexicon is lowercase, so lowering those changes nothing else.
 */
const lowerCapitalized = (text: string) => text.replace(/\b\p{Lu}\p{Ll}*'?\p{Ll}*\b/gu, (word) => word.toLowerCase())

/**
 * VADER's raters scored words out of context, and a few read the other way in a customer's comment: "urgent"
 * is +0.8 there (an urgent opportunity), but a comment that says it is urgent is a complaint ("you charged me
 * twice, this is urgent" read as positive). Each is read as a lexicon word of the valence a support inbox means
 * ("worried", -1.2), so VADER's own rules (negation, capitals, boosters) still apply to it.
 */
const SUPPORT_READINGS: Record<string, string> = { urgent: 'worried', urgently: 'worried', asap: 'bothered' }
const supportWord = new RegExp(`\\b(${Object.keys(SUPPORT_READINGS).join('|')})\\b`, 'giu')
const supportReading = (words: string) =>
  words.replace(supportWord, (word) => {
    const reading = SUPPORT_READINGS[word.toLowerCase()] ?? word
    return word === word.toUpperCase() ? reading.toUpperCase() : reading
  })

const normalize = (sum: number) => sum / Math.sqrt(sum * sum + ALPHA)
/** The valence sum a compound score came from (the inverse of normalize), so emoji add to the words' sum. */
const sumOf = (compound: number) => {
  const c = Math.max(-0.9999, Math.min(0.9999, compound))
  return c * Math.sqrt(ALPHA / (1 - c * c))
}

/** Each emoji's score, its variation selectors and skin tones aside, and the text without emoji. */
function splitEmoji(text: string): { words: string; emojiSum: number; emojiCount: number } {
  let words = ''
  let emojiSum = 0
  let emojiCount = 0
  for (const { segment } of graphemes.segment(text)) {
    const base = segment.replace(/\p{Emoji_Modifier}|\uFE0E|\uFE0F/gu, '')
    const score = emoji[base] ?? emoji[segment]
    if (score !== undefined) {
      emojiSum += score
      emojiCount++
      words += ' '
    } else words += segment
  }
  return { words, emojiSum, emojiCount }
}

/**
 * The sentiment of `text` (links and mentions already taken out by the caller), its words read only when they
 * may be English (`readable`): words by VADER, emoji added to their sum on VADER's scale.
 */
export function sentimentOf(text: string, readable: boolean): Sentiment {
  const { words, emojiSum, emojiCount } = splitEmoji(text)
  const hasWords = letters.test(words)
  // Nothing to read: no emoji, and no words the lexicon may read.
  if (emojiCount === 0 && (!hasWords || !readable)) {
    return { label: 'unknown', score: 0 }
  }
  const wordSum =
    hasWords && readable
      ? sumOf(SentimentIntensityAnalyzer.polarity_scores(lowerCapitalized(supportReading(words))).compound)
      : 0
  const score = Math.round(normalize(wordSum + emojiSum) * 1000) / 1000
  const label = score >= POSITIVE_FROM ? 'positive' : score <= NEGATIVE_FROM ? 'negative' : 'neutral'
  return { label, score }
}
