// The Sandbox platform of an organization that syncs: its posts live on the sync server, which shows them on a
// public feed page. A SandboxBackend over the server's sandbox routes (src-shared/sync/routes/sandbox.ts, through
// the one ServerClient, so it runs in any host), with the server's refusals mapped to PlatformError kinds the
// scheduler understands.

import type { SandboxPostBody } from '../sync/routes/sandbox'
import { ServerClient, SyncRequestError } from '../sync/server-client'
import { type Fetch, networkError, PlatformError } from './adapter'
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
function toSandboxPost({ url: _url, publishCalls: _calls, ...post }: SandboxPostBody): SandboxPost {
  return post
}

/** A refusal as the scheduler reads it: retry later, sign in again, or give up. */
function platformErrorOf(error: unknown): unknown {
  if (!(error instanceof SyncRequestError)) return error
  if (error.code === 'signed_out') {
    return new PlatformError('sandbox', 'auth', 'Sign in to the sync server to publish to this Sandbox channel.')
  }
  if (error.code === 'network') return networkError('sandbox', error)
  const { status, retryAfterMs } = error.details
  if (status !== undefined && (status >= 500 || status === 429 || status === 408)) {
    return new PlatformError('sandbox', 'transient', error.message, { status, retryAfterMs })
  }
  if (status === 401) return new PlatformError('sandbox', 'auth', error.message, { status })
  return new PlatformError('sandbox', 'permanent', error.message, { status })
}

export function createHttpSandboxBackend(options: HttpSandboxOptions): SandboxBackend {
  const client = new ServerClient({
    baseUrl: options.serverUrl,
    token: options.token,
    fetch: options.fetch,
    now: options.now,
  })
  const params = { orgId: options.orgId }
  const mapped = <T>(call: Promise<T>): Promise<T> =>
    call.catch((error: unknown) => {
      throw platformErrorOf(error)
    })

  return {
    async publish(post) {
      // The server stamps its own publish time, as a platform does.
      const { post: saved } = await mapped(
        client.call('publishSandboxPost', {
          params,
          body: {
            accountId: post.accountId,
            idempotencyKey: post.idempotencyKey,
            text: post.text,
            ...(post.contentWarning ? { contentWarning: post.contentWarning } : {}),
            media: post.media,
            ...(post.replyTo ? { replyTo: post.replyTo } : {}),
          },
        }),
      )
      return toSandboxPost(saved)
    },

    async findByIdempotencyKey(accountId, idempotencyKey) {
      const { post } = await mapped(
        client.call('findSandboxPostByKey', { params, query: { accountId, idempotencyKey } }),
      )
      return post ? toSandboxPost(post) : undefined
    },

    async get(id) {
      try {
        const { post } = await mapped(client.call('getSandboxPost', { params: { ...params, postId: id } }))
        return toSandboxPost(post)
      } catch (error) {
        if (error instanceof PlatformError && error.status === 404) return undefined
        throw error
      }
    },

    async list(accountId, listOptions = {}) {
      const { posts } = await mapped(
        client.call('listSandboxPosts', {
          params,
          query: { accountId, limit: Math.min(listOptions.limit ?? 500, 500) },
        }),
      )
      return posts.map(toSandboxPost)
    },

    async replies(id) {
      const { posts } = await mapped(client.call('listSandboxPosts', { params, query: { replyTo: id } }))
      return posts.map(toSandboxPost)
    },
  }
}
