/** /healthz: 200 when the database answers, 503 when it does not (for load balancers and process managers). */
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../context'
import type { Database } from '../db/open'
import { HttpError } from '../errors'

export async function healthRoutes(app: FastifyInstance, _ctx: ServerContext, database: Database) {
  app.get('/healthz', { config: { rateLimit: false } }, async () => {
    try {
      await database.ping()
    } catch (error) {
      app.log.error({ err: error }, 'health check: the database does not answer')
      throw new HttpError('unavailable', 'The sync server cannot reach its database.')
    }
    return { ok: true as const, database: database.kind }
  })
}
