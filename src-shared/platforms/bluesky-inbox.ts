// Bluesky's inbox: app.bsky.notification.listNotifications filtered to replies, mentions and quotes, newest first,
// read page by page back to where the last fetch stopped (the newest notification's indexedAt, see parseCursor), then
// each comment's thread context (the post it answers and the conversation's root, or the quoted post) in batches
// through app.bsky.feed.getPosts. The AppView serves both; the PDS proxies them with the account's token.

import type {
  InboxComment,
  InboxCommentKind,
  InboxFetchOptions,
  InboxFetchResult,
  PlatformAuthor,
  PlatformSession,
  ThreadContextPost,
} from './adapter'
import { MAX_INBOX_PAGES, readPage, realSleep, type Sleep } from './inbox-paging'

/** One XRPC query with the session's token (bluesky.ts's xrpc). */
export type BlueskyQuery = <T>(method: string, query: Record<string, string | string[]>) => Promise<T>

export interface BlueskyInboxDeps {
  query: BlueskyQuery
  webUrl: string
  sleep?: Sleep
}

interface Ref {
  uri: string
  cid: string
}

interface ProfileView {
  did: string
  handle: string
  displayName?: string
  avatar?: string
}

interface PostRecord {
  text?: string
  createdAt?: string
  reply?: { root: Ref; parent: Ref }
  embed?: { $type?: string; record?: Ref | { record?: Ref } }
}

interface Notification {
  uri: string
  cid: string
  author: ProfileView
  reason: string
  reasonSubject?: string
  record: PostRecord
  indexedAt: string
}

interface PostView {
  uri: string
  author: ProfileView
  record: PostRecord
  indexedAt?: string
}

const REASONS: InboxCommentKind[] = ['reply', 'mention', 'quote']
/** app.bsky.feed.getPosts takes at most 25 URIs. */
const POSTS_PER_CALL = 25

const authorOf = (profile: ProfileView): PlatformAuthor => ({
  id: profile.did,
  handle: profile.handle,
  displayName: profile.displayName,
  avatarUrl: profile.avatar,
})

const rkeyOf = (uri: string) => uri.split('/').pop() ?? ''

/** The post a quote embeds: app.bsky.embed.record, or app.bsky.embed.recordWithMedia's inner record. */
function quotedUri(record: PostRecord): string | undefined {
  const embedded = record.embed?.record
  if (!embedded) return undefined
  if ('uri' in embedded) return embedded.uri
  return embedded.record?.uri
}

export async function fetchBlueskyInbox(
  deps: BlueskyInboxDeps,
  session: PlatformSession,
  options: InboxFetchOptions,
): Promise<InboxFetchResult> {
  const sleep = deps.sleep ?? realSleep
  const last = parseCursor(options.cursor ?? options.since)
  const found: Notification[] = []
  let newest: { at: number; uris: string[] } | null = null
  let pageCursor: string | undefined
  for (let page = 0; page < MAX_INBOX_PAGES; page++) {
    const answer = await readPage(
      () =>
        deps.query<{ cursor?: string; notifications: Notification[] }>('app.bsky.notification.listNotifications', {
          limit: '100',
          reasons: REASONS,
          ...(pageCursor ? { cursor: pageCursor } : {}),
        }),
      sleep,
    )
    let reachedOld = false
    for (const notification of answer.notifications) {
      const at = Date.parse(notification.indexedAt)
      // Newest first: one before the cursor means the rest were read by an earlier fetch.
      if (at < last.at) {
        reachedOld = true
        break
      }
      // Two can share a time: those the last fetch read at its newest time are known by their URIs.
      if (at === last.at && last.uris.includes(notification.uri)) continue
      if (!newest || at > newest.at) newest = { at, uris: [notification.uri] }
      else if (at === newest.at) newest.uris.push(notification.uri)
      // The reasons filter is newer than some AppViews, which answer every notification.
      if (!REASONS.includes(notification.reason as InboxCommentKind)) continue
      // Our own posts answering someone come back only as their author's notifications, never ours.
      if (notification.author.did === session.accountId) continue
      found.push(notification)
    }
    if (reachedOld || !answer.cursor || answer.notifications.length === 0) break
    pageCursor = answer.cursor
  }
  // Still at the last fetch's newest time: those it read there stay known.
  if (newest && newest.at === last.at) newest.uris.unshift(...last.uris)
  const posts = await contextPosts(deps, sleep, found)
  const comments = found.map((n) => toComment(deps.webUrl, n, posts)).reverse()
  return { comments, cursor: newest ? formatCursor(newest) : (options.cursor ?? options.since) }
}

/**
 * The inbox cursor: the newest notification's indexedAt and the URIs of those read at that very time, separated by
 * spaces (a URI has none). A bare ISO time (the backfill's start) is a cursor with no URIs.
 */
function parseCursor(cursor: string): { at: number; uris: string[] } {
  const [at = '', ...uris] = cursor.split(' ')
  return { at: Date.parse(at), uris }
}

const formatCursor = (newest: { at: number; uris: string[] }) =>
  [new Date(newest.at).toISOString(), ...newest.uris].join(' ')

/** The posts the comments answer, quote and hang under, read once each. */
async function contextPosts(
  deps: BlueskyInboxDeps,
  sleep: Sleep,
  notifications: Notification[],
): Promise<Map<string, PostView>> {
  const wanted = new Set<string>()
  for (const { record } of notifications) {
    if (record.reply) {
      wanted.add(record.reply.root.uri)
      wanted.add(record.reply.parent.uri)
    }
    const quoted = quotedUri(record)
    if (quoted) wanted.add(quoted)
  }
  const uris = [...wanted]
  const posts = new Map<string, PostView>()
  for (let i = 0; i < uris.length; i += POSTS_PER_CALL) {
    const batch = uris.slice(i, i + POSTS_PER_CALL)
    const answer = await readPage(
      () => deps.query<{ posts: PostView[] }>('app.bsky.feed.getPosts', { uris: batch }),
      sleep,
    )
    // Deleted posts are left out of the answer; their comments keep their place without that context.
    for (const post of answer.posts) posts.set(post.uri, post)
  }
  return posts
}

function toComment(webUrl: string, n: Notification, posts: Map<string, PostView>): InboxComment {
  const quoted = n.reason === 'quote' ? quotedUri(n.record) : undefined
  const root = n.record.reply?.root.uri ?? quoted ?? n.uri
  const parent = n.record.reply?.parent.uri ?? quoted ?? ''
  const context: ThreadContextPost[] = []
  for (const uri of new Set([root, parent])) {
    const post = uri && uri !== n.uri ? posts.get(uri) : undefined
    if (!post) continue
    context.push({
      platformPostId: post.uri,
      author: authorOf(post.author),
      text: post.record.text ?? '',
      createdAt: post.record.createdAt,
      url: `${webUrl}/profile/${post.author.handle}/post/${rkeyOf(post.uri)}`,
    })
  }
  return {
    kind: n.reason as InboxCommentKind,
    platformCommentId: n.uri,
    platformPostId: root,
    inReplyToId: parent,
    author: authorOf(n.author),
    text: n.record.text ?? '',
    createdAt: n.record.createdAt ?? n.indexedAt,
    url: `${webUrl}/profile/${n.author.handle}/post/${rkeyOf(n.uri)}`,
    context,
  }
}
