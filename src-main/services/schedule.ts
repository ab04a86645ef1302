/**
 * Putting posts on the schedule: queue slots, share next, share now, a
 * chosen time (post-placement.ts), for one post or the composer's group
 * (schedule-group.ts); reorder, unschedule, delete. Every write changes the post and
 * its SCHEDULE_JOBS row in one org mutation (org-mutation.ts), which then
 * tells the scheduling loop. A contributor's post goes to needs_approval instead,
 * with no job until an approver says yes (approvals.ts).
 */
import { and, asc, desc, eq, isNull } from 'drizzle-orm'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import { can } from '../../src-shared/entities/permissions'
import type { Organization, Post, PostDetail } from '../../src-shared/entities/models'
import type { OrgDb } from '../db/open'
import { memberships, postApprovals, scheduleJobs } from '../db/schema/org'
import { readScheduledChannel } from './channel-schedule'
import type { ServiceContext } from '../core/context'
import { getOrganization } from './org-access'
import { cancelPendingJobs, channelQueue } from './post-timing'
import { deletePostRows, movePost, placePost, requireRemovable } from './post-placement'
import { readPost, requireChangeable, requireWriter } from './posts'
import { mutateOrg, type OrgMutation } from './org-mutation'
import { writePost } from './post-writes'
import { scheduleGroup } from './schedule-group'
import type { scheduleApi } from '../../src-shared/api/schedule'
import type { HandlersFor } from '../core/handlers'

function requireScheduler(org: Organization, doing: string): void {
  if (!can(org.role, 'posts.publish_without_approval')) {
    throw new AppError(
      'forbidden',
      `As a ${org.role} in "${org.name}" you cannot ${doing}; an editor, admin or owner can.`,
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

/** Putting posts on the schedule or taking them off: writers (whose rule for others' posts is requireRemovable). */
const scheduleWrite: OrgMutation = { allow: requireWriter, changed: ['posts', 'schedule'] }

/** Reordering a channel's queue moves others' posts too: only those who schedule without approval. */
const queueWrite: OrgMutation = {
  allow: (org) => requireScheduler(org, 'reorder the queue'),
  changed: ['posts', 'schedule'],
}

export function schedulePost(ctx: ServiceContext, input: ApiParsedInput<'schedulePost'>): Post {
  return mutateOrg(ctx, input.orgId, scheduleWrite, (w) => {
    const post = readPost(w.tx, input.postId)
    requireChangeable(post, 'reschedule')
    const placed = placePost(w, post, input.when)
    w.record(placed.changes, {
      action: placed.direct ? 'post.scheduled' : 'post.approval_requested',
      entityType: 'post',
      entityId: post.id,
      meta: placed.meta,
    })
    return readPost(w.tx, post.id)
  })
}

export function unschedulePost(ctx: ServiceContext, input: ApiParsedInput<'unschedulePost'>): Post {
  return mutateOrg(ctx, input.orgId, scheduleWrite, (w) => {
    const { org, userId, tx, now, record } = w
    const post = readPost(tx, input.postId)
    requireRemovable(org, post, userId, 'unschedule')
    requireChangeable(post, 'unschedule')
    // Already a draft: nothing to record, nothing to tell.
    if (post.status === 'draft') return post
    const values = { status: 'draft' as const, scheduledAt: null, updatedAt: now.toISOString() }
    const change = writePost(w, post.id, values)
    const jobs = cancelPendingJobs(tx, post.id, 'taken off the schedule')
    record([change, ...jobs], {
      action: 'post.unscheduled',
      entityType: 'post',
      entityId: post.id,
      meta: { from: post.status },
    })
    return readPost(tx, post.id)
  })
}

export function deletePost(ctx: ServiceContext, input: ApiParsedInput<'deletePost'>): { deleted: true } {
  return mutateOrg(ctx, input.orgId, scheduleWrite, (w) => {
    const post = readPost(w.tx, input.postId)
    w.record(deletePostRows(w, post), {
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
  scheduleGroup: (ctx, input) => scheduleGroup(ctx, input),
  deletePost: (ctx, input) => deletePost(ctx, input),
  reorderQueue: (ctx, input) => reorderQueue(ctx, input),
} satisfies HandlersFor<typeof scheduleApi>
