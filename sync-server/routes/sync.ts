/** Push and pull (src-shared/sync/protocol.ts; docs/sync-protocol.md). */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { PULL_PAGE_LIMIT, pushRequestSchema } from '../../src-shared/sync/protocol'
import { serverIdSchema } from '../../src-shared/sync/server-api'
import type { ServerContext } from '../context'
import { parseInput } from '../errors'
import { authenticate } from '../services/sessions'
import { pull } from '../sync/pull'
import { push } from '../sync/push'
import { orgRules } from '../sync/org-rules'
import { orgScope } from '../sync/scope'

const orgParams = z.object({ orgId: serverIdSchema })
export const pullQuerySchema = z.object({
  since: z.coerce.number().int().min(0, 'must be 0 or more').default(0),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(PULL_PAGE_LIMIT, `must be ${PULL_PAGE_LIMIT} or fewer`)
    .default(PULL_PAGE_LIMIT),
})

export async function syncRoutes(app: FastifyInstance, ctx: ServerContext) {
  app.post('/v1/orgs/:orgId/push', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { orgId } = parseInput(orgParams, request.params, 'address')
    return push(ctx, auth, orgScope(orgId), orgRules, parseInput(pushRequestSchema, request.body, 'push'))
  })

  app.get('/v1/orgs/:orgId/pull', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { orgId } = parseInput(orgParams, request.params, 'address')
    const { since, limit } = parseInput(pullQuerySchema, request.query, 'pull')
    return pull(ctx, auth, orgScope(orgId), orgRules, since, limit)
  })
}
