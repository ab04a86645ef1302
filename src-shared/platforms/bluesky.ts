// Bluesky through the AT Protocol's XRPC endpoints, with fetch alone: sign-in with an app password, posts with
// link, mention and tag facets, images with alt text, threads, and at-most-once publishing through a record key
// derived from the idempotency key. Reads of other people's posts (comments, counts) go through the PDS, which
// proxies app.bsky.* queries to the AppView.

import {
  type AnalyticsSnapshot,
  type ConnectInput,
  type Fetch,
  type LookupResult,
  type PlatformAdapter,
  type PlatformComment,
  type PlatformLimits,
  type PlatformPost,
  type PlatformSession,
  type PublishOptions,
  type PublishResult,
  networkError,
  PlatformError,
  retryAfterFromHeaders,
} from './adapter'
import { fetchBlueskyInbox } from './bluesky-inbox'

export const blueskyLimits: PlatformLimits = {
  maxTextLength: 300,
  textCounting: 'graphemes',
  // app.bsky.feed.post: text has maxGraphemes 300 and maxLength 3000 (bytes).
  maxTextBytes: 3000,
  maxMedia: 4,
  maxImages: 4,
  // Video goes through a separate video service (app.bsky.video.uploadVideo); not supported here yet.
  maxVideos: 0,
  mixMedia: false,
  // app.bsky.embed.images: a blob of image/* up to 1,000,000 bytes.
  media: [
    { kind: 'image', mimeTypes: ['image/jpeg', 'image/png', 'image/webp'], maxBytes: 1_000_000 },
    { kind: 'gif', mimeTypes: ['image/gif'], maxBytes: 1_000_000 },
  ],
  altTextRequired: false,
  maxAltTextLength: 2000,
  contentWarning: false,
  visibilities: ['public'],
  // Both go out as replies of the account to its own post.
  threads: true,
  firstComment: true,
}

const POST = 'app.bsky.feed.post'

// ---------------------------------------------------------------------------------------------------------------
// Record keys from idempotency keys

const base32Sortable = '234567abcdefghijklmnopqrstuvwxyz'
const tidPattern = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/

export function isValidTid(rkey: string): boolean {
  return tidPattern.test(rkey)
}

/** FNV-1a, 64 bits, over the UTF-8 bytes: small, synchronous and the same everywhere. */
function fnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte)
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return hash
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** The millisecond timestamp inside a UUIDv7 or a ULID, the kinds of id this app makes; else undefined. */
function embeddedMillis(key: string): number | undefined {
  const uuid = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.exec(key)
  if (uuid) return parseInt(uuid[1]! + uuid[2]!, 16)
  if (/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i.test(key)) {
    let ms = 0
    for (const char of key.slice(0, 10).toUpperCase()) ms = ms * 32 + crockford.indexOf(char)
    return ms
  }
  return undefined
}

/**
 * The record key a post gets from its idempotency key: the same key always gives the same rkey.
 *
 * Why: Bluesky has no idempotency header, but a record's key is chosen by the client and unique in a repo. With a
 * deterministic rkey, a retried com.atproto.repo.createRecord cannot post twice (the PDS refuses to create a record
 * that exists; today it answers 500, see bluesky-social/atproto#3718), and after a crash
 * com.atproto.repo.getRecord on that rkey tells whether the first attempt landed.
 *
 * The key is a valid TID (the key type app.bsky.feed.post declares): 64 bits, top bit 0, then 53 bits of
 * microseconds since 1970 and 10 bits of clock id, in base32-sortable. The microseconds come from the time inside
 * a UUIDv7 or ULID key (so posts still sort by when they were planned) plus hash bits; other keys map, by hash,
 * into 2023–2033. Two keys made in the same millisecond collide with odds of about one in a million, and a
 * collision is caught, because `publish` only adopts an existing record whose text is the post's.
 */
