/**
 * Posts: drafts now; scheduling, approvals and publishing build on these
 * rows. The caption is collaborative text: each edit travels as a Yjs
 * update, so two people editing the same caption both keep their words.
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { AppError } from '../../src-shared/api/errors'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import { can } from '../../src-shared/entities/permissions'
import type { Organization, Post } from '../../src-shared/entities/models'
import { newId } from '../core/ids'
import type { Tx } from '../db/open'
import { posts } from '../db/schema/org'
import { editCollabText } from '../sync/collab-store'
import type { Change } from '../sync/outbox'
import { cancelPendingJobs } from './post-timing'
import type { ServiceContext } from '../core/context'
import { getOrganization } from './org-access'
import { mutateOrg, type MemberWrite, type OrgMutation } from './org-mutation'
import { requirePostChange } from './post-writes'
import type { postsApi } from '../../src-shared/api/posts'
import type { HandlersFor } from '../core/handlers'

type PostRow = typeof posts.$inferSelect

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

export const toPost = ({ deletedAt: _deleted, ...row }: PostRow): Post => row

/** When a post counts for the calendar's range and the Sent tab: published posts by when they went out. */
const postTime = sql<
  string | null
>`CASE WHEN ${posts.status} = 'published' THEN ${posts.publishedAt} ELSE ${posts.scheduledAt} END`

// Times are stored as toISOString() (UTC, 'Z'), so comparing text compares instants.
const utc = (iso: string) => new Date(iso).toISOString()

export function listPosts(ctx: ServiceContext, input: ApiParsedInput<'listPosts'>): Post[] {
  getOrganization(ctx, input.orgId)
  const filters: SQL[] = [eq(posts.orgId, input.orgId), isNull(posts.deletedAt)]
  if (input.status) filters.push(eq(posts.status, input.status))
  if (input.statuses) filters.push(input.statuses.length ? inArray(posts.status, input.statuses) : sql`0`)
  if (input.channelId) filters.push(eq(posts.socialAccountId, input.channelId))
  if (input.from) filters.push(sql`${postTime} >= ${utc(input.from)}`)
  if (input.to) filters.push(sql`${postTime} < ${utc(input.to)}`)
  const order =
    input.order === 'schedule'
      ? [sql`${posts.scheduledAt} IS NULL`, asc(posts.scheduledAt), asc(posts.createdAt)]
      : input.order === 'published'
        ? [sql`${posts.publishedAt} IS NULL`, desc(posts.publishedAt), desc(posts.updatedAt)]
        : [desc(posts.updatedAt)]
  return ctx.dbs
    .org(input.orgId)
    .select()
    .from(posts)
    .where(and(...filters))
    .orderBy(...order)
    .limit(input.limit)
    .all()
    .map(toPost)
}

export function requireWriter(org: Organization): void {
  if (!can(org.role, 'posts.create')) {
    throw new AppError(
      'forbidden',
      `As a ${org.role} in "${org.name}" you cannot write posts; ask an admin for the editor or contributor role.`,
    )
  }
}

export function readPost(db: Tx, postId: string): Post {
  const row = db.select().from(posts).where(eq(posts.id, postId)).get()
  if (!row || row.deletedAt)
    throw new AppError('not_found', `There is no post with id "${postId}" in this organization.`)
  return toPost(row)
}

/** A post on its way out, or out already, is what the platform has: it cannot change here any more. */
export function requireChangeable(post: Post, doing: string): void {
  if (post.status === 'publishing') {
    throw new AppError('conflict', `This post is being published right now, so you cannot ${doing} it.`)
  }
  if (post.status === 'published') {
    throw new AppError(
      'conflict',
      `This post is already published, so you cannot ${doing} it. Write a new post instead.`,
    )
  }
}

/** Writing drafts: writers only; windows look at the posts again. */
const draftWrite: OrgMutation = { allow: requireWriter, changed: ['posts'] }

/** What a new draft holds. */
export interface DraftFields {
  caption: string
  tags: string[]
  socialAccountId: string | null
  mediaUrls: Post['mediaUrls']
  groupId: string | null
  /** What goes out after the post; absent for none (ideas and bulk rows have neither). */
  firstComment?: string | null
  threadParts?: Post['threadParts']
}

/** Writes a new draft inside the caller's org mutation: its row, and the change to record. */
export function insertDraft({ org, userId, db, tx, now }: MemberWrite, fields: DraftFields): Change {
  const row = {
    id: newId(),
    orgId: org.id,
    ...fields,
    firstComment: fields.firstComment ?? null,
    threadParts: fields.threadParts ?? [],
    status: 'draft' as const,
    createdBy: userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }
  tx.insert(posts).values(row).run()
  const caption = editCollabText(db.$client, { table: 'posts', rowId: row.id, field: 'caption' }, row.caption)
  return { table: posts, rowId: row.id, values: row, opValues: { caption } }
}

