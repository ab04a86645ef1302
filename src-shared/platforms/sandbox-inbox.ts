// The Sandbox's inbox: its made-up people comment on the channel's posts (sandboxComments) and then answer each
// other under those comments, every one at a time fixed by the post and the seeded generator, so each device and
// each run sees the same conversation arrive at the same moments. The cursor is the time the last fetch read up
// to: a fetch returns what arrived after it, up to now.

import type { InboxComment, InboxFetchOptions, InboxFetchResult, PlatformComment, PlatformSession } from './adapter'
import { people, sandboxComments, seededRandom } from './sandbox-seeded'

const hourMs = 3_600_000
/** sandboxComments come within two days of the post, and their answers within a day after. */
const CONVERSATION_SPAN_MS = 3 * 24 * hourMs

const answers = [
  'Agreed, same here.',
  'I had the opposite experience, to be honest.',
  'Did you ever get an answer to this?',
  'Thanks, that helped me too!',
  "+1, I'd like to know as well.",
  'Have you tried asking support? They were quick for me.',
]

/**
 * People answering each other under one comment by `nowMs`: zero to two answers, each from someone else than the
 * one it answers, within a day of the comment, each answering the one before.
 */
export function sandboxAnswers(comment: PlatformComment, nowMs: number): PlatformComment[] {
  const random = seededRandom(`answers:${comment.platformCommentId}`)
  const count = Math.floor(random() * 3)
  const out: PlatformComment[] = []
  let parent = comment
  let at = Date.parse(comment.createdAt)
  for (let i = 0; i < count; i++) {
    const others = people.filter((p) => p.id !== parent.author.id)
    const person = others[Math.floor(random() * others.length)]!
    const text = `@${parent.author.handle} ${answers[Math.floor(random() * answers.length)]!}`
    at += 5 * 60_000 + Math.floor(random() * 12 * hourMs)
    const answer: PlatformComment = {
      platformCommentId: `${comment.platformCommentId}:r${i}`,
      platformPostId: comment.platformPostId,
      inReplyToId: parent.platformCommentId,
      author: person,
      text,
      createdAt: new Date(at).toISOString(),
    }
    if (at > nowMs) break
    out.push(answer)
    parent = answer
  }
  return out
}

/** Every comment and answer on a post by `nowMs`, oldest first. */
export function sandboxConversation(post: { id: string; publishedAt: string }, nowMs: number): PlatformComment[] {
  const comments = sandboxComments(post, nowMs)
  return [...comments, ...comments.flatMap((c) => sandboxAnswers(c, nowMs))].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  )
}

/** The part of the SandboxBackend (sandbox.ts) the inbox reads: the account's posts. */
export interface SandboxInboxDeps {
  backend: { list(accountId: string): Promise<{ id: string; text: string; replyTo?: string; publishedAt: string }[]> }
  now: () => number
  /** A post's link: `${feedUrl}/posts/<id>`. */
  feedUrl: string
}

export async function fetchSandboxInbox(
  deps: SandboxInboxDeps,
  session: PlatformSession,
  options: InboxFetchOptions,
): Promise<InboxFetchResult> {
  const from = Date.parse(options.cursor ?? options.since)
  const to = deps.now()
  const link = (id: string) => `${deps.feedUrl}/posts/${encodeURIComponent(id)}`
  // The account's own posts; its replies and thread parts (they answer something) get no made-up comments.
  const posts = (await deps.backend.list(session.accountId)).filter(
    (p) => !p.replyTo && Date.parse(p.publishedAt) + CONVERSATION_SPAN_MS > from,
  )
  const comments: InboxComment[] = []
  for (const post of posts) {
    const conversation = sandboxConversation(post, to)
    const byId = new Map(conversation.map((c) => [c.platformCommentId, c]))
    const root = {
      platformPostId: post.id,
      author: { id: session.accountId, handle: session.handle, displayName: session.displayName },
      text: post.text,
      createdAt: post.publishedAt,
      url: link(post.id),
    }
    for (const comment of conversation) {
      const at = Date.parse(comment.createdAt)
      if (at <= from || at > to) continue
      const parent = byId.get(comment.inReplyToId)
      comments.push({
        ...comment,
        kind: 'reply',
        url: `${link(post.id)}#${encodeURIComponent(comment.platformCommentId)}`,
        context: parent
          ? [root, { platformPostId: parent.platformCommentId, author: parent.author, text: parent.text }]
          : [root],
      })
    }
  }
  comments.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  return { comments, cursor: new Date(to).toISOString() }
}
