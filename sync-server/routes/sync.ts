/** Push and pull (src-shared/sync/protocol.ts, src-shared/sync/routes/sync.ts; docs/sync-protocol.md). */
import type { FastifyInstance } from 'fastify'
import { syncRoutes as routes } from '../../src-shared/sync/routes/sync'
import type { ServerContext } from '../context'
import { pull } from '../sync/pull'
import { push } from '../sync/push'
import { orgRules } from '../sync/org-rules'
import { orgScope } from '../sync/scope'
import { serve } from './serve'

export async function syncRoutes(app: FastifyInstance, ctx: ServerContext) {
  serve(app, ctx, routes.push, async ({ auth, params, body }) =>
    push(ctx, auth, orgScope(params.orgId), orgRules, body),
  )

  serve(app, ctx, routes.pull, async ({ auth, params, query }) =>
    pull(ctx, auth, orgScope(params.orgId), orgRules, query.since, query.limit),
  )
}
