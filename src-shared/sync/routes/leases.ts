/** Publish leases with fencing (docs/sync-protocol.md#publish-leases; sync-server/routes/leases.ts). */
import { z } from 'zod'
import { serverIdSchema } from '../server-api'
import { orgParams, type ServerRoute } from './route'

/** How a leased job ended, as its holder reports it. */
export const LEASE_OUTCOMES = ['published', 'failed', 'retry', 'needs_attention', 'skipped'] as const
export type LeaseOutcomeName = (typeof LEASE_OUTCOMES)[number]

/** The holder name of the server's own publishing loop; clients may not use it. */
export const SERVER_HOLDER = 'server'

export const LEASE_TTL_MIN_MS = 5_000
export const LEASE_TTL_MAX_MS = 60 * 60 * 1000
export const LEASE_TTL_DEFAULT_MS = 5 * 60 * 1000

/** The device that asks for a lease, and later reports under it: its client id. */
const holderSchema = z
  .string()
  .regex(/^[0-9A-Za-z_.:-]{1,100}$/, 'must be 1 to 100 letters, digits, ".", ":", "-" or "_" (your client id)')
  .refine((holder) => holder !== SERVER_HOLDER, `must not be "${SERVER_HOLDER}": that name is the server's own`)

const acquireBody = z
  .object({
    jobId: serverIdSchema,
    holder: holderSchema,
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
    // The same holder as the acquire, from the same session: anyone else's report is refused (409).
    holder: holderSchema,
    fence: z.number().int('must be a whole number').min(1, 'must be 1 or more'),
    outcome: z.enum(LEASE_OUTCOMES, { message: `must be one of ${LEASE_OUTCOMES.join(', ')}` }),
  })
  .strict()

export const leaseGrantSchema = z.object({
  jobId: z.string(),
  fence: z.number().int().positive(),
  expiresAt: z.string(),
  /** An earlier holder's lease lapsed without a report: the post may be on the platform already. */
  resumed: z.boolean(),
})
export type LeaseGrant = z.infer<typeof leaseGrantSchema>

export const leaseReleaseSchema = z.object({
  jobId: z.string(),
  fence: z.number().int().positive(),
  outcome: z.enum(LEASE_OUTCOMES),
  completed: z.boolean(),
})
export type LeaseRelease = z.infer<typeof leaseReleaseSchema>

export const leaseRoutes = {
  /** 409 conflict while another holder has it, or once the job is finished. */
  acquireLease: {
    method: 'POST',
    path: '/v1/orgs/:orgId/leases',
    params: orgParams,
    body: acquireBody,
    label: 'lease request',
    response: leaseGrantSchema,
  },
  /** 409 conflict from anyone but the holder (its client id and session), or under an older fence. */
  releaseLease: {
    method: 'POST',
    path: '/v1/orgs/:orgId/leases/:jobId/release',
    params: orgParams.extend({ jobId: serverIdSchema }),
    body: releaseBody,
    label: 'release',
    response: leaseReleaseSchema,
  },
} as const satisfies Record<string, ServerRoute>
