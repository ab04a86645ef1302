/**
 * How soon a comment wants an answer, from 0 to 1: words that mean trouble (a refund, something broken, "urgent",
 * in the languages our customers write most), how negative it reads, whether it asks something, and how long it
 * has waited. Each reason is kept so the inbox can say why.
 */
import type { Sentiment } from './sentiment'

export type UrgencyLevel = 'low' | 'normal' | 'high'
export type UrgencyReason = 'trouble_words' | 'negative' | 'question' | 'waiting'

export interface Urgency {
  level: UrgencyLevel
  score: number
  reasons: UrgencyReason[]
}

const TROUBLE_WORDS = [
  // English
  'refund\\w*',
  'broken',
  'urgent\\w*',
  'asap',
  'emergency',
  'scam\\w*',
  'fraud\\w*',
  'charged twice',
  'double charged',
  'not working',
  "doesn'?t work",
  "don'?t work",
  "can'?t log ?in",
  'never arrived',
  'still waiting',
  'cancel\\w*',
  'complain\\w*',
  'lawyer',
  'allerg\\w*',
  'sick',
  // Spanish, Portuguese, French, German, Italian
  'reembolso',
  'devoluci[oó]n',
  'urgente',
  'roto',
  'estafa',
  'remboursement',
  'cass[ée]',
  'arnaque',
  'erstattung',
  'kaputt',
  'dringend',
  'betrug',
  'rimborso',
  'rotto',
].join('|')
/** Whole words only: "broken" but not "unbrokenly". */
const TROUBLE = new RegExp(`(^|[^\\p{L}])(${TROUBLE_WORDS})($|[^\\p{L}])`, 'iu')

const HOUR = 60
/** A day unanswered is as urgent as waiting gets. */
const WAIT_FULL_MINUTES = 24 * HOUR

export function urgencyOf(
  text: string,
  sentiment: Sentiment,
  question: boolean,
  waitedMinutes: number | undefined,
): Urgency {
  const reasons: UrgencyReason[] = []
  let score = 0
  if (TROUBLE.test(text)) {
    score += 0.45
    reasons.push('trouble_words')
  }
  if (sentiment.label === 'negative') {
    score += 0.3 * Math.min(1, -sentiment.score / 0.6)
    reasons.push('negative')
  }
  if (question) {
    score += 0.1
    reasons.push('question')
  }
  if (waitedMinutes !== undefined && waitedMinutes >= HOUR) {
    score += 0.25 * Math.min(1, waitedMinutes / WAIT_FULL_MINUTES)
    reasons.push('waiting')
  }
  score = Math.round(Math.min(1, score) * 100) / 100
  return { level: score >= 0.6 ? 'high' : score >= 0.3 ? 'normal' : 'low', score, reasons }
}
