/**
 * The reads and the rule check every writer of replies shares: a reply row as the API answers it (with its
 * author's name), the comment it answers, and the shared per-field rules (src-shared/sync/field-rules.ts, the
 * ones the sync server judges every pushed op by) asked before a person's change is written.
 */
import { and, asc, eq, getTableColumns, isNull } from 'drizzle-orm'
import { AppError } from '../../src-shared/api/errors'
import type { Reply } from '../../src-shared/api/replies'
import { fieldRefusal, type FieldOp } from '../../src-shared/sync/field-rules'
import type { OrgDb, Tx } from '../db/open'
import { comments, memberships, replies } from '../db/schema/org'
import { readEngageSettings } from './engage-settings'
import type { MemberWrite } from './org-mutation'

export type ReplyRow = typeof replies.$inferSelect
export type CommentRow = typeof comments.$inferSelect

const COLUMNS = getTableColumns(replies)

/** A reply's fields by their synced names (snake_case), as the rules read them. */
function asFields(values: Partial<ReplyRow>): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) {
    const column = COLUMNS[key as keyof typeof COLUMNS]
    if (column) fields[column.name] = value ?? null
  }
  return fields
}

/** Throws the shared rules' sentence when this person may not write these fields of the reply (null: a new one). */
export function requireReplyChange(
  w: MemberWrite,
  replyId: string,
  stored: ReplyRow | null,
  values: Partial<ReplyRow>,
): void {
  const ops: FieldOp[] = Object.entries(asFields(values)).map(([field, value]) => ({
    table: 'replies',
    rowId: replyId,
    field,
    value,
  }))
  const row = stored ? asFields(stored) : null
  const { contributorsMayReply } = readEngageSettings(w.db, w.org.id)
  for (const op of ops) {
    const refusal = fieldRefusal(w.org.role, op, row, w.userId, {
      mutation: ops,
      holdsPublishLease: false,
      contributorsMayReply,
    })
    if (refusal) throw new AppError('forbidden', refusal)
  }
}

export function readComment(tx: Tx | OrgDb, commentId: string): CommentRow {
  const row = tx.select().from(comments).where(eq(comments.id, commentId)).get()
  if (!row || row.deletedAt) {
    throw new AppError('not_found', 'This comment is no longer in the inbox; it may have been deleted on the platform.')
  }
  return row
}

export function readReplyRow(tx: Tx | OrgDb, replyId: string): ReplyRow {
  const row = tx.select().from(replies).where(eq(replies.id, replyId)).get()
  if (!row || row.deletedAt) {
    throw new AppError('not_found', 'This reply is no longer in the conversation; someone may have taken it back.')
  }
  return row
}

function memberName(db: Tx | OrgDb, orgId: string, userId: string): string {
  const member = db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .get()
  return member?.userName.trim() || 'A teammate'
}

export function toReply(db: Tx | OrgDb, row: ReplyRow): Reply {
  return {
    id: row.id,
    orgId: row.orgId,
    commentId: row.commentId,
    authorUserId: row.authorUserId,
    authorName: memberName(db, row.orgId, row.authorUserId),
    text: row.text,
    status: row.status,
    timestamp: row.timestamp,
    sentAt: row.sentAt,
    url: row.url,
    error: row.error,
  }
}

/** A comment's live replies, oldest first. */
export function repliesOf(db: Tx | OrgDb, commentId: string): ReplyRow[] {
  return db
    .select()
    .from(replies)
    .where(and(eq(replies.commentId, commentId), isNull(replies.deletedAt)))
    .orderBy(asc(replies.timestamp), asc(replies.id))
    .all()
}
