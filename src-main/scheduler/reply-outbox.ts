/**
 * The reply sender's reads and writes on an org file: which replies are due, and each step of a reply's way out
 * (sending, sent, waiting again, failed), each in one transaction recorded like every change (clocks, outbox,
 * audit), so it syncs. These are the app's own writes (the audit names no one), made only on a device whose role
 * may send replies, so the sync server takes them under the same rules it judges a person's by.
 *
 * While a reply is sending, next_attempt_at holds when that attempt began: after a crash, the platform's dedupe
 * window is counted from there.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { ServiceContext } from '../core/context'
import { comments, replies } from '../db/schema/org'
import type { Change } from '../sync/outbox'
import { writeOrg } from '../services/org-mutation'

export type ReplyRow = typeof replies.$inferSelect

/** The replies on their way: waiting (due or not) and sending. */
export function repliesOnTheirWay(ctx: Pick<ServiceContext, 'dbs'>, orgId: string): ReplyRow[] {
  return ctx.dbs
    .org(orgId)
    .select()
    .from(replies)
    .where(and(eq(replies.orgId, orgId), isNull(replies.deletedAt), inArray(replies.status, ['waiting', 'sending'])))
    .all()
}

export function readReply(ctx: Pick<ServiceContext, 'dbs'>, orgId: string, replyId: string): ReplyRow | undefined {
  return ctx.dbs.org(orgId).select().from(replies).where(eq(replies.id, replyId)).get()
}

export function commentOf(ctx: Pick<ServiceContext, 'dbs'>, orgId: string, commentId: string) {
  return ctx.dbs.org(orgId).select().from(comments).where(eq(comments.id, commentId)).get()
}

type Step = 'reply.sending' | 'reply.sent' | 'reply.send_retry' | 'reply.failed' | 'reply.in_doubt'

/**
 * Writes `values` to the reply when `still` says its stored row may take them (checked inside the transaction),
 * with its audit entry; answers whether it wrote. `reopen`: its comment opens again (a reply that did not go out).
 */
function step(
  ctx: ServiceContext,
  orgId: string,
  replyId: string,
  still: (row: ReplyRow) => boolean,
  values: Partial<ReplyRow>,
  action: Step,
  meta: Record<string, unknown> = {},
  reopen = false,
): boolean {
  const wrote = writeOrg(ctx, orgId, { userId: null, changed: [] }, ({ tx, record }) => {
    const row = tx.select().from(replies).where(eq(replies.id, replyId)).get()
    // A reply taken back on another device while this one sent it is still out there: its result is recorded.
    if (!row || (row.deletedAt && action !== 'reply.sent') || !still(row)) return false
    tx.update(replies).set(values).where(eq(replies.id, replyId)).run()
    const changes: Change[] = [{ table: replies, rowId: replyId, values }]
    const comment = reopen ? tx.select().from(comments).where(eq(comments.id, row.commentId)).get() : undefined
    if (comment && !comment.deletedAt && comment.status !== 'open') {
      const reopened = { status: 'open' as const, snoozedUntil: null }
      tx.update(comments).set(reopened).where(eq(comments.id, comment.id)).run()
      changes.push({ table: comments, rowId: comment.id, values: reopened })
    }
    record(changes, { action, entityType: 'reply', entityId: replyId, meta: { commentId: row.commentId, ...meta } })
    return true
  })
  // Windows that show the conversation look again (every step leaves an audit entry).
  if (wrote) ctx.emit({ type: 'audit.changed', orgId })
  return wrote
}

/** Durably marks the reply sending before the platform is called; false when it is no longer waiting (or sending). */
export function markSending(ctx: ServiceContext, orgId: string, row: ReplyRow, now: Date): boolean {
  return step(
    ctx,
    orgId,
    row.id,
    (stored) => stored.status === 'waiting' || stored.status === 'sending',
    { status: 'sending', attempts: row.attempts + 1, nextAttemptAt: now.toISOString(), error: null },
    'reply.sending',
    { attempt: row.attempts + 1 },
  )
}

export function recordSent(
  ctx: ServiceContext,
  orgId: string,
  replyId: string,
  result: { platformPostId: string; url: string },
  now: Date,
  via?: string,
): boolean {
  return step(
    ctx,
    orgId,
    replyId,
    (stored) => stored.status !== 'sent',
    {
      status: 'sent',
      platformReplyId: result.platformPostId,
      url: result.url,
      sentAt: now.toISOString(),
      error: null,
      nextAttemptAt: null,
    },
    'reply.sent',
    via ? { via } : {},
  )
}

export function recordRetry(ctx: ServiceContext, orgId: string, replyId: string, at: Date, message: string): boolean {
  return step(
    ctx,
    orgId,
    replyId,
    (stored) => stored.status === 'sending' || stored.status === 'waiting',
    { status: 'waiting', nextAttemptAt: at.toISOString(), error: message },
    'reply.send_retry',
  )
}

/** A reply that did not go out (or may have): failed with the words to show, and its comment open again. */
export function recordFailed(
  ctx: ServiceContext,
  orgId: string,
  replyId: string,
  error: string,
  inDoubt = false,
): boolean {
  return step(
    ctx,
    orgId,
    replyId,
    (stored) => stored.status === 'sending' || stored.status === 'waiting',
    { status: 'failed', error, nextAttemptAt: null },
    inDoubt ? 'reply.in_doubt' : 'reply.failed',
    {},
    true,
  )
}
