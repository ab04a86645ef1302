// The one interface every social platform implements, the errors it throws and the limits it declares.
// Adapters are fetch-based and hold no state of their own: the caller keeps the session (tokens encrypted at rest)
// and passes it to each call, so the same adapter runs in the desktop's main process and in the sync server.

export type PlatformId = 'sandbox' | 'bluesky' | 'mastodon'

/** The fetch an adapter uses; injected so tests and hosts choose the transport. */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>

// ---------------------------------------------------------------------------------------------------------------
// Connecting

/** What the user gives to connect a channel. */
export type ConnectInput =
  | { kind: 'none' }
  /** Bluesky: a handle (or email) and an app password, never the account password. */
  | { kind: 'app_password'; service: string; identifier: string; password: string }
  /** A token the user created on the platform (Mastodon: Preferences → Development). */
  | { kind: 'access_token'; service: string; accessToken: string }
  /** The second half of OAuth 2 with PKCE: the code the callback received, exchanged for tokens. */
  | { kind: 'oauth_code'; service: string; client: OAuthClient; code: string; codeVerifier: string }

/** A registered OAuth client of one server (Mastodon registers one per instance through POST /api/v1/apps). */
export interface OAuthClient {
  clientId: string
  /** Absent for public clients, which rely on PKCE alone. */
  clientSecret?: string
  redirectUri: string
  scopes: string[]
}

/**
 * The first half of OAuth 2 with PKCE (RFC 7636), described here so every OAuth platform fills the same shape:
 * the host opens `authorizationUrl`, keeps `codeVerifier` and `state` until the callback (the sync server hosts
 * it), checks `state`, then calls `connect({ kind: 'oauth_code', ... })`.
 */
export interface OAuthAuthorizationRequest {
  authorizationUrl: string
  state: string
  codeVerifier: string
  codeChallengeMethod: 'S256'
}

export interface OAuthEndpoints {
  authorizeUrl: string
  tokenUrl: string
  revokeUrl?: string
}

/** What a connected channel keeps. Tokens are secrets: the host stores them encrypted (`*_enc` columns). */
export interface PlatformSession {
  platform: PlatformId
  /** Base URL of the server the account lives on (a Mastodon instance, a Bluesky PDS); '' for the sandbox. */
  service: string
  /** The platform's stable id for the account (a DID, a Mastodon account id). */
  accountId: string
  handle: string
  displayName?: string
  avatarUrl?: string
  accessToken: string
  refreshToken?: string
  /** ISO time the access token stops working, where the platform says. */
  accessExpiresAt?: string
}

// ---------------------------------------------------------------------------------------------------------------
// Posts

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct'

export interface PostMedia {
  mimeType: string
  data: Uint8Array
  fileName?: string
  altText?: string
  /** This app's name for the file (`<sha256>.<ext>`), for a platform that can link to it (the Sandbox). */
  file?: string
}

export interface PlatformPost {
  text: string
  media?: PostMedia[]
  /** Mastodon's content warning (spoiler_text); ignored where unsupported. */
  contentWarning?: string
  visibility?: Visibility
  /** BCP-47 language tags. */
  languages?: string[]
  /** Publish as a reply to this post of the same account or another one: how threads are built. */
  replyTo?: string
}

export interface PublishOptions {
  /** Made before the call and stored durably with the job; the same key never posts twice where the platform allows. */
  idempotencyKey: string
}

export interface PublishResult {
  platformPostId: string
  url: string
}

export type LookupResult =
  | { status: 'found'; platformPostId: string; url: string }
  | { status: 'not_found' }
  /** The platform cannot say; after a crash the post needs attention rather than a blind retry. */
  | { status: 'unsupported'; reason?: string }

export interface PlatformAuthor {
  id: string
  handle: string
  displayName?: string
  avatarUrl?: string
}

export interface PlatformComment {
  platformCommentId: string
  /** The published post the conversation belongs to. */
  platformPostId: string
  /** The post or comment this one answers. */
  inReplyToId: string
  author: PlatformAuthor
  text: string
  createdAt: string
  url?: string
}

/** Why a comment is in the inbox: it answers one of the account's posts, names the account, or quotes a post of it. */
export type InboxCommentKind = 'reply' | 'mention' | 'quote'

/** A post around an inbox comment (the one it answers, its root), as the platform showed it. */
export interface ThreadContextPost {
  platformPostId: string
  author: PlatformAuthor
  text: string
  createdAt?: string
  url?: string
}

