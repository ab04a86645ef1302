/**
 * Posts: drafts now; scheduling, approvals and publishing build on these
 * rows. The caption is collaborative text: each edit travels as a Yjs
 * update, so two people editing the same caption both keep their words.
 */
import { and, desc, eq, isNull } from 'drizzle-orm'
import { AppError } from '../../src-shared/api/errors'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import { can } from '../../src-shared/entities/permissions'
import type { Organization, Post } from '../../src-shared/entities/models'
import { newId } from '../core/ids'
import type { OrgDb } from '../db/open'
import { posts } from '../db/schema/org'
import { editCollabText } from '../sync/collab-store'
import { recordChange } from './changes'
import type { ServiceContext } from './context'
import { getOrganization } from './organizations'
import { requireProfile } from './profile'

type PostRow = typeof posts.$inferSelect

const toPost = ({ deletedAt: _deleted, ...row }: PostRow): Post => row

export function listPosts(ctx: ServiceContext, input: ApiParsedInput<'listPosts'>): Post[] {
  getOrganization(ctx, input.orgId)
  const filters = [eq(posts.orgId, input.orgId), isNull(posts.deletedAt)]
  if (input.status) filters.push(eq(posts.status, input.status))
  return ctx.dbs
    .org(input.orgId)
    .select()
    .from(posts)
    .where(and(...filters))
    .orderBy(desc(posts.updatedAt))
    .limit(input.limit)
    .all()
    .map(toPost)
}

function requireWriter(org: Organization): void {
  if (!can(org.role, 'posts.create')) {
    throw new AppError(
      'forbidden',
      `As a ${org.role} in "${org.name}" you cannot write posts; ask an admin for the editor or contributor role.`,
    )
  }
}

function readPost(db: OrgDb, postId: string): Post {
  const row = db.select().from(posts).where(eq(posts.id, postId)).get()
  if (!row || row.deletedAt)
    throw new AppError('not_found', `There is no post with id "${postId}" in this organization.`)
  return toPost(row)
}

export function createDraft(ctx: ServiceContext, input: ApiParsedInput<'createDraft'>): Post {
  const org = getOrganization(ctx, input.orgId)
  requireWriter(org)
  const profile = requireProfile(ctx)
  const now = ctx.clock.now()
  const row = {
    id: newId(),
    orgId: org.id,
    caption: input.caption,
    tags: input.tags,
    socialAccountId: input.socialAccountId,
    mediaUrls: input.mediaUrls,
    groupId: input.groupId,
    status: 'draft' as const,
    createdBy: profile.id,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }
  const db = ctx.dbs.org(org.id)
  db.transaction((tx) => {
    tx.insert(posts).values(row).run()
    const caption = editCollabText(db.$client, { table: 'posts', rowId: row.id, field: 'caption' }, row.caption)
    recordChange(
      tx,
      { userId: profile.id, orgId: org.id },
      now,
      [{ table: posts, rowId: row.id, values: row, opValues: { caption } }],
      { action: 'post.drafted', entityType: 'post', entityId: row.id },
    )
  })
  ctx.emit({ type: 'posts.changed', orgId: org.id })
  return readPost(db, row.id)
}

export function updateDraft(ctx: ServiceContext, input: ApiParsedInput<'updateDraft'>): Post {
  const org = getOrganization(ctx, input.orgId)
  requireWriter(org)
  const profile = requireProfile(ctx)
  const db = ctx.dbs.org(org.id)
  const post = readPost(db, input.postId)
  const now = ctx.clock.now()
  const values: Partial<PostRow> = { updatedAt: now.toISOString() }
  if (input.caption !== undefined && input.caption !== post.caption) values.caption = input.caption
  if (input.tags !== undefined) values.tags = input.tags
  if (input.socialAccountId !== undefined) values.socialAccountId = input.socialAccountId
  if (input.mediaUrls !== undefined) values.mediaUrls = input.mediaUrls
  db.transaction((tx) => {
    const opValues: Record<string, unknown> = {}
    if (values.caption !== undefined) {
      opValues.caption = editCollabText(
        db.$client,
        { table: 'posts', rowId: post.id, field: 'caption' },
        values.caption,
      )
    }
    tx.update(posts).set(values).where(eq(posts.id, post.id)).run()
    recordChange(tx, { userId: profile.id, orgId: org.id }, now, [{ table: posts, rowId: post.id, values, opValues }], {
      action: 'post.edited',
      entityType: 'post',
      entityId: post.id,
      meta: { fields: Object.keys(values).filter((k) => k !== 'updatedAt') },
    })
  })
  ctx.emit({ type: 'posts.changed', orgId: org.id })
  return readPost(db, post.id)
}
