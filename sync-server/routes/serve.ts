/**
 * Serves an entry of the shared route table (src-shared/sync/routes/): the
 * route's method and path, the caller's session unless the route is public,
 * then its path params, query and body parsed with the entry's own schemas,
 * in that order (so an anonymous caller hears "sign in" before anything
 * about its input), each first held to the value rules (no NUL, not too
 * deep: src-shared/sync/value-rules.ts) so nothing the database would
 * refuse reaches a service. A refusal names the field at fault (errors.ts
 * parseInput, checkValueRules). The handler's answer is typed by the route's response
 * schema, and the entry rides along in the Fastify route's config so a
 * test can check that every route in the table is served from it.
 *
 * The session, params and query are checked in an onRequest hook, before
 * Fastify reads a byte of the body, and so is the route's own `beforeBody`
 * check (media: membership, role, type, declared size): a caller who may
 * not send a body is answered without the server taking it in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify'
import type { z } from 'zod'
import type { RouteAnswer, ServerRoute } from '../../src-shared/sync/routes'
import type { ServerContext } from '../context'
import { checkValueRules, parseInput } from '../errors'
import { authenticate, type Auth } from '../services/sessions'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The shared route table's entry this route serves. */
    serverRoute?: ServerRoute
  }
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined

/** What is known of a request before its body is read. */
export interface BeforeBody<R extends ServerRoute> {
  /** The caller's session; null on a public route. */
  auth: R['public'] extends true ? null : Auth
  params: Parsed<R['params']>
  query: Parsed<R['query']>
  request: FastifyRequest
  reply: FastifyReply
}

export interface Served<R extends ServerRoute, B = void> extends BeforeBody<R> {
  /** A `bytes` body is handed over as the route's parser read it (a Buffer, or nothing): the route checks it. */
  body: R['bodyType'] extends 'bytes' ? unknown : Parsed<R['body']>
  /** What the route's `beforeBody` check answered. */
  before: B
}

export type RouteHandler<R extends ServerRoute, B = void> = (
  served: Served<R, B>,
) => Promise<RouteAnswer<R> | FastifyReply>

export interface ServeOptions<R extends ServerRoute, B> extends RouteShorthandOptions {
  /** The route's own checks that need no body, run before any of it is read; a throw refuses the request. */
  beforeBody?: (early: BeforeBody<R>) => Promise<B>
}

export function serve<R extends ServerRoute, B = void>(
  app: FastifyInstance,
  ctx: ServerContext,
  route: R,
  handler: RouteHandler<R, B>,
  { beforeBody, ...options }: ServeOptions<R, B> = {},
): void {
  const label = route.label ?? 'request'
  const early = new WeakMap<FastifyRequest, { parts: BeforeBody<R>; before: B }>()
  app.route({
    ...options,
    method: route.method,
    url: route.path,
    config: { ...options.config, serverRoute: route },
    onRequest: [
      async (request, reply) => {
        const auth = route.public ? null : await authenticate(ctx, request.headers.authorization)
        checkValueRules(request.params, 'address')
        const params = route.params ? parseInput(route.params, request.params, 'address') : undefined
        checkValueRules(request.query, label)
        const query = route.query ? parseInput(route.query, request.query, label) : undefined
        const parts = { auth, params, query, request, reply } as BeforeBody<R>
        const before = (beforeBody ? await beforeBody(parts) : undefined) as B
        early.set(request, { parts, before })
      },
      ...[options.onRequest ?? []].flat(),
    ],
    handler: async (request, reply) => {
      const { parts, before } = early.get(request)!
      const rawBody = route.optionalBody ? (request.body ?? {}) : request.body
      const schema = route.bodyType === 'bytes' ? undefined : route.body
      if (schema && !route.judgesValues) checkValueRules(rawBody, label)
      const body = schema ? parseInput(schema, rawBody, label) : rawBody
      const answer = await handler({ ...parts, request, reply, body, before } as Served<R, B>)
      // A 204 answers nothing.
      if (answer === undefined && !reply.sent) return reply.send()
      return answer
    },
  })
}
