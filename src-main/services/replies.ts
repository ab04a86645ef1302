/** Replies and saved replies. Not built yet: each method answers that it is coming. */
import type { repliesApi } from '../../src-shared/api/replies'
import { AppError } from '../../src-shared/api/errors'
import type { HandlersFor } from '../core/handlers'

const notYet = (): never => {
  throw new AppError('unavailable', 'This part of Engage is not ready yet.')
}

export const repliesHandlers = {
  sendReply: notYet,
  listReplies: notYet,
  retryReply: notYet,
  cancelReply: notYet,
  approveReply: notYet,
  rejectReply: notYet,
  getEngageSettings: notYet,
  setEngageSettings: notYet,
  listSavedReplies: notYet,
  createSavedReply: notYet,
  updateSavedReply: notYet,
  deleteSavedReply: notYet,
} satisfies HandlersFor<typeof repliesApi>
