// The built-in Sandbox platform: no account, no network, so the whole product can be tried offline. Posts go to a
// small SandboxBackend: a local-only org's own SQLite file on the desktop, or the sync server (sandbox-http.ts),
// which hosts the public feed page. Comments from made-up people and daily metrics are generated from the post id with a
// seeded generator, so Engage and Analyze have believable data that is the same on every device and every run.

import {
  type AnalyticsSnapshot,
  type ConnectInput,
  type LookupResult,
  type PlatformAdapter,
  type PlatformComment,
  type PlatformLimits,
  type PlatformPost,
  type PlatformSession,
  type PublishOptions,
  type PublishResult,
  type ReplyTarget,
  PlatformError,
  validatePost,
} from './adapter'
import { fetchSandboxInbox } from './sandbox-inbox'
import { sandboxComments, seededRandom } from './sandbox-seeded'

export const sandboxLimits: PlatformLimits = {
  maxTextLength: 500,
  textCounting: 'graphemes',
  maxMedia: 4,
  maxImages: 4,
  maxVideos: 1,
  mixMedia: false,
  media: [
    { kind: 'image', mimeTypes: ['image/jpeg', 'image/png', 'image/webp'], maxBytes: 5_000_000 },
    { kind: 'gif', mimeTypes: ['image/gif'], maxBytes: 5_000_000 },
    { kind: 'video', mimeTypes: ['video/mp4', 'video/webm'], maxBytes: 100_000_000 },
  ],
  altTextRequired: false,
  maxAltTextLength: 1500,
  contentWarning: true,
  visibilities: ['public'],
  // Both go out as replies of the account to its own post.
  threads: true,
  firstComment: true,
}

export interface SandboxPost {
  id: string
  accountId: string
  idempotencyKey: string
  text: string
  contentWarning?: string
  /** `file`: the media file's `<sha256>.<ext>` name, so a feed can show the picture. */
  media: { mimeType: string; altText?: string; byteLength: number; file?: string }[]
  /** The sandbox post or comment this answers (threads, replies to comments). */
  replyTo?: string
  publishedAt: string
}

/**
 * Where sandbox posts live. Small on purpose: a local table on the desktop, the sync server's database when it
 * hosts the public feed. `publish` is idempotent by (accountId, idempotencyKey): a second call with the same key
 * returns the first post.
 */
export interface SandboxBackend {
  publish(post: Omit<SandboxPost, 'id'>): Promise<SandboxPost>
  findByIdempotencyKey(accountId: string, idempotencyKey: string): Promise<SandboxPost | undefined>
  get(id: string): Promise<SandboxPost | undefined>
  /** Newest first: the public feed. */
  list(accountId: string, options?: { limit?: number }): Promise<SandboxPost[]>
  /** The account's own posts that answer `id` (its replies to comments and thread continuations). */
  replies(id: string): Promise<SandboxPost[]>
}

