/**
 * Triage of the inbox: a comment's status (snoozed until a time in the future), who has it, its tags, and a
 * person's correction of its insights. Each call is one synced mutation with one audit entry, on one comment or
 * a selection; comments already as asked are left alone (and not counted), so a repeated key press records
 * nothing. Viewers read only: the same rule the sync server applies to every op on comments.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import type { InboxCommentView } from '../../src-shared/api/comments'
import { AppError } from '../../src-shared/api/errors'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import type { Organization } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import type { ServiceContext } from '../core/context'
import type { Tx } from '../db/open'
import { comments, memberships } from '../db/schema/org'
import type { Change } from '../sync/outbox'
import { readInboxComments } from './comment-inbox'
import { toCommentView } from './comment-view'
import { mutateOrg, type MemberWrite, type OrgMutation } from './org-mutation'

type CommentRow = typeof comments.$inferSelect

function requireTriager(org: Organization): void {
  if (!can(org.role, 'comments.reply')) {
    throw new AppError(
      'forbidden',
      `As a ${org.role} in "${org.name}" you can read the inbox but not triage it; ask an admin for the contributor or editor role.`,
    )
  }
}

const triage: OrgMutation = { allow: requireTriager, changed: ['engage'] }

function readComments(tx: Tx, orgId: string, ids: readonly string[]): CommentRow[] {
  const rows = tx
    .select()
    .from(comments)
    .where(and(eq(comments.orgId, orgId), inArray(comments.id, [...ids]), isNull(comments.deletedAt)))
    .all()
  if (rows.length === 0) {
    throw new AppError('not_found', 'These comments are no longer in the inbox; the list is being refreshed.')
  }
  return rows
}

/**
 * Writes each row's new values (null: unchanged, skipped) and records them as one mutation; answers how many
 * changed. The audit entry names the comment (the first, for a selection) and lists every id in meta.
 */
function writeEach(
  w: MemberWrite,
  rows: CommentRow[],
  valuesFor: (row: CommentRow) => Partial<CommentRow> | null,
  { action, meta }: { action: string; meta: JsonObject },
): number {
  const changes: Change[] = []
  for (const row of rows) {
    const values = valuesFor(row)
    if (!values) continue
    w.tx.update(comments).set(values).where(eq(comments.id, row.id)).run()
    changes.push({ table: comments, rowId: row.id, values })
  }
  const ids = changes.map((change) => change.rowId)
  w.record(changes, {
    action,
    entityType: 'comment',
    entityId: ids[0] ?? rows[0]!.id,
    meta: { ...meta, count: ids.length, commentIds: ids },
  })
  return changes.length
}

export function setCommentStatus(ctx: ServiceContext, input: ApiParsedInput<'setCommentStatus'>): { updated: number } {
  return mutateOrg(ctx, input.orgId, triage, (w) => {
    let snoozedUntil: string | null = null
    if (input.status === 'snoozed') {
      if (!input.snoozedUntil || Date.parse(input.snoozedUntil) <= w.now.getTime()) {
        throw new AppError('invalid_input', 'Choose a time in the future to snooze until.', [
          { path: 'snoozedUntil', message: 'Choose a time in the future to snooze until.' },
        ])
      }
      snoozedUntil = new Date(input.snoozedUntil).toISOString()
    }
    const rows = readComments(w.tx, w.org.id, input.commentIds)
    const updated = writeEach(
      w,
      rows,
      (row) =>
        row.status === input.status && row.snoozedUntil === snoozedUntil
          ? null
          : { status: input.status, snoozedUntil },
      snoozedUntil
        ? { action: 'comment.snoozed', meta: { status: input.status, snoozedUntil } }
        : { action: 'comment.status_changed', meta: { status: input.status } },
    )
    return { updated }
  })
}

function memberName(tx: Tx, orgId: string, userId: string): string | null {
  const member = tx
    .select({ name: memberships.userName, deletedAt: memberships.deletedAt })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .get()
  return member && !member.deletedAt ? member.name || 'a teammate' : null
}

export function assignComments(ctx: ServiceContext, input: ApiParsedInput<'assignComments'>): { updated: number } {
  return mutateOrg(ctx, input.orgId, triage, (w) => {
    const to = input.assignedTo
    const name = to ? memberName(w.tx, w.org.id, to) : null
    if (to && name === null) {
      throw new AppError(
        'invalid_input',
        'Assign comments to someone in the organization; this person is not (or no longer) a member.',
        [{ path: 'assignedTo', message: 'Choose a member of the organization.' }],
      )
    }
    const rows = readComments(w.tx, w.org.id, input.commentIds)
    const updated = writeEach(
      w,
      rows,
      (row) => (row.assignedTo === to ? null : { assignedTo: to }),
      to
        ? { action: 'comment.assigned', meta: { assignedTo: to, assigneeName: name } }
        : { action: 'comment.unassigned', meta: {} },
    )
    return { updated }
  })
}

export function tagComments(ctx: ServiceContext, input: ApiParsedInput<'tagComments'>): { updated: number } {
  const add = [...new Set(input.add)]
  const remove = new Set(input.remove.map((tag) => tag.trim()).filter(Boolean))
  if (add.length === 0 && remove.size === 0) {
    throw new AppError('invalid_input', 'Name a tag to add or remove.', [
      { path: 'add', message: 'Name a tag to add or remove.' },
    ])
  }
  return mutateOrg(ctx, input.orgId, triage, (w) => {
    const rows = readComments(w.tx, w.org.id, input.commentIds)
    const updated = writeEach(
      w,
      rows,
      (row) => {
        const kept = row.tags.filter((tag) => !remove.has(tag))
        const tags = [...kept, ...add.filter((tag) => !kept.includes(tag))]
        const same = tags.length === row.tags.length && tags.every((tag, i) => tag === row.tags[i])
        return same ? null : { tags }
      },
      { action: 'comment.tagged', meta: { added: add, removed: [...remove] } },
    )
    return { updated }
  })
}

export function correctInsights(ctx: ServiceContext, input: ApiParsedInput<'correctInsights'>): InboxCommentView {
  return mutateOrg(ctx, input.orgId, triage, (w) => {
    const [row] = readComments(w.tx, w.org.id, [input.commentId])
    const stored = row!.aiInsights
    const before = (
      typeof stored.corrections === 'object' && stored.corrections && !Array.isArray(stored.corrections)
        ? stored.corrections
        : {}
    ) as JsonObject
    const corrections: JsonObject = { ...before }
    if (input.sentiment !== undefined) corrections.sentiment = input.sentiment
    if (input.question !== undefined) corrections.question = input.question
    if (input.urgent !== undefined) corrections.urgency = input.urgent ? 'high' : 'normal'
    const fields = Object.keys(corrections).filter((key) => corrections[key] !== before[key])
    writeEach(w, [row!], () => (fields.length ? { aiInsights: { ...stored, corrections } } : null), {
      action: 'comment.insights_corrected',
      meta: { fields },
    })
    return toCommentView(readInboxComments(w.db, w.org.id, [row!.id])[0]!)
  })
}