export function rkeyFromIdempotencyKey(idempotencyKey: string): string {
  const hash = fnv1a64(idempotencyKey)
  const ms = embeddedMillis(idempotencyKey)
  const micros =
    ms !== undefined
      ? BigInt(ms) * 1000n + (hash % 1000n)
      : 1_672_531_200_000_000n + (hash % (10n * 365n * 86_400_000_000n))
  const clockId = (hash >> 20n) & 0x3ffn
  const value = ((micros & ((1n << 53n) - 1n)) << 10n) | clockId
  let out = ''
  for (let i = 12; i >= 0; i--) out += base32Sortable[Number((value >> BigInt(i * 5)) & 31n)]
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Facets

export type Facet = {
  index: { byteStart: number; byteEnd: number }
  features: (
    | { $type: 'app.bsky.richtext.facet#link'; uri: string }
    | { $type: 'app.bsky.richtext.facet#mention'; did: string }
    | { $type: 'app.bsky.richtext.facet#tag'; tag: string }
  )[]
}

export interface DetectedSpan {
  kind: 'link' | 'mention' | 'tag'
  /** The URL, the handle (without @) or the tag (without #). */
  value: string
  byteStart: number
  byteEnd: number
}

const encoder = new TextEncoder()
const utf8Length = (text: string) => encoder.encode(text).length

/**
 * Links, mentions and tags in `text`, with their offsets in UTF-8 bytes, the unit facets use (a JavaScript index
 * counts UTF-16 units, which differ as soon as the text has an accent or an emoji).
 */
export function detectSpans(text: string): DetectedSpan[] {
  const spans: DetectedSpan[] = []
  const add = (kind: DetectedSpan['kind'], value: string, start: number, length: number) => {
    const byteStart = utf8Length(text.slice(0, start))
    spans.push({ kind, value, byteStart, byteEnd: byteStart + utf8Length(text.slice(start, start + length)) })
  }
  for (const match of text.matchAll(/(^|[\s(])(https?:\/\/[^\s]+)/giu)) {
    let url = match[2]!
    // Trailing punctuation belongs to the sentence, and so does a closing parenthesis the URL did not open.
    url = url.replace(/[.,;:!?"']+$/u, '')
    const count = (char: string) => url.split(char).length - 1
    while (url.endsWith(')') && count(')') > count('(')) url = url.slice(0, -1).replace(/[.,;:!?"']+$/u, '')
    add('link', url, match.index + match[1]!.length, url.length)
  }
  for (const match of text.matchAll(/(^|[\s(])@([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9-]+)+)/gu)) {
    const handle = match[2]!.replace(/\.+$/u, '')
    add('mention', handle, match.index + match[1]!.length, handle.length + 1)
  }
  for (const match of text.matchAll(/(^|\s)#([^\s#.,;:!?()"']*[^\d\s#.,;:!?()"'][^\s#.,;:!?()"']*)/gu)) {
    add('tag', match[2]!, match.index + match[1]!.length, match[2]!.length + 1)
  }
  return spans.sort((a, b) => a.byteStart - b.byteStart)
}

// ---------------------------------------------------------------------------------------------------------------
// The adapter

interface SessionAnswer {
  did: string
  handle: string
  accessJwt: string
  refreshJwt: string
}

interface BlobRef {
  $type: 'blob'
  ref: { $link: string }
  mimeType: string
  size: number
}

interface StrongRef {
  uri: string
  cid: string
}

interface PostView {
  uri: string
  cid: string
  author: { did: string; handle: string; displayName?: string; avatar?: string }
  record: { text?: string; createdAt?: string; reply?: { parent: StrongRef; root: StrongRef } }
  likeCount?: number
  repostCount?: number
  replyCount?: number
  quoteCount?: number
}

interface ThreadNode {
  $type?: string
  post?: PostView
  replies?: ThreadNode[]
}

export interface BlueskyAdapterOptions {
  fetch: Fetch
  now?: () => number
  /** Where posts are shown to people; links in PublishResult point here. */
  webUrl?: string
}

/** Splits at://did/collection/rkey. */
export function parseAtUri(uri: string): { repo: string; collection: string; rkey: string } {
  const match = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri)
  if (!match) throw new PlatformError('bluesky', 'permanent', `Not a Bluesky post address: ${uri}`)
  return { repo: match[1]!, collection: match[2]!, rkey: match[3]! }
}

export function createBlueskyAdapter(options: BlueskyAdapterOptions): PlatformAdapter {
  const now = options.now ?? Date.now
  const webUrl = options.webUrl ?? 'https://bsky.app'

  async function xrpc<T>(
    service: string,
    method: string,
    init: {
      /** XRPC procedures are POSTs, queries GETs; a procedure without a body (refreshSession) says so here. */
      procedure?: boolean
      token?: string
      query?: Record<string, string | string[]>
      json?: unknown
      bytes?: PostBlob
    } = {},
  ): Promise<T> {
    const url = new URL(`/xrpc/${method}`, service)
    for (const [key, value] of Object.entries(init.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item)
    }
    const headers = new Headers({ Accept: 'application/json' })
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`)
    let body: RequestInit['body']
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json')
      body = JSON.stringify(init.json)
    } else if (init.bytes) {
      headers.set('Content-Type', init.bytes.mimeType)
      body = new Blob([new Uint8Array(init.bytes.data)], { type: init.bytes.mimeType })
    }
    const isProcedure = init.procedure || init.json !== undefined || init.bytes !== undefined
    let res: Response
    try {
      res = await options.fetch(url.toString(), { method: isProcedure ? 'POST' : 'GET', headers, body })
    } catch (error) {
      throw networkError('bluesky', error, service)
    }
    const text = await res.text()
    let parsed: unknown
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = undefined
    }
    if (!res.ok) throw errorFromAnswer(res, parsed, text, now())
    return parsed as T
  }

  function sessionFrom(service: string, answer: SessionAnswer): PlatformSession {
    return {
      platform: 'bluesky',
      service,
      accountId: answer.did,
      handle: answer.handle,
      accessToken: answer.accessJwt,
      refreshToken: answer.refreshJwt,
    }
  }

  async function resolveHandle(session: PlatformSession, handle: string): Promise<string | undefined> {
    try {
      const answer = await xrpc<{ did: string }>(session.service, 'com.atproto.identity.resolveHandle', {
        token: session.accessToken,
        query: { handle },
      })
      return answer.did
    } catch (error) {
      // A handle that does not resolve stays plain text, as the Bluesky app does; other failures are real.
      if (error instanceof PlatformError && error.kind === 'permanent') return undefined
      throw error
    }
  }

  async function facetsFor(session: PlatformSession, text: string): Promise<Facet[]> {
    const facets: Facet[] = []
    for (const span of detectSpans(text)) {
      const index = { byteStart: span.byteStart, byteEnd: span.byteEnd }
      if (span.kind === 'link')
        facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: span.value }] })
      if (span.kind === 'tag')
        facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: span.value }] })
      if (span.kind === 'mention') {
        const did = await resolveHandle(session, span.value)
        if (did) facets.push({ index, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] })
      }
    }
    return facets
  }

  async function getPostRecord(session: PlatformSession, repo: string, rkey: string) {
    try {
      return await xrpc<{ uri: string; cid: string; value: PostView['record'] }>(
        session.service,
        'com.atproto.repo.getRecord',
        { token: session.accessToken, query: { repo, collection: POST, rkey } },
      )
    } catch (error) {
      // PDS versions before the 'RecordNotFound' code answered a plain InvalidRequest with this message.
      const missing =
        error instanceof PlatformError &&
        (error.code === 'RecordNotFound' || (error.status === 400 && /^Could not locate record/.test(error.message)))
      if (missing) return undefined
      throw error
    }
  }

  function resultFor(session: PlatformSession, uri: string): PublishResult {
    const { rkey } = parseAtUri(uri)
    return { platformPostId: uri, url: `${webUrl}/profile/${session.handle}/post/${rkey}` }
  }

  async function replyRefs(session: PlatformSession, parentUri: string) {
    const { repo, rkey } = parseAtUri(parentUri)
    const parent = await getPostRecord(session, repo, rkey)
    if (!parent) throw new PlatformError('bluesky', 'permanent', 'The post this replies to no longer exists.')
    const parentRef = { uri: parent.uri, cid: parent.cid }
    return { root: parent.value.reply?.root ?? parentRef, parent: parentRef }
  }

  async function publish(session: PlatformSession, post: PlatformPost, { idempotencyKey }: PublishOptions) {
    const rkey = rkeyFromIdempotencyKey(idempotencyKey)
    const record: Record<string, unknown> = {
      $type: POST,
      text: post.text,
      createdAt: new Date(now()).toISOString(),
    }
    const facets = await facetsFor(session, post.text)
    if (facets.length > 0) record.facets = facets
    if (post.languages?.length) record.langs = post.languages
    if (post.replyTo) record.reply = await replyRefs(session, post.replyTo)
    if (post.media?.length) {
      const images = []
      for (const item of post.media) {
        const { blob } = await xrpc<{ blob: BlobRef }>(session.service, 'com.atproto.repo.uploadBlob', {
          token: session.accessToken,
          bytes: item,
        })
        images.push({ alt: item.altText ?? '', image: blob })
      }
      record.embed = { $type: 'app.bsky.embed.images', images }
    }
    try {
      const created = await xrpc<StrongRef>(session.service, 'com.atproto.repo.createRecord', {
        token: session.accessToken,
        json: { repo: session.accountId, collection: POST, rkey, record },
      })
      return resultFor(session, created.uri)
    } catch (error) {
      if (!(error instanceof PlatformError) || error.kind === 'auth') throw error
      // The create failed, or only its answer was lost: if a record already sits at this rkey with this text, an
      // earlier attempt landed and this one is that post, not a failure.
      const existing = await getPostRecord(session, session.accountId, rkey).catch(() => undefined)
      if (existing && existing.value.text === post.text) return resultFor(session, existing.uri)
      // Another text under this key: retrying cannot help (the PDS answers 500 to every create at a taken rkey).
      if (existing) {
        throw new PlatformError(
          'bluesky',
          'permanent',
          `Bluesky already has a different post under this post's record key (${existing.uri}); it was not posted again. Check the account's posts, then publish it as a new post.`,
          { status: error.status, code: error.code },
        )
      }
      throw error
    }
  }

  return {
    platform: 'bluesky',
    limits: blueskyLimits,
    connectKinds: ['app_password'],
    // A record key is unique in the repo for as long as the post exists.
    dedupeWindowMs: Number.POSITIVE_INFINITY,

    async connect(input: ConnectInput) {
      if (input.kind !== 'app_password') {
        throw new PlatformError('bluesky', 'permanent', 'Bluesky connects with a handle and an app password.')
      }
      let answer: SessionAnswer
      try {
        answer = await xrpc<SessionAnswer>(input.service, 'com.atproto.server.createSession', {
          json: { identifier: input.identifier, password: input.password },
        })
      } catch (error) {
        if (!(error instanceof PlatformError) || error.kind !== 'auth') throw error
        // The PDS says only "Invalid identifier or password"; say which two things to check.
        throw new PlatformError(
          'bluesky',
          'auth',
          `Bluesky did not accept this handle and app password. Check the handle, or create a new app password in Bluesky's Settings → Privacy and security → App passwords. (${error.message})`,
          { status: error.status, code: error.code, cause: error },
        )
      }
      if (accessScope(answer.accessJwt) === 'com.atproto.access') {
        // Full access means the account password was given: keeping it would let this app change the account itself.
        throw new PlatformError(
          'bluesky',
          'auth',
          "That is the account's own password. Create an app password in Bluesky's Settings → Privacy and security → App passwords, and connect with it instead.",
        )
      }
      return sessionFrom(input.service, answer)
    },

    async refresh(session) {
      if (!session.refreshToken) throw new PlatformError('bluesky', 'auth', 'Sign in to Bluesky again.')
      const answer = await xrpc<SessionAnswer>(session.service, 'com.atproto.server.refreshSession', {
        procedure: true,
        token: session.refreshToken,
      })
      return sessionFrom(session.service, answer)
    },

    publish,

    async lookup(session, idempotencyKey): Promise<LookupResult> {
      const found = await getPostRecord(session, session.accountId, rkeyFromIdempotencyKey(idempotencyKey))
      if (!found) return { status: 'not_found' }
      return { status: 'found', ...resultFor(session, found.uri) }
    },

    async fetchComments(session, platformPostId): Promise<PlatformComment[]> {
      const { thread } = await xrpc<{ thread: ThreadNode }>(session.service, 'app.bsky.feed.getPostThread', {
        token: session.accessToken,
        query: { uri: platformPostId, depth: '10', parentHeight: '0' },
      })
      const comments: PlatformComment[] = []
      const walk = (node: ThreadNode) => {
        for (const child of node.replies ?? []) {
          // Blocked and deleted replies come back as stubs without a post.
          if (!child.post) continue
          const { post } = child
          comments.push({
            platformCommentId: post.uri,
            platformPostId,
            inReplyToId: post.record.reply?.parent.uri ?? platformPostId,
            author: {
              id: post.author.did,
              handle: post.author.handle,
              displayName: post.author.displayName,
              avatarUrl: post.author.avatar,
            },
            text: post.record.text ?? '',
            createdAt: post.record.createdAt ?? '',
            url: `${webUrl}/profile/${post.author.handle}/post/${parseAtUri(post.uri).rkey}`,
          })
          walk(child)
        }
      }
      walk(thread)
      return comments
    },

    fetchInbox(session, inboxOptions) {
      const query = <T>(method: string, query: Record<string, string | string[]>) =>
        xrpc<T>(session.service, method, { token: session.accessToken, query })
      return fetchBlueskyInbox({ query, webUrl }, session, inboxOptions)
    },

    async reply(session, target, text, options) {
      return publish(session, { text, replyTo: target.platformPostId }, options)
    },

    async fetchAnalytics(session, platformPostIds): Promise<AnalyticsSnapshot> {
      const profile = await xrpc<{ followersCount?: number }>(session.service, 'app.bsky.actor.getProfile', {
        token: session.accessToken,
        query: { actor: session.accountId },
      })
      const snapshot: AnalyticsSnapshot = {
        takenAt: new Date(now()).toISOString(),
        followers: profile.followersCount,
        posts: [],
        missing: [],
      }
      // app.bsky.feed.getPosts takes at most 25 URIs and leaves out posts that no longer exist.
      for (let i = 0; i < platformPostIds.length; i += 25) {
        const uris = platformPostIds.slice(i, i + 25)
        const { posts } = await xrpc<{ posts: PostView[] }>(session.service, 'app.bsky.feed.getPosts', {
          token: session.accessToken,
          query: { uris },
        })
        const byUri = new Map(posts.map((p) => [p.uri, p]))
        for (const uri of uris) {
          const view = byUri.get(uri)
          if (!view) {
            snapshot.missing.push(uri)
            continue
          }
          snapshot.posts.push({
            platformPostId: uri,
            likes: view.likeCount ?? 0,
            reposts: view.repostCount ?? 0,
            replies: view.replyCount ?? 0,
            quotes: view.quoteCount ?? 0,
          })
        }
      }
      return snapshot
    },
  }
}

type PostBlob = { mimeType: string; data: Uint8Array }

/**
 * The scope inside a PDS access token: 'com.atproto.appPass' for an app password, 'com.atproto.access' for the
 * account password. Undefined when the token is not a JWT this can read (other PDS implementations).
 */
function accessScope(jwt: string): string | undefined {
  try {
    const payload = jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')
    const scope = (JSON.parse(atob(payload)) as { scope?: unknown }).scope
    return typeof scope === 'string' ? scope : undefined
  } catch {
    return undefined
  }
}

const authErrors = new Set(['ExpiredToken', 'InvalidToken', 'AuthenticationRequired', 'AuthMissing', 'AccountTakedown'])

/** Sorts an XRPC error (`{error, message}`) by what the caller should do, keeping the server's words. */
function errorFromAnswer(res: Response, body: unknown, text: string, nowMs: number): PlatformError {
  const fields = (body && typeof body === 'object' ? body : {}) as { error?: unknown; message?: unknown }
  const code = typeof fields.error === 'string' ? fields.error : undefined
  const said = typeof fields.message === 'string' ? fields.message : (code ?? (text.slice(0, 200) || res.statusText))
  const extra = { status: res.status, code, retryAfterMs: retryAfterFromHeaders(res.headers, nowMs) }
  if (res.status === 429) return new PlatformError('bluesky', 'transient', `Rate limited by Bluesky: ${said}`, extra)
  if (res.status >= 500 || res.status === 408) {
    return new PlatformError('bluesky', 'transient', `Bluesky failed (${res.status}): ${said}`, extra)
  }
  if (res.status === 401 || res.status === 403 || (code && authErrors.has(code))) {
    return new PlatformError('bluesky', 'auth', `Bluesky refused the account's access: ${said}`, extra)
  }
  return new PlatformError('bluesky', 'permanent', said, { status: res.status, code })
}
