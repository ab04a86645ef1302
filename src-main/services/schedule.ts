/**
 * Putting posts on the schedule: queue slots, share next, share now, a
 * chosen time; reorder, unschedule, delete. Every write changes the post and
 * its SCHEDULE_JOBS row in one org mutation (org-mutation.ts), which then
 * tells the scheduling loop. A contributor's post goes to needs_approval instead,
 * with no job until an approver says yes (approvals.ts).
 */
import { and, asc, desc, eq, isNull } from 'drizzle-orm'
import type { ApiParsedInput, When } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import { can } from '../../src-shared/entities/permissions'
import { removalRefusal } from '../../src-shared/entities/post-rules'
import type { Organization, Post, PostDetail } from '../../src-shared/entities/models'
import type { OrgDb, Tx } from '../db/open'
import { memberships, postApprovals, posts, scheduleJobs } from '../db/schema/org'
import type { Change } from '../sync/outbox'
import { readScheduledChannel, type ScheduledChannel } from './channel-schedule'
import type { ServiceContext } from '../core/context'
import { getOrganization } from './org-access'
import {
  cancelPendingJobs,
  channelQueue,
  nextFreeSlot,
  requirePublishable,
  setPendingJob,
  shareNextPlan,
  tombstoneJobs,
} from './post-timing'
import { readPost, requireChangeable, requireWriter } from './posts'
import { mutateOrg, type OrgMutation } from './org-mutation'
import type { scheduleApi } from '../../src-shared/api/schedule'
import type { HandlersFor } from '../core/handlers'

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

function requireScheduler(org: Organization, doing: string): void {
  if (!can(org.role, 'posts.publish_without_approval')) {
    throw new AppError(
      'forbidden',
      `As a ${org.role} in "${org.name}" you cannot ${doing}; an editor, admin or owner can.`,
    )
  }
}

/**
 * Taking a post off the schedule or deleting it, by the shared rule (post-rules.ts): a contributor only their
 * own posts, since they cannot put someone else's back; approvers any; none while it is going out.
 */
function requireRemovable(org: Organization, post: Post, userId: string, doing: 'unschedule' | 'delete'): void {
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

function jobOf(db: OrgDb, postId: string): PostDetail['job'] {
  // Ids are UUIDv7, so the newest job sorts last: the one that tells the post's current state.
  const job = db
    .select()
    .from(scheduleJobs)
    .where(and(eq(scheduleJobs.postId, postId), isNull(scheduleJobs.deletedAt)))
    .orderBy(desc(scheduleJobs.id))
    .get()
  return job
    ? { id: job.id, status: job.status, runAt: job.runAt, retryCount: job.retryCount, lastError: job.lastError }
    : null
}

export function getPost(ctx: ServiceContext, input: ApiParsedInput<'getPost'>): PostDetail {
  const org = getOrganization(ctx, input.orgId)
  const db = ctx.dbs.org(org.id)
  const post = readPost(db, input.postId)
  const approvals = db
    .select({
      id: postApprovals.id,
      postId: postApprovals.postId,
      approverId: postApprovals.approverId,
      approverName: memberships.userName,
      status: postApprovals.status,
      comments: postApprovals.comments,
      timestamp: postApprovals.timestamp,
    })
    .from(postApprovals)
    .leftJoin(memberships, and(eq(memberships.userId, postApprovals.approverId), eq(memberships.orgId, org.id)))
    .where(and(eq(postApprovals.postId, post.id), isNull(postApprovals.deletedAt)))
    .orderBy(asc(postApprovals.timestamp))
    .all()
    .map((a) => ({ ...a, approverName: a.approverName || 'A former member' }))
  return { ...post, approvals, job: jobOf(db, post.id) }
}

/**
 * Share next takes the channel's earliest slot and pushes each queued post
 * it displaces back one slot (see shareNextPlan). A contributor's request
 * keeps no time for queue and next: the approver's decision picks the slot.
 *
 * Rescheduling a failed or needs-attention post is allowed and makes a fresh
 * job; for needs attention (the platform may have it already) that is the
 * person's call, as the post view says.
 */
/** Putting posts on the schedule or taking them off: writers (whose rule for others' posts is requireRemovable). */
const scheduleWrite: OrgMutation = { allow: requireWriter, changed: ['posts', 'schedule'] }

/** Reordering a channel's queue moves others' posts too: only those who schedule without approval. */
const queueWrite: OrgMutation = {
  allow: (org) => requireScheduler(org, 'reorder the queue'),
  changed: ['posts', 'schedule'],
}

export function schedulePost(ctx: ServiceContext, input: ApiParsedInput<'schedulePost'>): Post {
  return mutateOrg(ctx, input.orgId, scheduleWrite, ({ org, userId, tx, now, record }) => {
    const post = readPost(tx, input.postId)
    requireChangeable(post, 'reschedule')
    const channel = requireChannel(tx, post)
    requirePublishable(post, channel)
    const direct = can(org.role, 'posts.publish_without_approval')
    const { when } = input
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
      tx.update(posts).set(values).where(eq(posts.id, post.id)).run()
      changes.push({ table: posts, rowId: post.id, values }, setPendingJob(tx, org.id, post.id, at))
      for (const move of moves) changes.push(...movePost(tx, org.id, move.postId, move.to, updatedAt))
    } else {
      const values = {
        status: 'needs_approval' as const,
        scheduledAt: at?.toISOString() ?? null,
        approvalData: { requestedBy: userId, requestedAt: updatedAt },
        updatedAt,
      }
      tx.update(posts).set(values).where(eq(posts.id, post.id)).run()
      changes.push({ table: posts, rowId: post.id, values }, ...cancelPendingJobs(tx, post.id, 'sent for approval'))
    }
    record(changes, {
      action: direct ? 'post.scheduled' : 'post.approval_requested',
      entityType: 'post',
      entityId: post.id,
      meta: { when: when.kind, at: at?.toISOString() ?? null, channelId: channel.id, moved: moves.length },
    })
    return readPost(tx, post.id)
  })
}

