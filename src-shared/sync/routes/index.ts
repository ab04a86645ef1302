/**
 * Every JSON/HTTP route of the sync server, by name: the one source of truth
 * for paths, request and response shapes. The server serves each entry
 * (sync-server/routes/serve.ts), the desktop calls them by name
 * (../server-client.ts), and a test checks that the two match. A new
 * route (Start Pages, billing, OAuth …) is a new entry in an area file here,
 * merged below. Not in the table: the live websocket (/v1/live) and the
 * HTML pages (/invite/:code, /sandbox/…), which browsers and sockets read.
 */
import { authRoutes } from './auth'
import { credentialRoutes } from './credentials'
import { healthRoutes } from './health'
import { leaseRoutes } from './leases'
import { mediaRoutes } from './media'
import { orgRoutes } from './orgs'
import { ownDataRoutes } from './own-data'
import type { ServerRoute } from './route'
import { sandboxRoutes } from './sandbox'
import { syncRoutes } from './sync'

export const serverRoutes = {
  ...healthRoutes,
  ...authRoutes,
  ...orgRoutes,
  ...syncRoutes,
  ...ownDataRoutes,
  ...leaseRoutes,
  ...credentialRoutes,
  ...mediaRoutes,
  ...sandboxRoutes,
} as const satisfies Record<string, ServerRoute>

export type ServerRoutes = typeof serverRoutes
export type RouteName = keyof ServerRoutes

export type { RouteAnswer, RouteRequest, RouteResponse, ServerRoute } from './route'