/** A SandboxBackend in memory: for tests and the publishing bench. */
export function createMemorySandboxBackend(newId: () => string = () => crypto.randomUUID()): SandboxBackend {
  const posts: SandboxPost[] = []
  return {
    async publish(input) {
      const existing = posts.find((p) => p.accountId === input.accountId && p.idempotencyKey === input.idempotencyKey)
      if (existing) return existing
      const post = { ...input, id: newId() }
      posts.push(post)
      return post
    },
    async findByIdempotencyKey(accountId, idempotencyKey) {
      return posts.find((p) => p.accountId === accountId && p.idempotencyKey === idempotencyKey)
    },
    async get(id) {
      return posts.find((p) => p.id === id)
    },
    async list(accountId, options = {}) {
      const mine = posts.filter((p) => p.accountId === accountId).reverse()
      return mine.slice(0, options.limit ?? mine.length)
    },
    async replies(id) {
      return posts.filter((p) => p.replyTo === id)
    },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Seeded data

export { people, sandboxComments, seededRandom } from './sandbox-seeded'

const dayMs = 86_400_000

export interface DailyMetrics {
  /** The UTC day, YYYY-MM-DD. */
  day: string
  impressions: number
  likes: number
  reposts: number
  replies: number
}

/**
 * What a sandbox post gained each UTC day from publishing up to `nowMs` (at most 30 days): a launch peak that
 * decays, scaled by a per-post reach, so some posts do better than others. The last day counts only the part of
 * it that has passed, so the numbers grow through the day and never go back.
 */
export function sandboxDailyMetrics(post: Pick<SandboxPost, 'id' | 'publishedAt'>, nowMs: number): DailyMetrics[] {
  const random = seededRandom(`metrics:${post.id}`)
  const reach = 50 + Math.floor(random() * 950)
  const likeRate = 0.02 + random() * 0.08
  const repostRate = 0.005 + random() * 0.02
  const published = Date.parse(post.publishedAt)
  const comments = sandboxComments(post, nowMs)
  const days: DailyMetrics[] = []
  for (let start = published - (published % dayMs), n = 0; start <= nowMs && n < 30; start += dayMs, n++) {
    const from = Math.max(start, published)
    const to = Math.min(start + dayMs, nowMs)
    const share = Math.max(0, to - from) / dayMs
    const noise = 0.8 + random() * 0.4
    const impressions = Math.round(reach * Math.pow(0.5, n) * noise * share)
    days.push({
      day: new Date(start).toISOString().slice(0, 10),
      impressions,
      likes: Math.round(impressions * likeRate),
      reposts: Math.round(impressions * repostRate),
      replies: comments.filter((c) => {
        const at = Date.parse(c.createdAt)
        return at >= start && at < start + dayMs
      }).length,
    })
  }
  return days
}

// ---------------------------------------------------------------------------------------------------------------
// The adapter

export interface SandboxAdapterOptions {
  backend: SandboxBackend
  now?: () => number
  /** Base of the public feed page; a post's URL is `${feedUrl}/posts/${id}`. */
  feedUrl?: string
}

export function createSandboxAdapter(options: SandboxAdapterOptions): PlatformAdapter {
  const now = options.now ?? Date.now
  const feedUrl = options.feedUrl ?? 'sandbox://feed'
  const { backend } = options
  const resultFor = (post: SandboxPost): PublishResult => ({
    platformPostId: post.id,
    url: `${feedUrl}/posts/${encodeURIComponent(post.id)}`,
  })

  async function publish(session: PlatformSession, post: PlatformPost, { idempotencyKey }: PublishOptions) {
    // The sandbox refuses what a real platform would, so trying the product teaches its limits.
    const problems = validatePost(sandboxLimits, post)
    if (problems.length > 0) {
      throw new PlatformError('sandbox', 'permanent', problems.map((p) => p.message).join(' '))
    }
    const saved = await backend.publish({
      accountId: session.accountId,
      idempotencyKey,
      text: post.text,
      contentWarning: post.contentWarning,
      media: (post.media ?? []).map((m) => ({
        mimeType: m.mimeType,
        altText: m.altText,
        byteLength: m.data.byteLength,
        ...(m.file ? { file: m.file } : {}),
      })),
      replyTo: post.replyTo,
      publishedAt: new Date(now()).toISOString(),
    })
    return resultFor(saved)
  }

  async function postOrFail(id: string): Promise<SandboxPost> {
    const post = await backend.get(id)
    if (!post) throw new PlatformError('sandbox', 'permanent', 'This sandbox post no longer exists.', { status: 404 })
    return post
  }

  return {
    platform: 'sandbox',
    limits: sandboxLimits,
    connectKinds: ['none'],
    // The backend keeps every idempotency key it has published under.
    dedupeWindowMs: Number.POSITIVE_INFINITY,

    async connect(_input: ConnectInput) {
      return {
        platform: 'sandbox',
        service: '',
        accountId: 'sandbox',
        handle: 'you.sandbox',
        displayName: 'Sandbox',
        accessToken: '',
      }
    },

    async refresh(session) {
      return session
    },

    publish,

    async lookup(session, idempotencyKey): Promise<LookupResult> {
      const found = await backend.findByIdempotencyKey(session.accountId, idempotencyKey)
      return found ? { status: 'found', ...resultFor(found) } : { status: 'not_found' }
    },

    async fetchComments(session, platformPostId) {
      const post = await postOrFail(platformPostId)
      const generated = sandboxComments(post, now())
      // The account's own answers, so a reply sent from Engage shows up in the conversation.
      const own = await backend.replies(post.id)
      const ownAnswers = await Promise.all(generated.map((c) => backend.replies(c.platformCommentId)))
      const mine = [...own, ...ownAnswers.flat()].map((reply): PlatformComment => ({
        platformCommentId: reply.id,
        platformPostId: post.id,
        inReplyToId: reply.replyTo ?? post.id,
        author: { id: session.accountId, handle: session.handle, displayName: session.displayName },
        text: reply.text,
        createdAt: reply.publishedAt,
      }))
      return [...generated, ...mine].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    },

    fetchInbox(session, inboxOptions) {
      return fetchSandboxInbox({ backend, now, feedUrl }, session, inboxOptions)
    },

    async reply(session, target: ReplyTarget, text, options) {
      return publish(session, { text, replyTo: target.platformPostId }, options)
    },

    async fetchAnalytics(session, platformPostIds): Promise<AnalyticsSnapshot> {
      const at = now()
      const snapshot: AnalyticsSnapshot = { takenAt: new Date(at).toISOString(), posts: [], missing: [] }
      const all = await backend.list(session.accountId)
      snapshot.followers = 120 + all.length * 3 + Math.floor(seededRandom(`followers:${session.accountId}`)() * 80)
      for (const id of platformPostIds) {
        const post = await backend.get(id)
        if (!post) {
          snapshot.missing.push(id)
          continue
        }
        const days = sandboxDailyMetrics(post, at)
        const sum = (field: 'impressions' | 'likes' | 'reposts' | 'replies') => days.reduce((n, d) => n + d[field], 0)
        snapshot.posts.push({
          platformPostId: id,
          impressions: sum('impressions'),
          likes: sum('likes'),
          reposts: sum('reposts'),
          replies: sum('replies') + (await backend.replies(id)).length,
        })
      }
      return snapshot
    },
  }
}
