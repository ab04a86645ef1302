/**
 * Push and pull of the caller's own data between their devices (profile,
 * subscriptions, Start Pages …; sync-server/routes/user-sync.ts): the same
 * protocol as an organization's, scoped by the session to its person.
 */
import { pullResponseSchema, pushRequestSchema, pushResponseSchema } from '../protocol'
import type { ServerRoute } from './route'
import { pullQuerySchema } from './sync'

export const ownDataRoutes = {
  pushOwnData: {
    method: 'POST',
    path: '/v1/me/push',
    body: pushRequestSchema,
    judgesValues: true,
    label: 'push',
    response: pushResponseSchema,
  },
  pullOwnData: {
    method: 'GET',
    path: '/v1/me/pull',
    query: pullQuerySchema,
    label: 'pull',
    response: pullResponseSchema,
  },
} as const satisfies Record<string, ServerRoute>
