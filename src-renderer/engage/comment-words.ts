/** The inbox's words for statuses, sentiments and snooze choices, in one place. */
import { DateTime } from 'luxon'
import type { InboxCommentView } from '../../src-shared/api/comments'
import type { CommentStatus } from '../../src-shared/entities/enums'

export const STATUS_WORDS: Record<CommentStatus, string> = {
  open: 'Open',
  pending: 'Pending',
  snoozed: 'Snoozed',
  done: 'Done',
}

export const STATUS_COLORS: Record<CommentStatus, string> = {
  open: 'blue',
  pending: 'yellow',
  snoozed: 'grape',
  done: 'teal',
}

export const SENTIMENT_WORDS = {
  positive: 'Positive',
  negative: 'Negative',
  neutral: 'Neutral',
  unknown: 'Unknown',
} as const

export const SENTIMENT_COLORS = { positive: 'teal', negative: 'red', neutral: 'gray', unknown: 'gray' } as const

export const isUrgent = (comment: InboxCommentView) => comment.insights?.urgency.level === 'high'

/** The snooze menu's fixed choices, in the person's own zone: in an hour, tomorrow at 9:00, next Monday at 9:00. */
export function snoozeChoices(now: DateTime = DateTime.now()): { key: string; label: string; until: DateTime }[] {
  const tomorrow = now.plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
  const nextWeek = now.plus({ weeks: 1 }).startOf('week').set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
  return [
    { key: '1', label: 'In 1 hour', until: now.plus({ hours: 1 }) },
    { key: '2', label: 'Tomorrow at 9:00', until: tomorrow },
    { key: '3', label: 'Next week (Monday at 9:00)', until: nextWeek },
  ]
}
