/** An organization's push and pull (../protocol.ts; sync-server/routes/sync.ts). */
import { z } from 'zod'
import { PULL_PAGE_LIMIT, pullResponseSchema, pushRequestSchema, pushResponseSchema } from '../protocol'
import { orgParams, type ServerRoute } from './route'

export const pullQuerySchema = z.object({
  since: z.coerce.number().int().min(0, 'must be 0 or more').default(0),
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
