/** STUB (filled by the server side's owner): the handlers of src-shared/api/start-page-stats.ts. */
import type { startPageStatsApi } from '../../src-shared/api/start-page-stats'
import { AppError } from '../../src-shared/api/errors'
import type { HandlersFor } from '../core/handlers'

const notYet = (): never => {
  throw new AppError('unavailable', 'Start Page figures and domains are not available yet.')
}

export const startPageStatsHandlers = {
  checkStartPageSlug: notYet,
  startPageStats: notYet,
  exportStartPageStats: notYet,
  listStartPageDomains: notYet,
  addStartPageDomain: notYet,
  verifyStartPageDomain: notYet,
  removeStartPageDomain: notYet,
} satisfies HandlersFor<typeof startPageStatsApi>
