/** Fetching comments. Not built yet: each method answers that it is coming. */
import type { commentFetchApi } from '../../src-shared/api/comment-fetch'
import { AppError } from '../../src-shared/api/errors'
import type { HandlersFor } from '../core/handlers'

const notYet = (): never => {
  throw new AppError('unavailable', 'This part of Engage is not ready yet.')
}

export const commentFetchHandlers = {
  inboxChannels: notYet,
  fetchCommentsNow: notYet,
} satisfies HandlersFor<typeof commentFetchApi>
