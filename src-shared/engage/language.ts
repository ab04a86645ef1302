/**
 * The language a comment is written in, on the device, by tinyld (n-gram profiles of 60+ languages that ship inside
 * the package, made for short texts). A text too short to tell is 'und' (undetermined, as BCP 47 spells it) rather
 * than a confident guess: "lol" is not Volapük.
 */
import { detectAll } from 'tinyld'

/** BCP 47's "undetermined". */
const UNDETERMINED = 'und'

/** Below this many letters only a clear winner is believed. */
const SHORT_TEXT = 12
const SURE_ENOUGH = 0.5

export interface DetectedLanguage {
  /** A BCP 47 primary tag, or 'und'. */
  language: string
  /**
   * Whether English is among the candidates at all: slang, names and hashtags make a detector call an English
   * tweet Berber or Dutch (about one in ten of the rated tweets), and the English lexicon can still read those.
   */
  mayBeEnglish: boolean
}

export function languageOf(text: string): DetectedLanguage {
  const letterCount = text.match(/\p{L}/gu)?.length ?? 0
  if (letterCount < 3) return { language: UNDETERMINED, mayBeEnglish: true }
  const candidates = detectAll(text)
  const [best] = candidates
  const mayBeEnglish = candidates.length === 0 || candidates.some((candidate) => candidate.lang === 'en')
  if (!best?.lang || (letterCount < SHORT_TEXT && best.accuracy < SURE_ENOUGH)) {
    return { language: UNDETERMINED, mayBeEnglish }
  }
  return { language: best.lang, mayBeEnglish }
}
