/**
 * A post's place on the schedule, inside the caller's org mutation: the
 * channel it goes out on, the time it takes (queue slot, next, now, a chosen
 * time) or the approval it asks for, moving posts it displaces, and the rule
 * for taking one off. schedulePost places one post; scheduleGroup
 * (schedule-group.ts) places the composer's posts for several channels in
 * one transaction. Each returns the changes to record.
 */
import { eq } from 'drizzle-orm'
import type { When } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import type { Organization, Post } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { removalRefusal } from '../../src-shared/entities/post-rules'
import type { Tx } from '../db/open'
import { posts } from '../db/schema/org'
import type { Change } from '../sync/outbox'
import { readScheduledChannel, type ScheduledChannel } from './channel-schedule'
import type { MemberWrite } from './org-mutation'
import {
  cancelPendingJobs,
  nextFreeSlot,
  requirePublishable,
  setPendingJob,
  shareNextPlan,
  tombstoneJobs,
} from './post-timing'
import { requireWriter } from './posts'
import { writePost } from './post-writes'

/** A chosen time may be this far in the past: "now-ish" from a composer whose clock read a little earlier. */
const PAST_GRACE_MS = 60_000

/** The channel a post goes out on, or an error that says to pick one. */
export function requireChannel(db: Tx, post: Post): ScheduledChannel {
  const channel = readScheduledChannel(db, post.socialAccountId)
  if (channel) return channel
  throw new AppError(
    'invalid_input',
    post.socialAccountId
      ? 'Pick a channel first: the channel this post was written for is no longer connected.'
      : 'Pick a channel first: this post has no channel to go out on.',
    [{ path: 'socialAccountId', message: 'pick a channel' }],
  )
}

function chosenTime(when: Extract<When, { kind: 'at' }>, now: Date): Date {
  const at = new Date(when.at)
  if (at.getTime() < now.getTime() - PAST_GRACE_MS) {
    throw new AppError('invalid_input', `${when.at} has already passed. Pick a time in the future, or Share now.`, [
      { path: 'when.at', message: 'must be in the future' },
    ])
  }
  return at
}

/**
 * Taking a post off the schedule or deleting it, by the shared rule (post-rules.ts): a contributor only their
 * own posts, since they cannot put someone else's back; approvers any; none while it is going out.
 */
export function requireRemovable(org: Organization, post: Post, userId: string, doing: 'unschedule' | 'delete'): void {
  const refusal = removalRefusal(org.role, post, userId)
  if (refusal === 'not_a_writer') requireWriter(org)
  if (refusal === 'not_theirs') {
    throw new AppError(
      'forbidden',
      `As a ${org.role} in "${org.name}" you can ${doing} only the posts you wrote; ask an editor, admin or owner to ${doing} this one.`,
    )
  }
  if (refusal === 'publishing') {
    throw new AppError(
      'conflict',
      doing === 'delete'
        ? 'This post is being published right now; delete it once it is out.'
        : 'This post is being published right now, so you cannot unschedule it.',
    )
  }
}

/** A queued post's new time, and its pending job's when it has one. */
export function movePost(tx: Tx, orgId: string, postId: string, to: Date, updatedAt: string): Change[] {
  const current = tx.select({ status: posts.status }).from(posts).where(eq(posts.id, postId)).get()
  const values = { scheduledAt: to.toISOString(), updatedAt }
  tx.update(posts).set(values).where(eq(posts.id, postId)).run()
  const changes: Change[] = [{ table: posts, rowId: postId, values }]
  if (current?.status === 'scheduled') changes.push(setPendingJob(tx, orgId, postId, to))
  return changes
}

export interface Placed {
  changes: Change[]
  /** Scheduled directly (true), or sent for approval. */
  direct: boolean
  at: Date | null
  /** What the audit says of it. */
  meta: JsonObject
}

/**
 * Puts a post (read in this transaction, changeable) on the schedule. Share next takes the channel's earliest
 * slot and pushes each queued post it displaces back one slot (see shareNextPlan). A contributor's request
 * keeps no time for queue and next: the approver's decision picks the slot.
 *
 * Rescheduling a failed or needs-attention post is allowed and makes a fresh job; for needs attention (the
 * platform may have it already) that is the person's call, as the post view says.
 */
export function placePost(w: MemberWrite, post: Post, when: When): Placed {
  const { org, userId, tx, now } = w
  const channel = requireChannel(tx, post)
  requirePublishable(post, channel)
  const direct = can(org.role, 'posts.publish_without_approval')
  let at: Date | null = null
  let moves: { postId: string; to: Date }[] = []
  if (when.kind === 'now') at = now
  else if (when.kind === 'at') at = chosenTime(when, now)
  else if (direct && when.kind === 'queue') at = nextFreeSlot(tx, channel, now, post.id)
  else if (direct && when.kind === 'next') ({ at, moves } = shareNextPlan(tx, channel, now, post.id))

  const updatedAt = now.toISOString()
  const changes: Change[] = []
  if (direct && at) {
    const values = { status: 'scheduled' as const, scheduledAt: at.toISOString(), updatedAt }
    changes.push(writePost(w, post.id, values), setPendingJob(tx, org.id, post.id, at))
    for (const move of moves) changes.push(...movePost(tx, org.id, move.postId, move.to, updatedAt))
  } else {
    const values = {
      status: 'needs_approval' as const,
      scheduledAt: at?.toISOString() ?? null,
      approvalData: { requestedBy: userId, requestedAt: updatedAt },
      updatedAt,
    }
    changes.push(writePost(w, post.id, values), ...cancelPendingJobs(tx, post.id, 'sent for approval'))
  }
  const meta = { when: when.kind, at: at?.toISOString() ?? null, channelId: channel.id, moved: moves.length }
  return { changes, direct, at, meta }
}

/** Deletes a post (read in this transaction) and tombstones its jobs, if the shared rule lets the person. */
export function deletePostRows(w: MemberWrite, post: Post): Change[] {
  requireRemovable(w.org, post, w.userId, 'delete')
  const values = { deletedAt: w.now.toISOString(), updatedAt: w.now.toISOString() }
  return [writePost(w, post.id, values), ...tombstoneJobs(w.tx, post.id, values.deletedAt)]
}
