/** STUB (filled by the builder's owner): the handlers of src-shared/api/start-pages.ts. */
import type { startPagesApi } from '../../src-shared/api/start-pages'
import type { HandlersFor } from '../core/handlers'

export const startPagesHandlers = {} satisfies HandlersFor<typeof startPagesApi>
