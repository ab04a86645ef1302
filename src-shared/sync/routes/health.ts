/** /healthz: 200 when the database answers, 503 unavailable when not (sync-server/routes/health.ts). */
import { healthResponseSchema } from '../server-api'
import type { ServerRoute } from './route'

export const healthRoutes = {
  health: { method: 'GET', path: '/healthz', public: true, response: healthResponseSchema },
} as const satisfies Record<string, ServerRoute>
