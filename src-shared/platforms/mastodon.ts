// Mastodon through its documented REST API (docs.joinmastodon.org): statuses with media and descriptions, content
// warnings and visibility; replies from a status's context; counts for analytics. Any instance works, so the
// session's `service` is the instance's base URL.

import {
  type AnalyticsSnapshot,
  type ConnectInput,
  type MediaRule,
  type OAuthAuthorizationRequest,
  type OAuthClient,
  type Fetch,
  type LookupResult,
  type PlatformAdapter,
  type PlatformComment,
  type PlatformLimits,
  type PlatformPost,
  type PlatformSession,
  type PostMedia,
  type PublishOptions,
  type PublishResult,
  type ReplyTarget,
  networkError,
  PlatformError,
  retryAfterFromHeaders,
} from './adapter'
import { fetchMastodonInbox } from './mastodon-inbox'
import { createAuthorizationRequest } from './oauth'

/** Mastodon's defaults (an instance may raise them; its /api/v2/instance says so). */
export const mastodonLimits: PlatformLimits = {
  maxTextLength: 500,
  textCounting: 'mastodon',
  urlLength: 23,
  maxMedia: 4,
  maxImages: 4,
  maxVideos: 1,
  mixMedia: false,
  media: [
    {
      kind: 'image',
      mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/avif'],
      maxBytes: 16 * 1024 * 1024,
    },
    { kind: 'gif', mimeTypes: ['image/gif'], maxBytes: 16 * 1024 * 1024 },
    { kind: 'video', mimeTypes: ['video/mp4', 'video/webm', 'video/quicktime'], maxBytes: 99 * 1024 * 1024 },
  ],
  altTextRequired: false,
  maxAltTextLength: 1500,
  contentWarning: true,
  visibilities: ['public', 'unlisted', 'private', 'direct'],
  // Both go out as replies of the account to its own post.
  threads: true,
  firstComment: true,
}

/** The parts of Mastodon's Account entity we read. */
interface MastodonAccount {
  id: string
  username: string
  acct: string
  display_name: string
  avatar: string
  url: string
  followers_count: number
}

/** The parts of Mastodon's Status entity we read. */
interface MastodonStatus {
  id: string
  uri: string
  url: string | null
  created_at: string
  in_reply_to_id: string | null
  content: string
  account: MastodonAccount
  replies_count: number
  reblogs_count: number
  favourites_count: number
  quotes_count?: number
}

interface MastodonMediaAttachment {
  id: string
  type: string
  url: string | null
}

export interface MastodonAdapterOptions {
  fetch: Fetch
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  /** How long to wait for the instance to finish processing an uploaded video before giving up. */
  mediaProcessingTimeoutMs?: number
}

/** Mastodon's HTML status content as plain text: paragraphs and line breaks kept, tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim()
}

/** The parts of GET /api/v2/instance that say what this instance accepts. */
export interface MastodonInstance {
  configuration?: {
    statuses?: { max_characters?: number; max_media_attachments?: number; characters_reserved_per_url?: number }
    media_attachments?: {
      supported_mime_types?: string[]
      image_size_limit?: number
      video_size_limit?: number
      description_limit?: number
    }
  }
}

/** Mastodon's defaults, overridden by what an instance declares (some allow far longer statuses). */
export function mastodonLimitsFromInstance(instance: MastodonInstance): PlatformLimits {
  const statuses = instance.configuration?.statuses ?? {}
  const media = instance.configuration?.media_attachments ?? {}
  const supported = media.supported_mime_types
  const rules = mastodonLimits.media.map((rule): MediaRule => ({
    ...rule,
    mimeTypes: supported
      ? supported.filter((type) => type.startsWith(rule.kind === 'video' ? 'video/' : 'image/'))
      : rule.mimeTypes,
    maxBytes: (rule.kind === 'video' ? media.video_size_limit : media.image_size_limit) ?? rule.maxBytes,
  }))
  // With the instance's own list, GIFs are the one image type counted apart.
  if (supported) {
    for (const rule of rules) {
      if (rule.kind === 'image') rule.mimeTypes = rule.mimeTypes.filter((type) => type !== 'image/gif')
      if (rule.kind === 'gif') rule.mimeTypes = supported.filter((type) => type === 'image/gif')
    }
  }
  const maxMedia = statuses.max_media_attachments ?? mastodonLimits.maxMedia
  return {
    ...mastodonLimits,
    maxTextLength: statuses.max_characters ?? mastodonLimits.maxTextLength,
    urlLength: statuses.characters_reserved_per_url ?? mastodonLimits.urlLength,
    maxMedia,
    maxImages: maxMedia,
    media: rules,
    maxAltTextLength: media.description_limit ?? mastodonLimits.maxAltTextLength,
  }
}

export interface MastodonAdapter extends PlatformAdapter {
  /** Registers this app on an instance (POST /api/v1/apps): each instance is its own OAuth server. */
  registerApp(
    service: string,
    app: { clientName: string; redirectUri: string; scopes: string[]; website?: string },
  ): Promise<OAuthClient>
  /** Where to send the user to approve access, with a PKCE S256 challenge. */
  authorizationRequest(service: string, client: OAuthClient): Promise<OAuthAuthorizationRequest>
  /** This instance's limits, from GET /api/v2/instance. */
  fetchLimits(service: string): Promise<PlatformLimits>
}

