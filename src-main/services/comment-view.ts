/**
 * A stored comment as the inbox shows it: the insights with a person's corrections applied (computed from the
 * text when a row came without them), and what the platform's fetcher kept in platform_meta (kind, url), read
 * tolerantly: a fetcher that left a key out gives the plain default, never an error.
 */
import type { CommentInsightsView, InboxCommentView } from '../../src-shared/api/comments'
import { SENTIMENT_LABELS } from '../../src-shared/engage/inbox-query'
import { commentInsights, type CommentInsights } from '../../src-shared/engage/insights'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import type { InboxComment } from './comment-inbox'

type SentimentLabel = (typeof SENTIMENT_LABELS)[number]
const KINDS = ['reply', 'mention', 'quote'] as const
const LEVELS = ['low', 'normal', 'high'] as const

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A string key of platform_meta, or null. */
export function metaText(meta: JsonObject, key: string): string | null {
  const value = meta[key]
  return typeof value === 'string' && value.trim() ? value : null
}

/** The computed part of ai_insights, when it has the shape commentInsights gives. */
function storedInsights(stored: JsonObject): CommentInsights | null {
  const { sentiment, urgency } = stored
  if (!isObject(sentiment) || !isObject(urgency)) return null
  if (!SENTIMENT_LABELS.includes(sentiment.label as SentimentLabel)) return null
  if (!LEVELS.includes(urgency.level as (typeof LEVELS)[number])) return null
  return stored as unknown as CommentInsights
}

/** The score that goes with a label a person chose, when it differs from what was computed. */
const SCORE_OF: Record<SentimentLabel, number> = { positive: 0.6, negative: -0.6, neutral: 0, unknown: 0 }

export function insightsView(text: string, stored: JsonObject): CommentInsightsView {
  const computed = storedInsights(stored) ?? commentInsights(text)
  const corrections = isObject(stored.corrections) ? stored.corrections : {}
  const corrected: CommentInsightsView['corrected'] = []
  let sentiment = { label: computed.sentiment.label as SentimentLabel, score: computed.sentiment.score }
  const label = corrections.sentiment as SentimentLabel
  if (SENTIMENT_LABELS.includes(label)) {
    corrected.push('sentiment')
    if (label !== sentiment.label) sentiment = { label, score: SCORE_OF[label] }
  }
  let question = computed.question
  if (typeof corrections.question === 'boolean') {
    corrected.push('question')
    question = corrections.question
  }
  let urgency = { level: computed.urgency.level, score: computed.urgency.score, reasons: computed.urgency.reasons }
  const level = corrections.urgency as (typeof LEVELS)[number]
  if (LEVELS.includes(level)) {
    corrected.push('urgency')
    if (level !== urgency.level) urgency = { ...urgency, level, score: level === 'high' ? 1 : 0.3 }
  }
  return { sentiment, question, urgency, language: computed.language, corrected }
}

export function toCommentView(comment: InboxComment): InboxCommentView {
  const meta = comment.platformMeta
  const kind = KINDS.find((k) => k === meta.kind) ?? 'reply'
  return {
    id: comment.id,
    socialAccountId: comment.socialAccountId,
    platform: comment.platform,
    postId: comment.postId,
    postLink: comment.postLink,
    author: comment.author,
    text: comment.text,
    pieces: comment.pieces,
    timestamp: comment.timestamp,
    status: comment.status,
    snoozedUntil: comment.snoozedUntil,
    assignedTo: comment.assignedTo,
    tags: comment.tags,
    insights: insightsView(comment.text, comment.aiInsights),
    kind,
    url: metaText(meta, 'url'),
  }
}
