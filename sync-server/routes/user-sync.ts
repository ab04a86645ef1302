/**
 * Push and pull of the caller's own data between their devices (profile and
 * preferences, subscriptions, Start Pages, the onboarding draft): the same
 * protocol as an organization's (src-shared/sync/protocol.ts), under their
 * own change log. There is no way to name another person's: the scope is
 * the session's user.
 */
import type { FastifyInstance } from 'fastify'
import { pushRequestSchema } from '../../src-shared/sync/protocol'
import type { ServerContext } from '../context'
import { parseInput } from '../errors'
import { authenticate } from '../services/sessions'
import { pull } from '../sync/pull'
import { push } from '../sync/push'
import { userScope } from '../sync/scope'
import { startUserLog } from '../sync/user-log'
import { userRules } from '../sync/user-rules'
import { pullQuerySchema } from './sync'

export async function userSyncRoutes(app: FastifyInstance, ctx: ServerContext) {
  app.post('/v1/me/push', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const body = parseInput(pushRequestSchema, request.body, 'push')
    await startUserLog(ctx, auth.userId)
    return push(ctx, auth, userScope(auth.userId), userRules, body)
  })

  app.get('/v1/me/pull', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { since, limit } = parseInput(pullQuerySchema, request.query, 'pull')
    await startUserLog(ctx, auth.userId)
    return pull(ctx, auth, userScope(auth.userId), userRules, since, limit)
  })
}
