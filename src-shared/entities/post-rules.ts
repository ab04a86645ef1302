/**
 * Who may remove a post (delete it, or take it off the schedule): the one rule that the desktop's services,
 * the sync server's op rules and the screens' buttons all ask. Writers remove their own posts; those who
 * approve remove anyone's, since they could put it back; a post on its way out waits until it is out.
 * And which posts hold their place.
 */
import type { PostStatus, Role } from './enums'
import { can } from './permissions'

/** Statuses of a post that holds a time (or asked for one): saving changes keeps it, removing it needs a yes. */
export const PLACED_STATUSES: readonly PostStatus[] = ['scheduled', 'needs_approval', 'approved']

/** Why a post may not be removed: the role cannot write posts, the post is someone else's, or it is going out. */
export type RemovalRefusal = 'not_a_writer' | 'not_theirs' | 'publishing'

export interface RemovablePost {
  createdBy: string
  status: PostStatus
}

/** Null when `userId`, with `role`, may remove the post; else why not. */
export function removalRefusal(role: Role, post: RemovablePost, userId: string): RemovalRefusal | null {
  if (!can(role, 'posts.create')) return 'not_a_writer'
  if (post.createdBy !== userId && !can(role, 'posts.approve')) return 'not_theirs'
  if (post.status === 'publishing') return 'publishing'
  return null
}

export const mayRemovePost = (role: Role, post: RemovablePost, userId: string): boolean =>
  removalRefusal(role, post, userId) === null
