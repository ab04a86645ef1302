/** Publish leases with fencing (services/leases.ts; docs/sync-protocol.md#publish-leases). */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { serverIdSchema } from '../../src-shared/sync/server-api'
import type { ServerContext } from '../context'
import { LEASE_OUTCOMES } from '../db/schema'
import { parseInput } from '../errors'
import {
  acquireLease,
  LEASE_TTL_DEFAULT_MS,
  LEASE_TTL_MAX_MS,
  LEASE_TTL_MIN_MS,
  releaseLease,
  requirePublisher,
  SERVER_HOLDER,
} from '../services/leases'
import { authenticate } from '../services/sessions'

const orgParams = z.object({ orgId: serverIdSchema })
const jobParams = orgParams.extend({ jobId: serverIdSchema })

const acquireBody = z
  .object({
    jobId: serverIdSchema,
    holder: z
      .string()
      .regex(/^[0-9A-Za-z_.:-]{1,100}$/, 'must be 1 to 100 letters, digits, ".", ":", "-" or "_" (your client id)')
      .refine((holder) => holder !== SERVER_HOLDER, `must not be "${SERVER_HOLDER}": that name is the server's own`),
    ttlMs: z
      .number()
      .int('must be a whole number of milliseconds')
      .min(LEASE_TTL_MIN_MS, `must be at least ${LEASE_TTL_MIN_MS} ms`)
      .max(LEASE_TTL_MAX_MS, `must be at most ${LEASE_TTL_MAX_MS} ms (an hour)`)
      .default(LEASE_TTL_DEFAULT_MS),
  })
  .strict()

const releaseBody = z
  .object({
    fence: z.number().int('must be a whole number').min(1, 'must be 1 or more'),
    outcome: z.enum(LEASE_OUTCOMES, { message: `must be one of ${LEASE_OUTCOMES.join(', ')}` }),
  })
  .strict()

export async function leaseRoutes(app: FastifyInstance, ctx: ServerContext) {
  app.post('/v1/orgs/:orgId/leases', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { orgId } = parseInput(orgParams, request.params, 'address')
    const { jobId, holder, ttlMs } = parseInput(acquireBody, request.body, 'lease request')
    await requirePublisher(ctx.db, orgId, auth.userId)
    return acquireLease(ctx, orgId, jobId, holder, ttlMs)
  })

  app.post('/v1/orgs/:orgId/leases/:jobId/release', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { orgId, jobId } = parseInput(jobParams, request.params, 'address')
    const { fence, outcome } = parseInput(releaseBody, request.body, 'release')
    await requirePublisher(ctx.db, orgId, auth.userId)
    return releaseLease(ctx, orgId, jobId, fence, outcome)
  })
}
