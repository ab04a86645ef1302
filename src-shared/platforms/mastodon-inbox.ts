// Mastodon's inbox: GET /api/v1/notifications?types[]=mention (a reply to the account mentions it, so replies come
// this way too), newest first, `since_id` the newest notification the last fetch saw, older pages through the
// Link header's rel="next" (docs.joinmastodon.org/api/guidelines/#pagination). A reply's root and the statuses
// above it come from GET /api/v1/statuses/:id/context, for a bounded number of replies a round.

import {
  PlatformError,
  type InboxComment,
  type InboxFetchOptions,
  type InboxFetchResult,
  type PlatformAuthor,
  type PlatformSession,
  type ThreadContextPost,
} from './adapter'
import { MAX_INBOX_PAGES, readPage, realSleep, type Sleep } from './inbox-paging'

/** One authorized GET (mastodon.ts's call), with the answer's Link header. */
export type MastodonGet = <T>(pathAndQuery: string) => Promise<{ body: T; link: string | null }>

export interface MastodonInboxDeps {
  get: MastodonGet
  htmlToText: (html: string) => string
  sleep?: Sleep
}

interface Account {
  id: string
  username: string
  acct: string
  display_name: string
  avatar: string
}

interface Status {
  id: string
  uri: string
  url: string | null
  created_at: string
  in_reply_to_id: string | null
  in_reply_to_account_id: string | null
  content: string
  account: Account
}

interface Notification {
  id: string
  type: string
  created_at: string
  account: Account
  status?: Status
}

/** Thread look-ups a round: Mastodon allows 300 requests in 5 minutes, and the inbox shares them with publishing. */
const MAX_CONTEXT_LOOKUPS = 40

/** Mastodon's ids are integers in decimal, often past 2^53: compared by length, then digit by digit. */
export function idAfter(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b
}

/** The rel="next" address of a Link header, or null. */
export function nextLink(link: string | null): string | null {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part)
    if (match) return match[1]!
  }
  return null
}

/** The next page's path on the account's own instance; a link elsewhere is not followed with the token. */
function sameInstance(service: string, link: string | null): string | null {
  if (!link) return null
  const url = new URL(link, service)
  return url.origin === new URL(service).origin ? `${url.pathname}${url.search}` : null
}

const authorOf = (account: Account): PlatformAuthor => ({
  id: account.id,
  handle: account.acct,
  displayName: account.display_name || account.username,
  avatarUrl: account.avatar || undefined,
})

export async function fetchMastodonInbox(
  deps: MastodonInboxDeps,
  session: PlatformSession,
  options: InboxFetchOptions,
): Promise<InboxFetchResult> {
  const sleep = deps.sleep ?? realSleep
  const since = Date.parse(options.since)
  const query = new URLSearchParams({ limit: '40' })
  query.append('types[]', 'mention')
  if (options.cursor) query.set('since_id', options.cursor)
  let next: string | null = `/api/v1/notifications?${query}`
  let newest = options.cursor
  const found: Notification[] = []
  for (let page = 0; next && page < MAX_INBOX_PAGES; page++) {
    const path: string = next
    const answer = await readPage(() => deps.get<Notification[]>(path), sleep)
    let reachedOld = answer.body.length === 0
    for (const notification of answer.body) {
      // The next pages do not carry since_id: the cursor (or the backfill's start) is checked here.
      if (options.cursor ? !idAfter(notification.id, options.cursor) : Date.parse(notification.created_at) < since) {
        reachedOld = true
        break
      }
      if (!newest || idAfter(notification.id, newest)) newest = notification.id
      if (notification.type === 'mention' && notification.status) found.push(notification)
    }
    next = reachedOld ? null : sameInstance(session.service, nextLink(answer.link))
  }
  const comments: InboxComment[] = []
  let lookups = 0
  for (const notification of found.reverse()) {
    const status = notification.status!
    const context = status.in_reply_to_id && lookups++ < MAX_CONTEXT_LOOKUPS ? await ancestors(deps, sleep, status) : []
    comments.push(toComment(deps, session, status, context))
  }
  return { comments, cursor: newest }
}

async function ancestors(deps: MastodonInboxDeps, sleep: Sleep, status: Status): Promise<ThreadContextPost[]> {
  let body: { ancestors: Status[] }
  try {
    ;({ body } = await readPage(
      () => deps.get<{ ancestors: Status[] }>(`/api/v1/statuses/${encodeURIComponent(status.id)}/context`),
      sleep,
    ))
  } catch (error) {
    // Deleted since, or hidden from us: the mention still counts, without its thread.
    if (error instanceof PlatformError && error.kind === 'permanent') return []
    throw error
  }
  return body.ancestors.map((post) => ({
    platformPostId: post.id,
    author: authorOf(post.account),
    text: deps.htmlToText(post.content),
    createdAt: post.created_at,
    url: post.url ?? post.uri,
  }))
}

function toComment(
  deps: MastodonInboxDeps,
  session: PlatformSession,
  status: Status,
  context: ThreadContextPost[],
): InboxComment {
  const answersUs = status.in_reply_to_account_id === session.accountId
  return {
    kind: answersUs ? 'reply' : 'mention',
    platformCommentId: status.id,
    // Without the thread (past the round's look-ups) the status it answers stands in for the root.
    platformPostId: context[0]?.platformPostId ?? status.in_reply_to_id ?? status.id,
    inReplyToId: status.in_reply_to_id ?? '',
    author: authorOf(status.account),
    text: deps.htmlToText(status.content),
    createdAt: status.created_at,
    url: status.url ?? status.uri,
    context,
  }
}
