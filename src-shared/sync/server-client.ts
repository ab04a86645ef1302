/**
 * The desktop's one client for the sync server: `call(routeName, request)`
 * over the route table (routes/index.ts). It fills the path, sends the
 * query and body, adds the session's bearer token, and parses the answer
 * with the route's own response schema. Every failure is a SyncRequestError
 * whose message a person can act on: the server's own words when it
 * refused, or what went wrong on the way (unreachable, not JSON, a shape
 * this version does not understand).
 *
 * fetch only, so it runs in any host (the desktop's main process, browser
 * mode, tests).
 */
import { retryAfterFromHeaders, type Fetch } from '../platforms/adapter'
import { syncErrorSchema, type SyncErrorCode } from './protocol'
import { serverRoutes, type RouteName, type RouteRequest, type RouteResponse, type ServerRoutes } from './routes'
import type { ServerRoute } from './routes/route'

/**
 * A refusal of a whole request, with the server's words. Besides the
 * server's codes: `network` (it cannot be reached), `server_error` (it
 * answered something this app cannot read) and `signed_out` (this device
 * has no session to send).
 */
export class SyncRequestError extends Error {
  constructor(
    readonly code: SyncErrorCode | 'network' | 'server_error' | 'signed_out',
    message: string,
    readonly details: {
      expectedMutationId?: number
      skewMs?: number
      acceptedSchemaVersions?: number[]
      field?: string
      status?: number
      /** From Retry-After (or a rate-limit reset header): how long to wait before trying again. */
      retryAfterMs?: number
    } = {},
  ) {
    super(message)
    this.name = 'SyncRequestError'
  }
}

type Token = string | null | (() => string | null | Promise<string | null>)

export interface ServerClientOptions {
  /** The sync server's address, e.g. https://sync.example.com. */
  baseUrl: string
  /** The session's bearer token, or a function that reads it when a call is made; null when signed out. */
  token?: Token
  fetch?: Fetch
  /** How long a JSON call may take (20 s); file uploads and downloads get `fileTimeoutMs` (2 minutes). */
  timeoutMs?: number
  fileTimeoutMs?: number
  now?: () => number
}

/** The request argument of `call`: left out for routes that take nothing. */
type CallArgs<N extends RouteName> = keyof RouteRequest<ServerRoutes[N]> extends never
  ? [request?: RouteRequest<ServerRoutes[N]>]
  : [request: RouteRequest<ServerRoutes[N]>]

interface AnyRequest {
  params?: Record<string, unknown>
  query?: Record<string, unknown>
  body?: unknown
  contentType?: string
}

const DEFAULT_TIMEOUT_MS = 20_000
const DEFAULT_FILE_TIMEOUT_MS = 120_000

/** What an error answer without a body (HEAD) means, by its status. */
const CODE_OF_STATUS: Record<number, SyncErrorCode> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'unavailable',
}

export class ServerClient {
  readonly baseUrl: string
  private readonly fetch: Fetch

