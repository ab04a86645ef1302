/**
 * Ideas: the board of unscheduled ideas (words, media, tags), synced like any org row. A writer adds ideas
 * without approval; a contributor edits, deletes and turns into posts only their own (the shared per-field
 * rules, asked here before anything is written, as the sync server asks them of every pushed op). Turning an
 * idea into a post makes a draft with its words, media and tags and marks the idea with that post, in one
 * mutation: the draft and the idea leaving the board are taken or refused together.
 */
import { and, desc, eq, getTableColumns, isNull } from 'drizzle-orm'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { Idea, ideasApi } from '../../src-shared/api/ideas'
import type { Organization } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { fieldRefusal, type FieldOp } from '../../src-shared/sync/field-rules'
import type { ServiceContext } from '../core/context'
import type { HandlersFor } from '../core/handlers'
import { newId } from '../core/ids'
import type { Tx } from '../db/open'
import { ideas } from '../db/schema/org'
import type { Change } from '../sync/outbox'
import { getOrganization } from './org-access'
import { mutateOrg, type MemberWrite, type OrgMutation } from './org-mutation'
import { insertDraft, readPost } from './posts'

type IdeaRow = typeof ideas.$inferSelect

const toIdea = ({ deletedAt: _deleted, ...row }: IdeaRow): Idea => row

function requireIdeaWriter(org: Organization): void {
  if (!can(org.role, 'posts.create')) {
    throw new AppError(
      'forbidden',
      `As a ${org.role} in "${org.name}" you cannot add or change ideas; ask an admin for the editor or contributor role.`,
    )
  }
}

/** Ideas are shown with posts, so windows look at the posts again (their queries share the posts' key). */
const ideaWrite: OrgMutation = { allow: requireIdeaWriter, changed: ['posts'] }

const COLUMNS = getTableColumns(ideas)

/** An idea's fields by their synced names (snake_case), as the rules read them. */
function asFields(values: Partial<IdeaRow>): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) {
    const column = COLUMNS[key as keyof typeof COLUMNS]
    if (column) fields[column.name] = value ?? null
  }
  return fields
}

/** Throws the shared rules' sentence when this person may not write these fields of the idea (null: a new one). */
function requireIdeaChange(w: MemberWrite, ideaId: string, stored: IdeaRow | null, values: Partial<IdeaRow>): void {
  const ops: FieldOp[] = Object.entries(asFields(values)).map(([field, value]) => ({
    table: 'ideas',
    rowId: ideaId,
    field,
    value,
  }))
  const row = stored ? asFields(stored) : null
  for (const op of ops) {
    const refusal = fieldRefusal(w.org.role, op, row, w.userId, { mutation: ops, holdsPublishLease: false })
    if (refusal) throw new AppError('forbidden', refusal)
  }
}

function readIdea(tx: Tx, ideaId: string): IdeaRow {
  const row = tx.select().from(ideas).where(eq(ideas.id, ideaId)).get()
  if (!row || row.deletedAt) {
    throw new AppError('not_found', 'This idea is no longer on the board; someone may have deleted it.')
  }
  return row
}

/** An idea has something in it: words or a picture. */
function requireContent(text: string, media: readonly unknown[]): void {
  if (text.trim() === '' && media.length === 0) {
    throw new AppError('invalid_input', 'Write the idea or attach an image first.', [
      { path: 'text', message: 'Write the idea or attach an image first.' },
    ])
  }
}

/** Writes the idea's change once the rules allow it, and returns the change to record. */
function writeIdea(w: MemberWrite, stored: IdeaRow, values: Partial<IdeaRow>): Change {
  requireIdeaChange(w, stored.id, stored, values)
  w.tx.update(ideas).set(values).where(eq(ideas.id, stored.id)).run()
  return { table: ideas, rowId: stored.id, values }
}

export function listIdeas(ctx: ServiceContext, input: ApiParsedInput<'listIdeas'>): Idea[] {
  getOrganization(ctx, input.orgId)
  return ctx.dbs
    .org(input.orgId)
    .select()
    .from(ideas)
    .where(and(eq(ideas.orgId, input.orgId), isNull(ideas.deletedAt), isNull(ideas.postId)))
    .orderBy(desc(ideas.createdAt), desc(ideas.id))
    .all()
    .map(toIdea)
}