/** A draft's input; a caller inside the app (tests, the bench) may leave out what goes out after the post. */
type CreateDraftInput = Omit<ApiParsedInput<'createDraft'>, 'firstComment' | 'threadParts'> &
  Partial<Pick<ApiParsedInput<'createDraft'>, 'firstComment' | 'threadParts'>>

export function createDraft(ctx: ServiceContext, input: CreateDraftInput): Post {
  return mutateOrg(ctx, input.orgId, draftWrite, (w) => {
    const { orgId: _org, ...fields } = input
    const change = insertDraft(w, fields)
    w.record([change], { action: 'post.drafted', entityType: 'post', entityId: change.rowId })
    return readPost(w.tx, change.rowId)
  })
}

/** What an edit may change; absent fields stay as they are. */
export type DraftEdit = Partial<
  Pick<PostRow, 'caption' | 'tags' | 'socialAccountId' | 'mediaUrls' | 'groupId' | 'firstComment' | 'threadParts'>
>

/**
 * Edits a post (read in this transaction, changeable) inside the caller's org mutation: the changes to record
 * and the fields the audit names. The caption travels as a Yjs update.
 */
export function editDraft(w: MemberWrite, post: Post, edit: DraftEdit): { changes: Change[]; fields: string[] } {
  const { org, userId, db, tx, now } = w
  const values: Partial<PostRow> = { updatedAt: now.toISOString() }
  if (edit.caption !== undefined && edit.caption !== post.caption) values.caption = edit.caption
  if (edit.tags !== undefined) values.tags = edit.tags
  if (edit.socialAccountId !== undefined) values.socialAccountId = edit.socialAccountId
  if (edit.mediaUrls !== undefined) values.mediaUrls = edit.mediaUrls
  if (edit.groupId !== undefined) values.groupId = edit.groupId
  if (edit.firstComment !== undefined && edit.firstComment !== post.firstComment) {
    values.firstComment = edit.firstComment
  }
  if (edit.threadParts !== undefined && !same(edit.threadParts, post.threadParts)) values.threadParts = edit.threadParts
  // What an approver said yes to must not change behind their back: a contributor's edit asks again. A field that
  // goes out with the post (thread parts, a first comment) counts here too, as in the shared APPROVED_CONTENT_FIELDS
  // rule, which refuses the edit otherwise.
  const contentChanged =
    values.caption !== undefined ||
    (values.socialAccountId !== undefined && values.socialAccountId !== post.socialAccountId) ||
    (values.mediaUrls !== undefined && !same(values.mediaUrls, post.mediaUrls)) ||
    values.firstComment !== undefined ||
    values.threadParts !== undefined
  const askAgain =
    contentChanged &&
    (post.status === 'scheduled' || post.status === 'approved') &&
    !can(org.role, 'posts.publish_without_approval')
  if (askAgain) {
    values.status = 'needs_approval'
    values.approvalData = { requestedBy: userId, requestedAt: now.toISOString() }
  }
  // The shared per-field rules, before anything of the edit is written (its caption's update included).
  requirePostChange(w, post.id, values)
  const jobs: Change[] = []
  if (askAgain) {
    jobs.push(...cancelPendingJobs(tx, post.id, 'edited by a contributor: sent for approval again'))
    w.alsoChanged('schedule')
  }
  const opValues: Record<string, unknown> = {}
  if (values.caption !== undefined) {
    opValues.caption = editCollabText(db.$client, { table: 'posts', rowId: post.id, field: 'caption' }, values.caption)
  }
  tx.update(posts).set(values).where(eq(posts.id, post.id)).run()
  const fields = Object.keys(values).filter((k) => k !== 'updatedAt')
  return { changes: [{ table: posts, rowId: post.id, values, opValues }, ...jobs], fields }
}

export function updateDraft(ctx: ServiceContext, input: ApiParsedInput<'updateDraft'>): Post {
  return mutateOrg(ctx, input.orgId, draftWrite, (w) => {
    const post = readPost(w.tx, input.postId)
    requireChangeable(post, 'edit')
    const { orgId: _org, postId: _post, ...edit } = input
    const { changes, fields } = editDraft(w, post, edit)
    w.record(changes, { action: 'post.edited', entityType: 'post', entityId: post.id, meta: { fields } })
    return readPost(w.tx, post.id)
  })
}

export const postsHandlers = {
  listPosts: (ctx, input) => listPosts(ctx, input),
  createDraft: (ctx, input) => createDraft(ctx, input),
  updateDraft: (ctx, input) => updateDraft(ctx, input),
} satisfies HandlersFor<typeof postsApi>