/** A queued post's new time, and its pending job's when it has one. */
function movePost(tx: Tx, orgId: string, postId: string, to: Date, updatedAt: string): Change[] {
  const current = tx.select({ status: posts.status }).from(posts).where(eq(posts.id, postId)).get()
  const values = { scheduledAt: to.toISOString(), updatedAt }
  tx.update(posts).set(values).where(eq(posts.id, postId)).run()
  const changes: Change[] = [{ table: posts, rowId: postId, values }]
  if (current?.status === 'scheduled') changes.push(setPendingJob(tx, orgId, postId, to))
  return changes
}

export function unschedulePost(ctx: ServiceContext, input: ApiParsedInput<'unschedulePost'>): Post {
  return mutateOrg(ctx, input.orgId, scheduleWrite, ({ org, userId, tx, now, record }) => {
    const post = readPost(tx, input.postId)
    requireRemovable(org, post, userId, 'unschedule')
    requireChangeable(post, 'unschedule')
    // Already a draft: nothing to record, nothing to tell.
    if (post.status === 'draft') return post
    const values = { status: 'draft' as const, scheduledAt: null, updatedAt: now.toISOString() }
    tx.update(posts).set(values).where(eq(posts.id, post.id)).run()
    const jobs = cancelPendingJobs(tx, post.id, 'taken off the schedule')
    record([{ table: posts, rowId: post.id, values }, ...jobs], {
      action: 'post.unscheduled',
      entityType: 'post',
      entityId: post.id,
      meta: { from: post.status },
    })
    return readPost(tx, post.id)
  })
}

export function deletePost(ctx: ServiceContext, input: ApiParsedInput<'deletePost'>): { deleted: true } {
  return mutateOrg(ctx, input.orgId, scheduleWrite, ({ org, userId, tx, now, record }) => {
    const post = readPost(tx, input.postId)
    requireRemovable(org, post, userId, 'delete')
    const values = { deletedAt: now.toISOString(), updatedAt: now.toISOString() }
    tx.update(posts).set(values).where(eq(posts.id, post.id)).run()
    const jobs = tombstoneJobs(tx, post.id, values.deletedAt)
    record([{ table: posts, rowId: post.id, values }, ...jobs], {
      action: 'post.deleted',
      entityType: 'post',
      entityId: post.id,
      meta: { status: post.status },
    })
    return { deleted: true as const }
  })
}

/**
 * The given queued posts of a channel in their new order. They swap the
 * times they hold: the earliest goes to the first id, and so on, so posts
 * not named keep theirs and no slot is left empty or doubled.
 */
export function reorderQueue(ctx: ServiceContext, input: ApiParsedInput<'reorderQueue'>): Post[] {
  return mutateOrg(ctx, input.orgId, queueWrite, ({ org, tx, now, record }) => {
    const channel = readScheduledChannel(tx, input.channelId)
    if (!channel) throw new AppError('not_found', `There is no connected channel with id "${input.channelId}".`)
    if (new Set(input.postIds).size !== input.postIds.length) {
      throw new AppError('invalid_input', 'The new order names a post twice; send each queued post once.')
    }
    const queue = new Map(channelQueue(tx, channel.id).map((p) => [p.id, p]))
    const strangers = input.postIds.filter((id) => !queue.has(id))
    if (strangers.length) {
      throw new AppError(
        'conflict',
        `Not in ${channel.username}'s queue: ${strangers.join(', ')}. The queue changed meanwhile; reload it and try again.`,
      )
    }
    const times = input.postIds.map((id) => queue.get(id)!.scheduledAt).sort()
    const updatedAt = now.toISOString()
    const changes = input.postIds.flatMap((id, i) =>
      queue.get(id)!.scheduledAt === times[i] ? [] : movePost(tx, org.id, id, new Date(times[i]!), updatedAt),
    )
    record(changes, {
      action: 'queue.reordered',
      entityType: 'social_account',
      entityId: channel.id,
      meta: { postIds: input.postIds },
    })
    return input.postIds.map((id) => readPost(tx, id))
  })
}

export const scheduleHandlers = {
  getPost: (ctx, input) => getPost(ctx, input),
  schedulePost: (ctx, input) => schedulePost(ctx, input),
  unschedulePost: (ctx, input) => unschedulePost(ctx, input),
  deletePost: (ctx, input) => deletePost(ctx, input),
  reorderQueue: (ctx, input) => reorderQueue(ctx, input),
} satisfies HandlersFor<typeof scheduleApi>
