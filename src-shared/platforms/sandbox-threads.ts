/**
 * A Sandbox feed as a social network shows a self-thread (Bluesky, Mastodon): the channel's own replies to its own
 * posts (a thread's parts, then the first comment) stand under the post they continue, in reading order, instead of
 * as posts of their own. A reply to anything else (a made-up person's comment, another account's post) is not a
 * continuation and stays where it is. One rule for the in-app feed (src-main/services/channels.ts) and the server's
 * public page (sync-server/routes/sandbox-page.ts).
 */

export interface SandboxThread<T> {
  /** The post that starts it: the one the feed places by its time. */
  post: T
  /** What continues it, in reading order: each part after the one it answers, answers to a post by publishing time. */
  thread: T[]
}

/**
 * `newestFirst`: one channel's posts, newest first, as the feeds list them. Answers the feed's entries in the same
 * order, each with its continuations. A reply whose post is not among `newestFirst` (past the feed's limit) is an
 * entry of its own, so nothing published goes missing.
 */
export function threadSandboxFeed<T extends { id: string; replyTo?: string | null }>(
  newestFirst: readonly T[],
): SandboxThread<T>[] {
  const byId = new Map(newestFirst.map((post) => [post.id, post]))
  const parentOf = (post: T) => (post.replyTo && post.replyTo !== post.id ? byId.get(post.replyTo) : undefined)
  const answers = new Map<string, T[]>()
  // Oldest first, so each post's answers come in the order they were published.
  for (const post of [...newestFirst].reverse()) {
    const parent = parentOf(post)
    if (parent) answers.set(parent.id, [...(answers.get(parent.id) ?? []), post])
  }
  const placed = new Set<string>()
  const continuations = (start: T): T[] => {
    const thread: T[] = []
    const visit = (post: T) => {
      for (const answer of answers.get(post.id) ?? []) {
        if (placed.has(answer.id)) continue
        placed.add(answer.id)
        thread.push(answer)
        visit(answer)
      }
    }
    placed.add(start.id)
    visit(start)
    return thread
  }
  const entries = new Map<string, SandboxThread<T>>()
  for (const post of newestFirst) {
    if (!parentOf(post)) entries.set(post.id, { post, thread: continuations(post) })
  }
  // Only a loop of replies (which no platform makes) has no start; its posts still show, each on its own.
  for (const post of newestFirst) {
    if (!placed.has(post.id)) entries.set(post.id, { post, thread: continuations(post) })
  }
  return newestFirst.flatMap((post) => {
    const entry = entries.get(post.id)
    return entry ? [entry] : []
  })
}