export function createMastodonAdapter(options: MastodonAdapterOptions): MastodonAdapter {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const processingTimeoutMs = options.mediaProcessingTimeoutMs ?? 60_000

  async function call<T>(
    service: string,
    path: string,
    init: RequestInit & { token?: string; idempotencyKey?: string } = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const headers = new Headers(init.headers)
    headers.set('Accept', 'application/json')
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`)
    if (init.idempotencyKey) headers.set('Idempotency-Key', init.idempotencyKey)
    let res: Response
    try {
      res = await options.fetch(new URL(path, service).toString(), { ...init, headers })
    } catch (error) {
      throw networkError('mastodon', error, service)
    }
    const text = await res.text()
    let body: unknown = undefined
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      body = undefined
    }
    if (!res.ok) throw errorFromAnswer(res, body, text, now())
    return { status: res.status, body: body as T, headers: res.headers }
  }

  async function me(session: Pick<PlatformSession, 'service' | 'accessToken'>): Promise<MastodonAccount> {
    const { body } = await call<MastodonAccount>(session.service, '/api/v1/accounts/verify_credentials', {
      token: session.accessToken,
    })
    return body
  }

  function sessionFor(service: string, account: MastodonAccount, accessToken: string): PlatformSession {
    return {
      platform: 'mastodon',
      service,
      accountId: account.id,
      handle: account.acct,
      displayName: account.display_name || account.username,
      avatarUrl: account.avatar,
      accessToken,
    }
  }

  async function uploadMedia(session: PlatformSession, item: PostMedia): Promise<string> {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(item.data)], { type: item.mimeType }), item.fileName ?? 'upload')
    if (item.altText) form.append('description', item.altText)
    const { status, body } = await call<MastodonMediaAttachment>(session.service, '/api/v2/media', {
      method: 'POST',
      token: session.accessToken,
      body: form,
    })
    // 202 means the instance is still processing (video, large images): the status may only attach it once done.
    if (status === 202 || body.url === null) await waitForMedia(session, body.id)
    return body.id
  }

  async function waitForMedia(session: PlatformSession, id: string): Promise<void> {
    const deadline = now() + processingTimeoutMs
    let delay = 500
    for (;;) {
      const { status, body } = await call<MastodonMediaAttachment>(session.service, `/api/v1/media/${id}`, {
        token: session.accessToken,
      })
      // GET /api/v1/media/:id answers 206 while processing and 200 with a url once ready.
      if (status === 200 && body.url !== null) return
      if (now() >= deadline) {
        throw new PlatformError('mastodon', 'transient', 'The instance is still processing the media; try again.')
      }
      await sleep(delay)
      delay = Math.min(delay * 2, 5_000)
    }
  }

  async function postStatus(
    session: PlatformSession,
    fields: Record<string, unknown>,
    idempotencyKey: string,
  ): Promise<PublishResult> {
    const { body } = await call<MastodonStatus>(session.service, '/api/v1/statuses', {
      method: 'POST',
      token: session.accessToken,
      // Mastodon keeps an Idempotency-Key for an hour and answers a repeat with the status it already made.
      idempotencyKey,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(fields),
    })
    return { platformPostId: body.id, url: body.url ?? body.uri }
  }

  return {
    platform: 'mastodon',
    limits: mastodonLimits,
    connectKinds: ['oauth_code', 'access_token'],
    // Mastodon keeps an Idempotency-Key for an hour (docs: POST /api/v1/statuses).
    dedupeWindowMs: 60 * 60 * 1000,

    async registerApp(service, app) {
      const { body } = await call<{ client_id: string; client_secret: string }>(service, '/api/v1/apps', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          client_name: app.clientName,
          redirect_uris: app.redirectUri,
          scopes: app.scopes.join(' '),
          ...(app.website ? { website: app.website } : {}),
        }),
      })
      return {
        clientId: body.client_id,
        clientSecret: body.client_secret,
        redirectUri: app.redirectUri,
        scopes: app.scopes,
      }
    },

    authorizationRequest(service, client) {
      return createAuthorizationRequest(new URL('/oauth/authorize', service).toString(), client)
    },

    async fetchLimits(service) {
      const { body } = await call<MastodonInstance>(service, '/api/v2/instance')
      return mastodonLimitsFromInstance(body)
    },

    async connect(input: ConnectInput): Promise<PlatformSession> {
      if (input.kind === 'access_token') {
        return sessionFor(input.service, await me(input), input.accessToken)
      }
      if (input.kind === 'oauth_code') {
        const form = new URLSearchParams({
          grant_type: 'authorization_code',
          code: input.code,
          client_id: input.client.clientId,
          redirect_uri: input.client.redirectUri,
          code_verifier: input.codeVerifier,
          scope: input.client.scopes.join(' '),
        })
        if (input.client.clientSecret) form.set('client_secret', input.client.clientSecret)
        const { body } = await call<{ access_token: string }>(input.service, '/oauth/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        })
        const accessToken = body.access_token
        return sessionFor(input.service, await me({ service: input.service, accessToken }), accessToken)
      }
      throw new PlatformError('mastodon', 'permanent', `Mastodon cannot connect with ${input.kind}.`)
    },

    // Mastodon's tokens do not expire; refreshing checks the token still works and picks up profile changes.
    async refresh(session) {
      return { ...sessionFor(session.service, await me(session), session.accessToken) }
    },

    async publish(session, post: PlatformPost, { idempotencyKey }: PublishOptions) {
      // Uploads are not deduplicated, but an upload no status uses is harmless: the instance deletes it later.
      const mediaIds: string[] = []
      for (const item of post.media ?? []) mediaIds.push(await uploadMedia(session, item))
      const fields: Record<string, unknown> = { status: post.text, visibility: post.visibility ?? 'public' }
      if (mediaIds.length > 0) fields.media_ids = mediaIds
      if (post.contentWarning) {
        fields.spoiler_text = post.contentWarning
        fields.sensitive = true
      }
      if (post.languages?.[0]) fields.language = post.languages[0]
      if (post.replyTo) fields.in_reply_to_id = post.replyTo
      return postStatus(session, fields, idempotencyKey)
    },

    // Mastodon offers no way to find a status by the Idempotency-Key it was posted with, and re-posting with the
    // key would publish if the first attempt never landed (and the key expires after an hour).
    async lookup(): Promise<LookupResult> {
      return {
        status: 'unsupported',
        reason: 'Mastodon cannot look a status up by its idempotency key; check the profile before retrying.',
      }
    },

    async fetchComments(session, platformPostId): Promise<PlatformComment[]> {
      const { body } = await call<{ ancestors: MastodonStatus[]; descendants: MastodonStatus[] }>(
        session.service,
        `/api/v1/statuses/${encodeURIComponent(platformPostId)}/context`,
        { token: session.accessToken },
      )
      return body.descendants.map((status) => ({
        platformCommentId: status.id,
        platformPostId,
        inReplyToId: status.in_reply_to_id ?? platformPostId,
        author: {
          id: status.account.id,
          handle: status.account.acct,
          displayName: status.account.display_name || status.account.username,
          avatarUrl: status.account.avatar,
        },
        text: htmlToText(status.content),
        createdAt: status.created_at,
        url: status.url ?? status.uri,
      }))
    },

    fetchInbox(session, inboxOptions) {
      const get = async <T>(path: string) => {
        const { body, headers } = await call<T>(session.service, path, { token: session.accessToken })
        return { body, link: headers.get('link') }
      }
      return fetchMastodonInbox({ get, htmlToText, sleep }, session, inboxOptions)
    },

    async reply(session, target: ReplyTarget, text: string, { idempotencyKey }: PublishOptions) {
      // A Mastodon reply only notifies the people it mentions, so it starts with the author's handle.
      const mention = target.authorHandle ? `@${target.authorHandle.replace(/^@/, '')}` : ''
      const status = mention && !text.includes(mention) ? `${mention} ${text}` : text
      return postStatus(session, { status, in_reply_to_id: target.platformPostId }, idempotencyKey)
    },

    async fetchAnalytics(session, platformPostIds): Promise<AnalyticsSnapshot> {
      const account = await me(session)
      const snapshot: AnalyticsSnapshot = {
        takenAt: new Date(now()).toISOString(),
        followers: account.followers_count,
        posts: [],
        missing: [],
      }
      for (const id of platformPostIds) {
        try {
          const { body } = await call<MastodonStatus>(session.service, `/api/v1/statuses/${encodeURIComponent(id)}`, {
            token: session.accessToken,
          })
          snapshot.posts.push({
            platformPostId: id,
            likes: body.favourites_count,
            reposts: body.reblogs_count,
            replies: body.replies_count,
            quotes: body.quotes_count,
          })
        } catch (error) {
          if (error instanceof PlatformError && error.status === 404) snapshot.missing.push(id)
          else throw error
        }
      }
      return snapshot
    },
  }
}

/** Sorts a Mastodon error answer by what the caller should do, keeping the instance's own words. */
function errorFromAnswer(res: Response, body: unknown, text: string, nowMs: number): PlatformError {
  const said =
    body && typeof body === 'object' && 'error' in body && typeof body.error === 'string'
      ? body.error
      : text.slice(0, 200) || res.statusText
  const extra = { status: res.status, retryAfterMs: retryAfterFromHeaders(res.headers, nowMs) }
  if (res.status === 429)
    return new PlatformError('mastodon', 'transient', `Rate limited by the instance: ${said}`, extra)
  if (res.status >= 500 || res.status === 408) {
    return new PlatformError('mastodon', 'transient', `The instance failed (${res.status}): ${said}`, extra)
  }
  if (res.status === 401 || res.status === 403) {
    return new PlatformError('mastodon', 'auth', `Mastodon refused the account's access: ${said}`, extra)
  }
  return new PlatformError('mastodon', 'permanent', said, { status: res.status })
}
