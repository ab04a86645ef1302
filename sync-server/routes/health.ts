/** /healthz: 200 when the database answers, 503 when it does not (for load balancers and process managers). */
import type { FastifyInstance } from 'fastify'
import { healthRoutes as routes } from '../../src-shared/sync/routes/health'
import type { ServerContext } from '../context'
import type { Database } from '../db/open'
import { HttpError } from '../errors'
import { serve } from './serve'

export async function healthRoutes(app: FastifyInstance, ctx: ServerContext, database: Database) {
  serve(
    app,
    ctx,
    routes.health,
    async () => {
      try {
        await database.ping()
      } catch (error) {
        app.log.error({ err: error }, 'health check: the database does not answer')
        throw new HttpError('unavailable', 'The sync server cannot reach its database.')
      }
      return { ok: true as const, database: database.kind }
    },
    { config: { rateLimit: false } },
  )
}
