/** Accounts: sign up, sign in (strictly rate-limited per IP address and email), sign out, change password, me. */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { changePasswordRequestSchema, signinRequestSchema, signupRequestSchema } from '../../src-shared/sync/server-api'
import type { ServerContext } from '../context'
import { HttpError, parseInput } from '../errors'
import { changePassword, me, signin, signout, signup } from '../services/accounts'
import { authenticate } from '../services/sessions'

function signinKey(request: FastifyRequest): string {
  const email = (request.body as { email?: unknown } | undefined)?.email
  return `signin:${request.ip}:${typeof email === 'string' ? email.trim().toLowerCase() : ''}`
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

  app.post('/v1/auth/signup', async (request, reply) => {
    const input = parseInput(signupRequestSchema, request.body)
    reply.code(201)
    return signup(ctx, input)
  })

  app.post('/v1/auth/signin', { config: { rateLimit: signinLimit } }, async (request) =>
    signin(ctx, parseInput(signinRequestSchema, request.body)),
  )

  app.post('/v1/auth/signout', async (request, reply) => {
    await signout(ctx, await authenticate(ctx, request.headers.authorization))
    return reply.code(204).send()
  })

  app.post('/v1/auth/password', async (request, reply) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    await changePassword(ctx, auth, parseInput(changePasswordRequestSchema, request.body))
    return reply.code(204).send()
  })

  app.get('/v1/me', async (request) => me(ctx, await authenticate(ctx, request.headers.authorization)))
}