  constructor(private readonly options: ServerClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init))
  }

  /** The same server under another session. */
  withToken(token: Token): ServerClient {
    return new ServerClient({ ...this.options, token })
  }

  /** The address of a route with its path parameters filled in. */
  url(name: RouteName, params: Record<string, unknown> = {}): string {
    const path = serverRoutes[name].path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
      const value = params[key]
      if (value === undefined || value === null) throw new Error(`The ${name} route needs its "${key}" parameter`)
      return encodeURIComponent(String(value))
    })
    return `${this.baseUrl}${path}`
  }

  /** Calls a route by its name; answers what the route's response schema parsed. */
  async call<N extends RouteName>(name: N, ...[request]: CallArgs<N>): Promise<RouteResponse<ServerRoutes[N]>> {
    const route: ServerRoute = serverRoutes[name]
    const input = (request ?? {}) as AnyRequest
    const url = this.url(name, input.params)
    const token = await this.token()
    if (!route.public && !token) {
      throw new SyncRequestError('signed_out', 'Sign in to the sync server first (Settings → Sync).')
    }
    const response = await this.send(route, `${url}${queryOf(input.query)}`, input, token)
    const path = new URL(url).pathname
    return (await this.answer(route, path, response)) as RouteResponse<ServerRoutes[N]>
  }

  private async token(): Promise<string | null> {
    const { token = null } = this.options
    return typeof token === 'function' ? token() : token
  }

  private async send(route: ServerRoute, url: string, input: AnyRequest, token: string | null): Promise<Response> {
    const bytes = route.bodyType === 'bytes'
    const hasBody = input.body !== undefined
    const file = bytes || route.responseType === 'bytes'
    try {
      return await this.fetch(url, {
        method: route.method,
        headers: {
          ...(hasBody
            ? { 'content-type': bytes ? (input.contentType ?? 'application/octet-stream') : 'application/json' }
            : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: hasBody ? (bytes ? (input.body as RequestInit['body']) : JSON.stringify(input.body)) : undefined,
        signal: AbortSignal.timeout(
          file
            ? (this.options.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS)
            : (this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        ),
      })
    } catch {
      throw new SyncRequestError(
        'network',
        `Cannot reach the sync server at ${this.baseUrl}. Keep working: changes are kept on this device and sync when it is back.`,
      )
    }
  }

  private async answer(route: ServerRoute, path: string, response: Response): Promise<unknown> {
    const status = response.status
    if (response.ok && route.responseType === 'bytes') {
      return this.parse(route, path, new Uint8Array(await response.arrayBuffer()))
    }
    const text = route.method === 'HEAD' ? '' : await response.text()
    if (!response.ok && !text) throw this.bodilessRefusal(route, path, response)
    let json: unknown
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      throw new SyncRequestError(
        'server_error',
        `The sync server at ${this.baseUrl} answered something that is not JSON (HTTP ${status}). Is the address right?`,
        { status },
      )
    }
    if (!response.ok) throw this.refusal(response, json)
    return this.parse(route, path, json)
  }

  private parse(route: ServerRoute, path: string, value: unknown): unknown {
    const parsed = route.response.safeParse(value)
    if (parsed.success) return parsed.data
    // A clock or row id out of its one form is the server's fault, not this version's: newer apps refuse it too.
    const key = parsed.error.issues[0]?.path.at(-1)
    if (key === 'hlc' || key === 'rowId') {
      throw new SyncRequestError(
        'server_error',
        `The sync server at ${this.baseUrl} sent a change whose ${key === 'hlc' ? 'clock' : 'row id'} is not in the protocol's form; nothing from that answer was applied. Tell the server's operator.`,
      )
    }
    throw new SyncRequestError(
      'server_error',
      `The sync server's answer to ${path} is not what this app version understands; update the app or the server.`,
    )
  }

  private refusal(response: Response, json: unknown): SyncRequestError {
    const status = response.status
    const retryAfterMs = this.retryAfter(response)
    const parsed = syncErrorSchema.safeParse(json)
    if (parsed.success) {
      const { code, message, ...details } = parsed.data.error
      return new SyncRequestError(code, message, { ...details, status, ...retryAfterMs })
    }
    return new SyncRequestError('server_error', `The sync server failed (HTTP ${status}). Try again in a moment.`, {
      status,
      ...retryAfterMs,
    })
  }

  /** A HEAD answer, or an empty error body: all there is to go on is the status. */
  private bodilessRefusal(route: ServerRoute, path: string, response: Response): SyncRequestError {
    const status = response.status
    const code = CODE_OF_STATUS[status]
    const retryAfterMs = this.retryAfter(response)
    if (route.method === 'HEAD' && code) {
      return new SyncRequestError(code, `The sync server answered HTTP ${status} for ${path}.`, {
        status,
        ...retryAfterMs,
      })
    }
    return new SyncRequestError('server_error', `The sync server failed (HTTP ${status}). Try again in a moment.`, {
      status,
      ...retryAfterMs,
    })
  }

  private retryAfter(response: Response): { retryAfterMs?: number } {
    const ms = retryAfterFromHeaders(response.headers, (this.options.now ?? Date.now)())
    return ms === undefined ? {} : { retryAfterMs: ms }
  }
}

function queryOf(query: Record<string, unknown> | undefined): string {
  if (!query) return ''
  const pairs = Object.entries(query).flatMap(([key, value]): [string, string][] =>
    value === undefined || value === null ? [] : [[key, String(value)]],
  )
  return pairs.length ? `?${new URLSearchParams(pairs)}` : ''
}