/**
 * A comment fetched for the inbox. `platformPostId` is the conversation's root post (the quoted post for a quote),
 * `inReplyToId` the post or comment it answers ('' for a mention that answers nothing).
 */
export interface InboxComment extends PlatformComment {
  kind: InboxCommentKind
  /** The posts above it where the platform gives them, root first; empty where it does not. */
  context: ThreadContextPost[]
}

export interface InboxFetchOptions {
  /** Where the last fetch stopped (the adapter's own opaque cursor), or null the first time. */
  cursor: string | null
  /** ISO time: nothing older is wanted (the first fetch's 30-day backfill). */
  since: string
}

export interface InboxFetchResult {
  /** Oldest first. May hold comments fetched before (the caller deduplicates by platform id). */
  comments: InboxComment[]
  /** What the next fetch starts from; store it as is. */
  cursor: string | null
}

export interface ReplyTarget {
  /** The comment (or post) being answered. */
  platformPostId: string
  /** Its author, where the platform needs the reply to mention them (Mastodon). */
  authorHandle?: string
}

export interface PostMetrics {
  platformPostId: string
  likes: number
  reposts: number
  replies: number
  quotes?: number
  impressions?: number
}

export interface AnalyticsSnapshot {
  takenAt: string
  followers?: number
  posts: PostMetrics[]
  /** Posts the platform no longer has (deleted). */
  missing: string[]
}

// ---------------------------------------------------------------------------------------------------------------
// Limits

export type MediaKind = 'image' | 'video' | 'gif'

export interface MediaRule {
  kind: MediaKind
  mimeTypes: string[]
  maxBytes: number
}

export interface PlatformLimits {
  /** Longest text, in the platform's own unit. */
  maxTextLength: number
  /**
   * How the platform counts: 'graphemes' is what a reader sees as one character (Bluesky);
   * 'mastodon' counts graphemes too, but every URL as `urlLength` and a mention `@user@domain` as `@user`.
   */
  textCounting: 'graphemes' | 'mastodon'
  /** A second cap in UTF-8 bytes, where the platform has one (Bluesky: 3000), which emoji-heavy text can reach first. */
  maxTextBytes?: number
  urlLength?: number
  maxMedia: number
  maxImages: number
  maxVideos: number
  /** Whether images and a video may go in the same post. */
  mixMedia: boolean
  media: MediaRule[]
  altTextRequired: boolean
  maxAltTextLength: number
  contentWarning: boolean
  visibilities: Visibility[]
  /** Whether a long text may go out as a thread: the post, then each further part as a reply to the one before. */
  threads: boolean
  /** Whether a first comment may follow the post (and its thread) as the account's own reply. */
  firstComment: boolean
}

// ---------------------------------------------------------------------------------------------------------------
// The adapter

export interface PlatformAdapter {
  readonly platform: PlatformId
  readonly limits: PlatformLimits
  /** The ways a user can connect, in the order the UI offers them. */
  readonly connectKinds: ConnectInput['kind'][]
  /**
   * How long the platform itself turns a repeated publish with the same idempotency key into the first post
   * (Mastodon keeps Idempotency-Key for an hour; a Bluesky rkey is forever). Within it a retry after a crash is
   * safe even when `lookup` cannot tell; past it, it is not.
   */
  readonly dedupeWindowMs: number
  connect(input: ConnectInput): Promise<PlatformSession>
  /** A fresh session (new access token) or an 'auth' PlatformError when the user must reconnect. */
  refresh(session: PlatformSession): Promise<PlatformSession>
  publish(session: PlatformSession, post: PlatformPost, options: PublishOptions): Promise<PublishResult>
  lookup(session: PlatformSession, idempotencyKey: string): Promise<LookupResult>
  fetchComments(session: PlatformSession, platformPostId: string): Promise<PlatformComment[]>
  /**
   * The account's new comments, replies, mentions and quotes since `options.cursor` (or `options.since` the first
   * time), every page of them, for the inbox. A rate limit throws a 'transient' PlatformError with `retryAfterMs`.
   */
  fetchInbox(session: PlatformSession, options: InboxFetchOptions): Promise<InboxFetchResult>
  reply(session: PlatformSession, target: ReplyTarget, text: string, options: PublishOptions): Promise<PublishResult>
  fetchAnalytics(session: PlatformSession, platformPostIds: string[]): Promise<AnalyticsSnapshot>
}

/**
 * Publishes `posts` as a thread, each a reply to the one before (the first may itself answer `posts[0].replyTo`).
 * Each post has its own idempotency key, and a post the platform says it already has is not published again, so a
 * thread interrupted halfway resumes where it stopped instead of starting over.
 */
