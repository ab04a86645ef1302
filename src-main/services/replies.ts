/**
 * Replies to comments, and the handlers of the replies slice (saved replies and the Engage settings have their
 * own services beside this one). A reply is written into the outbox at once, online or not: waiting, or
 * needs_approval for a contributor where the organization wants replies approved; the reply sender
 * (scheduler/reply-sender.ts) sends it once. Its text arrives filled in: one that still holds a {{placeholder}}
 * or is longer than the platform takes is refused with a sentence that says so.
 *
 * Answering a comment settles it, as Buffer's inbox does: a queued reply marks its comment done, one waiting
 * for approval marks it pending (someone still has to act), and a reply sent back, taken back or failed for
 * good opens it again, so a conversation never looks answered when it is not.
 */
import { eq } from 'drizzle-orm'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { Reply, repliesApi } from '../../src-shared/api/replies'
import { mayReplyDirectly, replyLengthProblem, unfilledPlaceholderMessage } from '../../src-shared/engage/reply-rules'
import type { CommentStatus, Platform } from '../../src-shared/entities/enums'
import type { Organization } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { platformLimits } from '../../src-shared/platforms/index'
import type { ServiceContext } from '../core/context'
import type { HandlersFor } from '../core/handlers'
import { newId } from '../core/ids'
import type { Tx } from '../db/open'
import { comments, replies, socialAccounts } from '../db/schema/org'
import type { Change } from '../sync/outbox'
import { getEngageSettings, readEngageSettings, setEngageSettings } from './engage-settings'
import { getOrganization } from './org-access'
import { mutateOrg, type MemberWrite, type OrgMutation } from './org-mutation'
import {
  readComment,
  readReplyRow,
  repliesOf,
  requireReplyChange,
  toReply,
  type CommentRow,
  type ReplyRow,
} from './reply-writes'
import { createSavedReply, deleteSavedReply, listSavedReplies, updateSavedReply } from './saved-replies'

function requireReplier(org: Organization): void {
  if (!can(org.role, 'comments.reply')) {
    throw new AppError(
      'forbidden',
      `As a viewer in "${org.name}" you can read the inbox but not reply; ask an admin for the contributor or editor role.`,
    )
  }
}

function requireApprover(org: Organization): void {
  if (!can(org.role, 'posts.approve')) {
    throw new AppError(
      'forbidden',
      `As ${org.role === 'editor' ? 'an' : 'a'} ${org.role} in "${org.name}" you cannot approve replies; an editor, admin or owner does.`,
    )
  }
}

/** A new or changed reply wakes the reply sender (it listens where the scheduling loop does). */
const replyWrite: OrgMutation = { allow: requireReplier, changed: ['engage', 'schedule'] }
const approval: OrgMutation = { allow: requireApprover, changed: ['engage', 'schedule'] }

const invalidText = (message: string) => new AppError('invalid_input', message, [{ path: 'text', message }])

/** The text as the platform will count it: Mastodon's reply starts with the author's handle (adapter.reply). */
function textAsSent(platform: Platform, text: string, authorHandle: string | undefined): string {
  if (platform !== 'mastodon' || !authorHandle) return text
  const mention = `@${authorHandle.replace(/^@/, '')}`
  return text.includes(mention) ? text : `${mention} ${text}`
}

/** The comment moved to `status` (a snooze ends with it), or nothing when it is there already. */
function commentTo(w: MemberWrite, comment: CommentRow, status: CommentStatus): Change[] {
  if (comment.status === status) return []
  const values = { status, snoozedUntil: null }
  w.tx.update(comments).set(values).where(eq(comments.id, comment.id)).run()
  return [{ table: comments, rowId: comment.id, values }]
}

/** Writes a person's change to a reply once the rules allow it. */
function writeReply(w: MemberWrite, stored: ReplyRow, values: Partial<ReplyRow>): Change {
  requireReplyChange(w, stored.id, stored, values)
  w.tx.update(replies).set(values).where(eq(replies.id, stored.id)).run()
  return { table: replies, rowId: stored.id, values }
}

