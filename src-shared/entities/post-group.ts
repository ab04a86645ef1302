/**
 * A post for several channels is a group of posts, one per channel, sharing a group id. What the composer
 * asks scheduleGroup for: one entry per chosen channel, with the post it already has (or a
 * draft handed over from a channel no longer chosen, or none: a new post), and the group's posts left over,
 * to remove. A post with a time keeps its channel: only a draft is handed to another channel.
 */
import type { Post } from './models'
import { PLACED_STATUSES } from './post-rules'

export interface GroupPlan {
  posts: { postId: string | null; channelId: string; caption: string }[]
  remove: string[]
}

/** `saved` holds the group's posts by channel id ('' for the one written before any channel was chosen). */
export function groupPlan(
  channelIds: readonly string[],
  captionFor: (channelId: string) => string,
  saved: ReadonlyMap<string, Post>,
): GroupPlan {
  const orphans = [...saved.keys()].filter((key) => !channelIds.includes(key))
  const posts = channelIds.map((channelId) => {
    const caption = captionFor(channelId)
    const existing = saved.get(channelId)
    if (existing) return { postId: existing.id, channelId, caption }
    const reuse = orphans.find((key) => !PLACED_STATUSES.includes(saved.get(key)!.status))
    if (reuse === undefined) return { postId: null, channelId, caption }
    orphans.splice(orphans.indexOf(reuse), 1)
    return { postId: saved.get(reuse)!.id, channelId, caption }
  })
  return { posts, remove: orphans.map((key) => saved.get(key)!.id) }
}
