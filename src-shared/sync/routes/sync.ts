/** An organization's push and pull (../protocol.ts; sync-server/routes/sync.ts). */
import { z } from 'zod'
import { PULL_PAGE_LIMIT, pullResponseSchema, pushRequestSchema, pushResponseSchema } from '../protocol'
import { orgParams, type ServerRoute } from './route'

export const pullQuerySchema = z.object({
  // Digits only: an empty `since=` is a mistake, not 0 (leave it out to start from the beginning).
  since: z.coerce
    .string()
    .regex(/^[0-9]{1,15}$/, 'must be the cursor of an earlier answer: a whole number, 0 or more')
    .transform(Number)
    .default(0),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(PULL_PAGE_LIMIT, `must be ${PULL_PAGE_LIMIT} or fewer`)
    .default(PULL_PAGE_LIMIT),
})

export const syncRoutes = {
  push: {
    method: 'POST',
    path: '/v1/orgs/:orgId/push',
    params: orgParams,
    body: pushRequestSchema,
    judgesValues: true,
    label: 'push',
    response: pushResponseSchema,
  },
  pull: {
    method: 'GET',
    path: '/v1/orgs/:orgId/pull',
    params: orgParams,
    query: pullQuerySchema,
    label: 'pull',
    response: pullResponseSchema,
  },
} as const satisfies Record<string, ServerRoute>
