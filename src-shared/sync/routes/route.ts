/**
 * What a route of the sync server is, as data both sides read: the method
 * and path, zod schemas for what the caller sends (path params, query,
 * body) and for what the server answers. The server validates requests
 * with these schemas (sync-server/routes/serve.ts) and the desktop's
 * ServerClient (../server-client.ts) builds requests and parses answers
 * with the same ones, so a route cannot change on one side only.
 */
import { z } from 'zod'
import { serverIdSchema } from '../server-api'

export type RouteMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface ServerRoute {
  method: RouteMethod
  /** Fastify's syntax: `/v1/orgs/:orgId/push`; every `:name` is a key of `params`. */
  path: string
  /** Answered without a session (sign-up, sign-in, health); every other route needs `Authorization: Bearer`. */
  public?: boolean
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
  /** `bytes`: the body is a file's raw bytes (media), checked by the route itself; JSON otherwise. */
  bodyType?: 'json' | 'bytes'
  /**
   * The route holds its body to the value rules itself (../value-rules.ts): push refuses the mutation of an op
   * whose value breaks them, not the whole request. Every other body is refused whole.
   */
  judgesValues?: boolean
  /** The body may be left out: the server reads it as `{}` (its defaults). */
  optionalBody?: boolean
  /** How the server's refusals name the body or query ("Invalid push: …"); "request" unless said. */
  label?: string
  response: z.ZodType
  /** `bytes`: the answer is a file; `none`: headers only (HEAD); JSON otherwise (or nothing, for a 204). */
  responseType?: 'json' | 'bytes' | 'none'
}

/** The answer of a route that says nothing (204 No Content). */
export const noContent = z.void()

/** A file's raw bytes, as a body or an answer. */
export const fileBytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be the file’s bytes')

/** Path parameters every org route has. */
export const orgParams = z.object({ orgId: serverIdSchema })

type InputOf<S> = S extends z.ZodType ? z.input<S> : never

/** What a caller hands ServerClient.call for a route: only the parts the route has. */
export type RouteRequest<R extends ServerRoute> = (R['params'] extends z.ZodType
  ? { params: InputOf<R['params']> }
  : unknown) &
  (R['query'] extends z.ZodType ? { query: InputOf<R['query']> } : unknown) &
  (R['body'] extends z.ZodType
    ? R['optionalBody'] extends true
      ? { body?: InputOf<R['body']> }
      : { body: InputOf<R['body']> }
    : unknown) &
  (R['bodyType'] extends 'bytes' ? { contentType: string } : unknown)

/** What the caller gets back: the response schema's output. */
export type RouteResponse<R extends ServerRoute> = z.output<R['response']>
/** What a server handler answers: the response schema's input. */
export type RouteAnswer<R extends ServerRoute> = z.input<R['response']>
