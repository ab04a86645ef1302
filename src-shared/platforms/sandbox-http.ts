// The Sandbox platform of an organization that syncs: its posts live on the sync server, which shows them on a
// public feed page. A SandboxBackend over the server's HTTP API (fetch only, so it runs in any host), with the
// server's answers mapped to PlatformError kinds the scheduler understands.

import { type Fetch, networkError, PlatformError, retryAfterFromHeaders } from './adapter'
import type { SandboxBackend, SandboxPost } from './sandbox'

export interface HttpSandboxOptions {
  fetch: Fetch
  /** The sync server's address, e.g. https://sync.example.com. */
  serverUrl: string
  orgId: string
  /** The session's bearer token (or a function that reads it when needed); null means signed out. */
  token: string | null | (() => string | null | Promise<string | null>)
  now?: () => number
}

const trimSlash = (url: string) => url.replace(/\/+$/, '')

/** The base to give createSandboxAdapter as `feedUrl`: its `${feedUrl}/posts/<id>` links redirect to the post. */
export const sandboxFeedBaseUrl = (serverUrl: string) => `${trimSlash(serverUrl)}/sandbox`

/** A channel's public feed page. */
export const sandboxFeedUrl = (serverUrl: string, channelId: string) =>
  `${sandboxFeedBaseUrl(serverUrl)}/${encodeURIComponent(channelId)}`

/** A post on its channel's feed page (the page has an anchor per post). */
export const sandboxPostUrl = (serverUrl: string, channelId: string, postId: string) =>
  `${sandboxFeedUrl(serverUrl, channelId)}#${encodeURIComponent(postId)}`

/** The server's post, without the fields the SandboxPost shape does not have. */
interface ServerSandboxPost extends SandboxPost {
  url?: string
  publishCalls?: number
}

function toSandboxPost({ url: _url, publishCalls: _calls, ...post }: ServerSandboxPost): SandboxPost {
  return post
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '')
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } }
    if (typeof body.error?.message === 'string') return body.error.message
  } catch {
    // Not our JSON (a proxy's page): fall through to the status line.
  }
  return `The sync server answered ${response.status} ${response.statusText}`.trim()
}

export function createHttpSandboxBackend(options: HttpSandboxOptions): SandboxBackend {
  const base = `${trimSlash(options.serverUrl)}/v1/orgs/${encodeURIComponent(options.orgId)}/sandbox/posts`
  const now = options.now ?? Date.now

  async function token(): Promise<string | null> {
    return typeof options.token === 'function' ? options.token() : options.token
  }

  async function call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const bearer = await token()
    if (!bearer) {
      throw new PlatformError('sandbox', 'auth', 'Sign in to the sync server to publish to this Sandbox channel.')
    }
    let response: Response
    try {
      response = await options.fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      })
    } catch (error) {
      throw networkError('sandbox', error)
    }
    if (response.ok) return (await response.json()) as T
    const message = await errorMessage(response)
    const status = response.status
    if (status >= 500 || status === 429 || status === 408) {
      const retryAfterMs = retryAfterFromHeaders(response.headers, now())
      throw new PlatformError('sandbox', 'transient', message, { status, retryAfterMs })
    }
    if (status === 401) throw new PlatformError('sandbox', 'auth', message, { status })
    throw new PlatformError('sandbox', 'permanent', message, { status })
  }

  const query = (params: Record<string, string | number>) =>
    new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()

  return {
    async publish(post) {
      // The server stamps its own publish time, as a platform does.
      const { post: saved } = await call<{ post: ServerSandboxPost }>('', {
        method: 'POST',
        body: {
          accountId: post.accountId,
          idempotencyKey: post.idempotencyKey,
          text: post.text,
          ...(post.contentWarning ? { contentWarning: post.contentWarning } : {}),
          media: post.media,
          ...(post.replyTo ? { replyTo: post.replyTo } : {}),
        },
      })
      return toSandboxPost(saved)
    },

    async findByIdempotencyKey(accountId, idempotencyKey) {
      const { post } = await call<{ post: ServerSandboxPost | null }>(`/by-key?${query({ accountId, idempotencyKey })}`)
      return post ? toSandboxPost(post) : undefined
    },

    async get(id) {
      try {
        const { post } = await call<{ post: ServerSandboxPost }>(`/${encodeURIComponent(id)}`)
        return toSandboxPost(post)
      } catch (error) {
        if (error instanceof PlatformError && error.status === 404) return undefined
        throw error
      }
    },

    async list(accountId, listOptions = {}) {
      const { posts } = await call<{ posts: ServerSandboxPost[] }>(
        `?${query({ accountId, limit: Math.min(listOptions.limit ?? 500, 500) })}`,
      )
      return posts.map(toSandboxPost)
    },

    async replies(id) {
      const { posts } = await call<{ posts: ServerSandboxPost[] }>(`?${query({ replyTo: id })}`)
      return posts.map(toSandboxPost)
    },
  }
}
