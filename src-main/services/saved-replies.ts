/**
 * Saved replies: the team's shared answers, a title and a body with {{placeholders}}
 * (src-shared/engage/placeholders.ts). The body is collaborative text, as a post's caption is: each edit travels
 * as a Yjs update, so two people improving the same answer offline both keep their words. A body whose braces
 * are broken is refused with a sentence naming the token; the custom placeholders it uses are listed with the
 * label the reply box asks with. Anyone who may reply uses and edits them; viewers read them.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { SavedReply } from '../../src-shared/api/replies'
import { checkPlaceholders, isBuiltIn, placeholderKeys, placeholderLabel } from '../../src-shared/engage/placeholders'
import type { Placeholder } from '../../src-shared/entities/json-shapes'
import type { Organization } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import type { ServiceContext } from '../core/context'
import { newId } from '../core/ids'
import type { Tx } from '../db/open'
import { savedReplies } from '../db/schema/org'
import { editCollabText } from '../sync/collab-store'
import { getOrganization } from './org-access'
import { mutateOrg, type OrgMutation } from './org-mutation'

type SavedReplyRow = typeof savedReplies.$inferSelect

const toSavedReply = ({ deletedAt: _deleted, ...row }: SavedReplyRow): SavedReply => row

function requireWriter(org: Organization): void {
  if (!can(org.role, 'comments.reply')) {
    throw new AppError(
      'forbidden',
      `As a viewer in "${org.name}" you can use the saved replies but not change them; ask an admin for the contributor or editor role.`,
    )
  }
}

const savedReplyWrite: OrgMutation = { allow: requireWriter, changed: ['engage'] }

/** Refuses a body whose braces are not placeholders, naming each token and how to write it. */
function requireValidBody(body: string): void {
  const problems = checkPlaceholders(body)
  if (problems.length > 0) {
    throw new AppError(
      'invalid_input',
      problems.join(' '),
      problems.map((message) => ({ path: 'body', message })),
    )
  }
}

/**
 * The custom placeholders `body` uses, in order, each with its declared label and fallback (or its name in words):
 * built-in ones need no declaring, and a declared one the body no longer uses is dropped.
 */
function customPlaceholders(body: string, declared: readonly Placeholder[]): Placeholder[] {
  return placeholderKeys(body)
    .filter((key) => !isBuiltIn(key))
    .map((key) => {
      const given = declared.find((p) => p.key === key)
      const fallback = given?.fallback?.trim()
      return { key, label: placeholderLabel(key, declared), ...(fallback ? { fallback } : {}) }
    })
}

function readSavedReply(tx: Tx, savedReplyId: string): SavedReplyRow {
  const row = tx.select().from(savedReplies).where(eq(savedReplies.id, savedReplyId)).get()
  if (!row || row.deletedAt) {
    throw new AppError('not_found', 'This saved reply is gone; someone may have deleted it.')
  }
  return row
}

export function listSavedReplies(ctx: ServiceContext, input: ApiParsedInput<'listSavedReplies'>): SavedReply[] {
  const org = getOrganization(ctx, input.orgId)
  return ctx.dbs
    .org(org.id)
    .select()
    .from(savedReplies)
    .where(and(eq(savedReplies.orgId, org.id), isNull(savedReplies.deletedAt)))
    .orderBy(sql`${savedReplies.title} COLLATE NOCASE`, asc(savedReplies.id))
    .all()
    .map(toSavedReply)
}

export function createSavedReply(ctx: ServiceContext, input: ApiParsedInput<'createSavedReply'>): SavedReply {
  requireValidBody(input.body)
  return mutateOrg(ctx, input.orgId, savedReplyWrite, (w) => {
    const row = {
      id: newId(),
      orgId: w.org.id,
      ownerId: w.userId,
      title: input.title,
      body: input.body,
      placeholders: customPlaceholders(input.body, input.placeholders),
    }
    w.tx.insert(savedReplies).values(row).run()
    const body = editCollabText(w.db.$client, { table: 'saved_replies', rowId: row.id, field: 'body' }, row.body)
    w.record([{ table: savedReplies, rowId: row.id, values: row, opValues: { body } }], {
      action: 'saved_reply.created',
      entityType: 'saved_reply',
      entityId: row.id,
      meta: { title: row.title },
    })
    return toSavedReply(readSavedReply(w.tx, row.id))
  })
}

export function updateSavedReply(ctx: ServiceContext, input: ApiParsedInput<'updateSavedReply'>): SavedReply {
  if (input.body !== undefined) requireValidBody(input.body)
  return mutateOrg(ctx, input.orgId, savedReplyWrite, (w) => {
    const stored = readSavedReply(w.tx, input.savedReplyId)
    const values: Partial<SavedReplyRow> = {}
    const opValues: Record<string, unknown> = {}
    if (input.title !== undefined && input.title !== stored.title) values.title = input.title
    const body = input.body ?? stored.body
    if (body !== stored.body) {
      values.body = body
      opValues.body = editCollabText(w.db.$client, { table: 'saved_replies', rowId: stored.id, field: 'body' }, body)
    }
    const placeholders = customPlaceholders(body, input.placeholders ?? stored.placeholders)
    if (JSON.stringify(placeholders) !== JSON.stringify(stored.placeholders)) values.placeholders = placeholders
    if (Object.keys(values).length === 0) return toSavedReply(stored)
    w.tx.update(savedReplies).set(values).where(eq(savedReplies.id, stored.id)).run()
    w.record([{ table: savedReplies, rowId: stored.id, values, opValues }], {
      action: 'saved_reply.edited',
      entityType: 'saved_reply',
      entityId: stored.id,
      meta: { fields: Object.keys(values) },
    })
    return toSavedReply(readSavedReply(w.tx, stored.id))
  })
}

export function deleteSavedReply(ctx: ServiceContext, input: ApiParsedInput<'deleteSavedReply'>): { deleted: true } {
  return mutateOrg(ctx, input.orgId, savedReplyWrite, (w) => {
    const stored = readSavedReply(w.tx, input.savedReplyId)
    const values = { deletedAt: w.now.toISOString() }
    w.tx.update(savedReplies).set(values).where(eq(savedReplies.id, stored.id)).run()
    w.record([{ table: savedReplies, rowId: stored.id, values }], {
      action: 'saved_reply.deleted',
      entityType: 'saved_reply',
      entityId: stored.id,
      meta: { title: stored.title },
    })
    return { deleted: true as const }
  })
}
