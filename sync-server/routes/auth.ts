/** Accounts: sign up, sign in (strictly rate-limited per IP address and email), sign out, change password, me. */
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { authRoutes as routes } from '../../src-shared/sync/routes/auth'
import type { ServerContext } from '../context'
import { HttpError } from '../errors'
import { changePassword, me, signin, signout, signup } from '../services/accounts'
import { serve } from './serve'

// The email is hashed: with REDIS_URL the keys sit in Redis, which need not list who tried to sign in.
function signinKey(request: FastifyRequest): string {
  const email = (request.body as { email?: unknown } | undefined)?.email
  const normalized = typeof email === 'string' ? email.trim().toLowerCase() : ''
  return `signin:${request.ip}:${createHash('sha256').update(normalized).digest('base64url').slice(0, 22)}`
}

export async function authRoutes(app: FastifyInstance, ctx: ServerContext) {
  const { signinMaxAttempts, signinWindowMinutes } = ctx.config
  // Attempts count whether they succeed or not; the limit is per address and email, so one
  // person guessing cannot lock everyone else out, and one address cannot try many passwords.
  const signinLimit = {
    max: signinMaxAttempts,
    timeWindow: signinWindowMinutes * 60 * 1000,
    hook: 'preHandler' as const,
    keyGenerator: signinKey,
    errorResponseBuilder: (_request: FastifyRequest, context: { after: string }) =>
      new HttpError(
        'rate_limited',
        `Too many sign-in attempts for this email from your address; try again in ${context.after}.`,
      ),
  }

  serve(app, ctx, routes.signup, async ({ body, reply }) => {
    reply.code(201)
    return signup(ctx, body)
  })

  serve(app, ctx, routes.signin, async ({ body }) => signin(ctx, body), { config: { rateLimit: signinLimit } })

  serve(app, ctx, routes.signout, async ({ auth, reply }) => {
    await signout(ctx, auth)
    reply.code(204)
  })

  serve(app, ctx, routes.changePassword, async ({ auth, body, reply }) => {
    await changePassword(ctx, auth, body)
    reply.code(204)
  })

  serve(app, ctx, routes.me, async ({ auth }) => me(ctx, auth))
}