export async function publishThread(
  adapter: PlatformAdapter,
  session: PlatformSession,
  posts: PlatformPost[],
  idempotencyKeys: string[],
): Promise<PublishResult[]> {
  if (posts.length !== idempotencyKeys.length) throw new Error('publishThread needs one idempotency key per post')
  const results: PublishResult[] = []
  let parent = posts[0]?.replyTo
  for (const [i, post] of posts.entries()) {
    const idempotencyKey = idempotencyKeys[i]!
    const known = await adapter.lookup(session, idempotencyKey)
    const result =
      known.status === 'found'
        ? { platformPostId: known.platformPostId, url: known.url }
        : await adapter.publish(session, { ...post, replyTo: parent }, { idempotencyKey })
    results.push(result)
    parent = result.platformPostId
  }
  return results
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

export type PlatformErrorKind = 'transient' | 'permanent' | 'auth'

/**
 * What a platform call can fail with, sorted by what the scheduler does next: 'transient' retries with backoff
 * (not before `retryAfterMs`), 'permanent' fails the post at once with `message` in the platform's words,
 * 'auth' refreshes the session once and otherwise asks the user to reconnect.
 */
export class PlatformError extends Error {
  readonly kind: PlatformErrorKind
  readonly platform: PlatformId
  readonly status?: number
  /** The platform's machine-readable code where it has one (e.g. Bluesky's 'ExpiredToken'). */
  readonly code?: string
  readonly retryAfterMs?: number

  constructor(
    platform: PlatformId,
    kind: PlatformErrorKind,
    message: string,
    extra: { status?: number; code?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause })
    this.name = 'PlatformError'
    this.platform = platform
    this.kind = kind
    this.status = extra.status
    this.code = extra.code
    this.retryAfterMs = extra.retryAfterMs
  }
}

/**
 * How long to wait before retrying, from Retry-After (seconds or an HTTP date) or a rate-limit reset header
 * (Mastodon's X-RateLimit-Reset is an ISO time; Bluesky's RateLimit-Reset is Unix seconds).
 */
export function retryAfterFromHeaders(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after')
  if (retryAfter) {
    const seconds = Number(retryAfter)
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
    const at = Date.parse(retryAfter)
    if (Number.isFinite(at)) return Math.max(0, at - nowMs)
  }
  const reset = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset')
  if (reset) {
    const numeric = Number(reset)
    // A small number is a delay in seconds (the IETF draft); a large one is a Unix time in seconds.
    if (Number.isFinite(numeric)) return Math.max(0, numeric > 1e9 ? numeric * 1000 - nowMs : numeric * 1000)
    const at = Date.parse(reset)
    if (Number.isFinite(at)) return Math.max(0, at - nowMs)
  }
  return undefined
}

/** Each platform as people name it, for sentences about it. */
export const PLATFORM_DISPLAY_NAMES: Record<PlatformId, string> = {
  sandbox: 'the Sandbox',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
}

/**
 * A fetch that failed before an answer (DNS, refused connection, reset): worth retrying. The words are about
 * what a person can do; fetch's own ("fetch failed", ECONNREFUSED) stay in `cause` for the log. `service` is
 * the server that was called, named when it is not the platform's usual one.
 */
export function networkError(platform: PlatformId, error: unknown, service?: string): PlatformError {
  const host = service ? hostOf(service) : null
  const where = host && !DEFAULT_HOSTS.includes(host) ? ` at ${host}` : ''
  const message = `Could not reach ${PLATFORM_DISPLAY_NAMES[platform]}${where}. Check your internet connection${where ? ' and the server address' : ''} and try again.`
  return new PlatformError(platform, 'transient', message.charAt(0).toUpperCase() + message.slice(1), {
    cause: error,
    code: 'network',
  })
}

const DEFAULT_HOSTS = ['bsky.social']