/** Reopens the comment when no other reply of it is still live (waiting, going out, or out). */
function reopenUnlessAnswered(w: MemberWrite, tx: Tx, reply: ReplyRow): Change[] {
  const others = repliesOf(tx, reply.commentId).filter((r) => r.id !== reply.id && r.status !== 'failed')
  if (others.length > 0) return []
  return commentTo(w, readComment(tx, reply.commentId), 'open')
}

export function sendReply(ctx: ServiceContext, input: ApiParsedInput<'sendReply'>): Reply {
  // The reply box fills a saved reply's placeholders; what comes here must have none left.
  const unfilled = unfilledPlaceholderMessage(input.text)
  if (unfilled) throw invalidText(unfilled)
  return mutateOrg(ctx, input.orgId, replyWrite, (w) => {
    const comment = readComment(w.tx, input.commentId)
    const channel = w.tx.select().from(socialAccounts).where(eq(socialAccounts.id, comment.socialAccountId)).get()
    if (!channel || channel.deletedAt) {
      throw new AppError('conflict', 'The channel of this comment was disconnected; connect it again to reply.')
    }
    const tooLong = replyLengthProblem(
      platformLimits[comment.platform],
      textAsSent(comment.platform, input.text, comment.author.handle),
    )
    if (tooLong) throw invalidText(tooLong)
    const direct = mayReplyDirectly(w.org.role, readEngageSettings(w.db, w.org.id).contributorsMayReply)
    const { deletedAt: _none, ...row } = {
      id: newId(),
      orgId: w.org.id,
      commentId: comment.id,
      authorUserId: w.userId,
      text: input.text,
      platformReplyId: null,
      timestamp: w.now.toISOString(),
      status: direct ? ('waiting' as const) : ('needs_approval' as const),
      url: null,
      sentAt: null,
      error: null,
      attempts: 0,
      nextAttemptAt: null,
      deletedAt: null,
    }
    requireReplyChange(w, row.id, null, row)
    w.tx.insert(replies).values(row).run()
    const settled = comment.status === 'done' ? [] : commentTo(w, comment, direct ? 'done' : 'pending')
    w.record([{ table: replies, rowId: row.id, values: row }, ...settled], {
      action: direct ? 'reply.queued' : 'reply.approval_requested',
      entityType: 'reply',
      entityId: row.id,
      meta: { commentId: comment.id, ...(input.savedReplyId ? { savedReplyId: input.savedReplyId } : {}) },
    })
    return toReply(w.tx, readReplyRow(w.tx, row.id))
  })
}

export function listReplies(ctx: ServiceContext, input: ApiParsedInput<'listReplies'>): Reply[] {
  const org = getOrganization(ctx, input.orgId)
  const db = ctx.dbs.org(org.id)
  return repliesOf(db, input.commentId).map((row) => toReply(db, row))
}

export function retryReply(ctx: ServiceContext, input: ApiParsedInput<'retryReply'>): Reply {
  return mutateOrg(ctx, input.orgId, replyWrite, (w) => {
    const reply = readReplyRow(w.tx, input.replyId)
    if (reply.status !== 'failed') {
      throw new AppError(
        'conflict',
        `This reply is ${reply.status.replace(/_/g, ' ')}; only a failed reply is tried again.`,
      )
    }
    const direct = mayReplyDirectly(w.org.role, readEngageSettings(w.db, w.org.id).contributorsMayReply)
    // The same row and so the same idempotency key: the platform can still tell a repeat.
    const change = writeReply(w, reply, {
      status: direct ? 'waiting' : 'needs_approval',
      error: null,
      attempts: 0,
      nextAttemptAt: null,
    })
    const comment = readComment(w.tx, reply.commentId)
    const settled = comment.status === 'done' ? [] : commentTo(w, comment, direct ? 'done' : 'pending')
    w.record([change, ...settled], { action: 'reply.retried', entityType: 'reply', entityId: reply.id })
    return toReply(w.tx, readReplyRow(w.tx, reply.id))
  })
}

