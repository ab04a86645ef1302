/**
 * Push and pull of the caller's own data between their devices (profile and
 * preferences, subscriptions, Start Pages, the onboarding draft): the same
 * protocol as an organization's (src-shared/sync/protocol.ts,
 * src-shared/sync/routes/own-data.ts), under their own change log. There is
 * no way to name another person's: the scope is the session's user.
 */
import type { FastifyInstance } from 'fastify'
import { ownDataRoutes as routes } from '../../src-shared/sync/routes/own-data'
import type { ServerContext } from '../context'
import { pull } from '../sync/pull'
import { push } from '../sync/push'
import { userScope } from '../sync/scope'
import { startUserLog } from '../sync/user-log'
import { userRules } from '../sync/user-rules'
import { serve } from './serve'

export async function userSyncRoutes(app: FastifyInstance, ctx: ServerContext) {
  serve(app, ctx, routes.pushOwnData, async ({ auth, body }) => {
    await startUserLog(ctx, auth.userId)
    return push(ctx, auth, userScope(auth.userId), userRules, body)
  })

  serve(app, ctx, routes.pullOwnData, async ({ auth, query }) => {
    await startUserLog(ctx, auth.userId)
    return pull(ctx, auth, userScope(auth.userId), userRules, query.since, query.limit)
  })
}
