/**
 * What the inbox knows about a comment without sending it anywhere: its sentiment, whether it asks a question, how
 * urgent it is and its language. Computed on the device when a comment arrives and stored in `ai_insights`; a
 * person's correction is kept beside it. How well it agrees with people is measured in tests/unit/insights.test.ts
 * and reported in the README.
 */
import { languageOf } from './language'
import { asksQuestion } from './question'
import { sentimentOf, type Sentiment } from './sentiment'
import { urgencyOf, type Urgency } from './urgency'

export type { Sentiment, SentimentLabel } from './sentiment'
export type { Urgency, UrgencyLevel, UrgencyReason } from './urgency'

export interface CommentInsights {
  sentiment: Sentiment
  question: boolean
  urgency: Urgency
  /** A BCP 47 primary language tag ('en', 'es', …), or 'und' when the text is too short to tell. */
  language: string
}

export interface InsightOptions {
  /** How long the comment has waited for an answer; urgency grows with it. Absent: as it arrives. */
  waitedMinutes?: number
}

/** Links, mentions and HTML entities say nothing about how someone feels, and confuse language detection. */
function readableText(text: string): string {
  return text
    .replace(/https?:\/\/\S+/giu, ' ')
    .replace(/(^|\s)@[\w.-]+(@[\w.-]+)?/gu, ' ')
    .replace(/&amp;/g, '&')
    .replace(/#(\p{L})/gu, '$1')
    .replace(/\s+/gu, ' ')
    .trim()
}

export function commentInsights(text: string, options: InsightOptions = {}): CommentInsights {
  const clean = readableText(text)
  const { language, mayBeEnglish } = languageOf(clean)
  const sentiment = sentimentOf(clean, mayBeEnglish)
  const question = asksQuestion(clean, language)
  return { sentiment, question, urgency: urgencyOf(clean, sentiment, question, options.waitedMinutes), language }
}