export function createIdea(ctx: ServiceContext, input: ApiParsedInput<'createIdea'>): Idea {
  requireContent(input.text, input.mediaUrls)
  return mutateOrg(ctx, input.orgId, ideaWrite, (w) => {
    const now = w.now.toISOString()
    const row: IdeaRow = {
      id: newId(),
      orgId: w.org.id,
      text: input.text,
      mediaUrls: input.mediaUrls,
      tags: input.tags,
      createdBy: w.userId,
      postId: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    }
    requireIdeaChange(w, row.id, null, row)
    w.tx.insert(ideas).values(row).run()
    const { deletedAt: _none, ...values } = row
    w.record([{ table: ideas, rowId: row.id, values }], {
      action: 'idea.created',
      entityType: 'idea',
      entityId: row.id,
    })
    return toIdea(readIdea(w.tx, row.id))
  })
}

export function updateIdea(ctx: ServiceContext, input: ApiParsedInput<'updateIdea'>): Idea {
  return mutateOrg(ctx, input.orgId, ideaWrite, (w) => {
    const idea = readIdea(w.tx, input.ideaId)
    const values: Partial<IdeaRow> = { updatedAt: w.now.toISOString() }
    if (input.text !== undefined && input.text !== idea.text) values.text = input.text
    if (input.mediaUrls !== undefined) values.mediaUrls = input.mediaUrls
    if (input.tags !== undefined) values.tags = input.tags
    requireContent(values.text ?? idea.text, values.mediaUrls ?? idea.mediaUrls)
    const change = writeIdea(w, idea, values)
    const fields = Object.keys(values).filter((k) => k !== 'updatedAt')
    w.record([change], { action: 'idea.edited', entityType: 'idea', entityId: idea.id, meta: { fields } })
    return toIdea(readIdea(w.tx, idea.id))
  })
}

export function deleteIdea(ctx: ServiceContext, input: ApiParsedInput<'deleteIdea'>): { deleted: true } {
  return mutateOrg(ctx, input.orgId, ideaWrite, (w) => {
    const idea = readIdea(w.tx, input.ideaId)
    const now = w.now.toISOString()
    const change = writeIdea(w, idea, { deletedAt: now, updatedAt: now })
    w.record([change], { action: 'idea.deleted', entityType: 'idea', entityId: idea.id })
    return { deleted: true as const }
  })
}

export function turnIdeaIntoPost(ctx: ServiceContext, input: ApiParsedInput<'turnIdeaIntoPost'>) {
  return mutateOrg(ctx, input.orgId, ideaWrite, (w) => {
    const idea = readIdea(w.tx, input.ideaId)
    if (idea.postId) {
      throw new AppError('conflict', 'This idea is a post already; open it from Drafts.')
    }
    // One transaction: a refusal to mark the idea (a contributor's, for someone else's) takes the draft back too.
    const draft = insertDraft(w, {
      caption: idea.text,
      tags: idea.tags,
      mediaUrls: idea.mediaUrls,
      socialAccountId: null,
      groupId: null,
    })
    const mark = writeIdea(w, idea, { postId: draft.rowId, updatedAt: w.now.toISOString() })
    w.record([draft, mark], {
      action: 'idea.turned_into_post',
      entityType: 'idea',
      entityId: idea.id,
      meta: { postId: draft.rowId },
    })
    return { idea: toIdea(readIdea(w.tx, idea.id)), post: readPost(w.tx, draft.rowId) }
  })
}

export const ideasHandlers = {
  listIdeas: (ctx, input) => listIdeas(ctx, input),
  createIdea: (ctx, input) => createIdea(ctx, input),
  updateIdea: (ctx, input) => updateIdea(ctx, input),
  deleteIdea: (ctx, input) => deleteIdea(ctx, input),
  turnIdeaIntoPost: (ctx, input) => turnIdeaIntoPost(ctx, input),
} satisfies HandlersFor<typeof ideasApi>
