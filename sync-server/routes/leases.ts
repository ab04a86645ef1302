/** Publish leases with fencing, bound to the holder's client id and session (services/leases.ts, src-shared/sync/routes/leases.ts; docs/sync-protocol.md#publish-leases). */
import type { FastifyInstance } from 'fastify'
import { leaseRoutes as routes } from '../../src-shared/sync/routes/leases'
import type { ServerContext } from '../context'
import { acquireLease, releaseLease, requirePublisher } from '../services/leases'
import { serve } from './serve'

export async function leaseRoutes(app: FastifyInstance, ctx: ServerContext) {
  serve(app, ctx, routes.acquireLease, async ({ auth, params: { orgId }, body: { jobId, holder, ttlMs } }) => {
    await requirePublisher(ctx.db, orgId, auth.userId)
    return acquireLease(ctx, orgId, jobId, { holder, session: auth.tokenHash }, ttlMs)
  })

  serve(app, ctx, routes.releaseLease, async ({ auth, params: { orgId, jobId }, body: { holder, fence, outcome } }) => {
    await requirePublisher(ctx.db, orgId, auth.userId)
    return releaseLease(ctx, orgId, jobId, { holder, session: auth.tokenHash }, fence, outcome)
  })
}