export function cancelReply(ctx: ServiceContext, input: ApiParsedInput<'cancelReply'>): { cancelled: true } {
  return mutateOrg(ctx, input.orgId, replyWrite, (w) => {
    const reply = readReplyRow(w.tx, input.replyId)
    if (reply.status === 'sending' || reply.status === 'sent') {
      throw new AppError(
        'conflict',
        reply.status === 'sent'
          ? 'This reply was sent already; delete it on the platform if it should not stay.'
          : 'This reply is being sent right now; once it is out, delete it on the platform if it should not stay.',
      )
    }
    const change = writeReply(w, reply, { deletedAt: w.now.toISOString() })
    w.record([change, ...reopenUnlessAnswered(w, w.tx, reply)], {
      action: 'reply.cancelled',
      entityType: 'reply',
      entityId: reply.id,
    })
    return { cancelled: true as const }
  })
}

function requireAwaitingApproval(reply: ReplyRow): void {
  if (reply.status !== 'needs_approval') {
    throw new AppError(
      'conflict',
      `This reply is ${reply.status.replace(/_/g, ' ')}, not waiting for approval; someone may have decided already.`,
    )
  }
}

export function approveReply(ctx: ServiceContext, input: ApiParsedInput<'approveReply'>): Reply {
  return mutateOrg(ctx, input.orgId, approval, (w) => {
    const reply = readReplyRow(w.tx, input.replyId)
    requireAwaitingApproval(reply)
    const change = writeReply(w, reply, { status: 'waiting', error: null, attempts: 0, nextAttemptAt: null })
    const comment = readComment(w.tx, reply.commentId)
    w.record([change, ...commentTo(w, comment, 'done')], {
      action: 'reply.approved',
      entityType: 'reply',
      entityId: reply.id,
    })
    return toReply(w.tx, readReplyRow(w.tx, reply.id))
  })
}

export function rejectReply(ctx: ServiceContext, input: ApiParsedInput<'rejectReply'>): Reply {
  return mutateOrg(ctx, input.orgId, approval, (w) => {
    const reply = readReplyRow(w.tx, input.replyId)
    requireAwaitingApproval(reply)
    const why = input.reason ? `: “${input.reason}”` : ''
    const error = `Sent back for changes${why}. Write it again, or Retry to ask for approval once more.`
    const change = writeReply(w, reply, { status: 'failed', error })
    w.record([change, ...reopenUnlessAnswered(w, w.tx, reply)], {
      action: 'reply.rejected',
      entityType: 'reply',
      entityId: reply.id,
      meta: input.reason ? { reason: input.reason } : {},
    })
    return toReply(w.tx, readReplyRow(w.tx, reply.id))
  })
}

export const repliesHandlers = {
  sendReply: (ctx, input) => sendReply(ctx, input),
  listReplies: (ctx, input) => listReplies(ctx, input),
  retryReply: (ctx, input) => retryReply(ctx, input),
  cancelReply: (ctx, input) => cancelReply(ctx, input),
  approveReply: (ctx, input) => approveReply(ctx, input),
  rejectReply: (ctx, input) => rejectReply(ctx, input),
  getEngageSettings: (ctx, input) => getEngageSettings(ctx, input),
  setEngageSettings: (ctx, input) => setEngageSettings(ctx, input),
  listSavedReplies: (ctx, input) => listSavedReplies(ctx, input),
  createSavedReply: (ctx, input) => createSavedReply(ctx, input),
  updateSavedReply: (ctx, input) => updateSavedReply(ctx, input),
  deleteSavedReply: (ctx, input) => deleteSavedReply(ctx, input),
} satisfies HandlersFor<typeof repliesApi>