function hostOf(service: string): string | null {
  try {
    return new URL(service).host
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring and validating

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

export function countGraphemes(text: string): number {
  let count = 0
  for (const _ of segmenter.segment(text)) count++
  return count
}

// Mastodon's own URL and mention patterns are richer; these cover what a composer needs to count the same way.
const urlPattern = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/giu
const remoteMentionPattern = /(^|[^\w@])(@\w+)@[\w.-]+\w/gu

/** The length of `text` as the platform counts it. */
export function measureText(limits: PlatformLimits, text: string): number {
  if (limits.textCounting === 'graphemes') return countGraphemes(text)
  const urlLength = limits.urlLength ?? 23
  const countable = text.replace(urlPattern, 'x'.repeat(urlLength)).replace(remoteMentionPattern, '$1$2')
  return countGraphemes(countable)
}

export function mediaKindOf(limits: PlatformLimits, mimeType: string): MediaRule | undefined {
  return limits.media.find((rule) => rule.mimeTypes.includes(mimeType.toLowerCase()))
}

export interface PostProblem {
  code: 'too_long' | 'too_many_media' | 'unsupported_type' | 'too_big' | 'missing_alt_text' | 'alt_too_long' | 'empty'
  /** Which attachment, counted from 0, where the problem is about one. */
  mediaIndex?: number
  message: string
}

function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${Number((bytes / 1_000_000).toFixed(1))} MB`
  if (bytes >= 1_000) return `${Number((bytes / 1_000).toFixed(1))} KB`
  return `${bytes} bytes`
}

const kindNames: Record<MediaKind, string> = { image: 'images', gif: 'GIFs', video: 'videos' }

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Every reason the platform would refuse `post`, each as a sentence the composer can show. */
export function validatePost(limits: PlatformLimits, post: Pick<PlatformPost, 'text' | 'media'>): PostProblem[] {
  const problems: PostProblem[] = []
  const media = post.media ?? []
  if (post.text.trim() === '' && media.length === 0) {
    problems.push({ code: 'empty', message: 'Write something or attach media.' })
  }
  const length = measureText(limits, post.text)
  if (length > limits.maxTextLength) {
    const over = length - limits.maxTextLength
    problems.push({
      code: 'too_long',
      message: `Too long by ${plural(over, 'character')} (${length} of ${limits.maxTextLength}).`,
    })
  }
  const bytes = new TextEncoder().encode(post.text).length
  if (limits.maxTextBytes !== undefined && bytes > limits.maxTextBytes && length <= limits.maxTextLength) {
    problems.push({
      code: 'too_long',
      message: `Too long by ${plural(bytes - limits.maxTextBytes, 'byte')}: emoji and some scripts take several bytes each, and the limit is ${limits.maxTextBytes} bytes.`,
    })
  }
  const rules = media.map((item) => mediaKindOf(limits, item.mimeType))
  const images = rules.filter((rule) => rule?.kind === 'image' || rule?.kind === 'gif').length
  const videos = rules.filter((rule) => rule?.kind === 'video').length
  if (media.length > limits.maxMedia) {
    problems.push({
      code: 'too_many_media',
      message: `Too many attachments: ${media.length}, at most ${limits.maxMedia}.`,
    })
  } else if (images > limits.maxImages) {
    problems.push({ code: 'too_many_media', message: `Too many images: ${images}, at most ${limits.maxImages}.` })
  } else if (videos > limits.maxVideos) {
    problems.push({
      code: 'too_many_media',
      message: `Too many videos: ${videos}, at most ${plural(limits.maxVideos, 'video')} per post.`,
    })
  } else if (!limits.mixMedia && images > 0 && videos > 0) {
    problems.push({ code: 'too_many_media', message: 'Images and a video cannot go in the same post here.' })
  }
  media.forEach((item, index) => {
    const name = item.fileName ?? `Attachment ${index + 1}`
    const rule = rules[index]
    if (!rule) {
      const accepted = [...new Set(limits.media.flatMap((r) => r.mimeTypes))].join(', ')
      problems.push({
        code: 'unsupported_type',
        mediaIndex: index,
        message: `${name} is ${item.mimeType}, which this platform does not accept (it takes ${accepted}).`,
      })
      return
    }
    if (item.data.byteLength > rule.maxBytes) {
      problems.push({
        code: 'too_big',
        mediaIndex: index,
        message: `${name} is ${formatBytes(item.data.byteLength)}; the limit for ${kindNames[rule.kind]} is ${formatBytes(rule.maxBytes)}.`,
      })
    }
    const alt = item.altText?.trim() ?? ''
    if (limits.altTextRequired && alt === '' && rule.kind !== 'video') {
      problems.push({
        code: 'missing_alt_text',
        mediaIndex: index,
        message: `${name} needs alt text describing it for people who cannot see it.`,
      })
    }
    if (countGraphemes(alt) > limits.maxAltTextLength) {
      problems.push({
        code: 'alt_too_long',
        mediaIndex: index,
        message: `The alt text of ${name} is too long by ${plural(countGraphemes(alt) - limits.maxAltTextLength, 'character')}.`,
      })
    }
  })
  return problems
}
