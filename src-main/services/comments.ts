/** Triage of the inbox. Not built yet: each method answers that it is coming. */
import type { commentsApi } from '../../src-shared/api/comments'
import { AppError } from '../../src-shared/api/errors'
import type { HandlersFor } from '../core/handlers'

const notYet = (): never => {
  throw new AppError('unavailable', 'This part of Engage is not ready yet.')
}

export const commentsHandlers = {
  listInbox: notYet,
  inboxCounts: notYet,
  getConversation: notYet,
  setCommentStatus: notYet,
  assignComments: notYet,
  tagComments: notYet,
  correctInsights: notYet,
} satisfies HandlersFor<typeof commentsApi>
