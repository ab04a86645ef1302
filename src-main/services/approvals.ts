/**
 * Approvals: a contributor's post waits in needs_approval; an approver
 * approves it (it is scheduled, with its job) or rejects it with a comment.
 * Everything is local and recorded as an org mutation, so a decision made
 * offline syncs when the server is back.
 */
import type { ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import { can } from '../../src-shared/entities/permissions'
import type { Organization, Post } from '../../src-shared/entities/models'
import { newId } from '../core/ids'
import { postApprovals } from '../db/schema/org'
import type { Change } from '../sync/outbox'
import type { ServiceContext } from '../core/context'
import { mutateOrg, type OrgMutation } from './org-mutation'
import { cancelPendingJobs, nextFreeSlot, requirePublishable, setPendingJob } from './post-timing'
import { readPost } from './posts'
import { requireChannel } from './post-placement'
import { writePost } from './post-writes'
import type { approvalsApi } from '../../src-shared/api/approvals'
import type { HandlersFor } from '../core/handlers'

function requireApprover(org: Organization): void {
  if (!can(org.role, 'posts.approve')) {
    throw new AppError(
      'forbidden',
      `As a ${org.role} in "${org.name}" you cannot approve or reject posts; an editor, admin or owner can.`,
    )
  }
}

/** Deciding: approvers only; an approved post gets its job. */
const deciding: OrgMutation = { allow: requireApprover, changed: ['posts', 'schedule'] }

/**
 * When an approved post goes out: the time asked for, or at once if that
 * has passed meanwhile; the channel's next free slot when it asked for the
 * queue (no time kept).
 */
export function decideApproval(ctx: ServiceContext, input: ApiParsedInput<'decideApproval'>): Post {
  return mutateOrg(ctx, input.orgId, deciding, (w) => {
    const { org, userId, tx, now, record } = w
    const post = readPost(tx, input.postId)
    if (post.status !== 'needs_approval') {
      throw new AppError(
        'conflict',
        `This post is ${post.status.replaceAll('_', ' ')}, not waiting for approval; someone may have decided already.`,
      )
    }
    const approved = input.decision === 'approved'
    const channel = approved ? requireChannel(tx, post) : null
    if (channel) requirePublishable(post, channel)
    const timestamp = now.toISOString()
    const approval = {
      id: newId(),
      orgId: org.id,
      postId: post.id,
      approverId: userId,
      status: input.decision,
      comments: input.comment || null,
      timestamp,
    }
    tx.insert(postApprovals).values(approval).run()
    const approvalData = {
      ...post.approvalData,
      decidedBy: userId,
      decidedAt: timestamp,
      ...(input.comment ? { note: input.comment } : {}),
    }
    const changes: Change[] = [{ table: postApprovals, rowId: approval.id, values: approval }]
    if (channel) {
      const asked = post.scheduledAt ? new Date(post.scheduledAt) : null
      const at = asked ? (asked < now ? now : asked) : nextFreeSlot(tx, channel, now, post.id)
      const values = {
        status: 'scheduled' as const,
        scheduledAt: at.toISOString(),
        approvalData,
        updatedAt: timestamp,
      }
      changes.push(writePost(w, post.id, values), setPendingJob(tx, org.id, post.id, at))
    } else {
      const values = { status: 'rejected' as const, approvalData, updatedAt: timestamp }
      changes.push(writePost(w, post.id, values), ...cancelPendingJobs(tx, post.id, 'rejected'))
    }
    record(changes, {
      action: approved ? 'post.approved' : 'post.rejected',
      entityType: 'post',
      entityId: post.id,
      meta: { approvalId: approval.id, ...(input.comment ? { comment: input.comment } : {}) },
    })
    return readPost(tx, post.id)
  })
}

export const approvalsHandlers = {
  decideApproval: (ctx, input) => decideApproval(ctx, input),
} satisfies HandlersFor<typeof approvalsApi>
