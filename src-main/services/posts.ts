/** Posts: drafts now; scheduling, approvals and publishing build on these rows. */
import { and, desc, eq, isNull } from 'drizzle-orm'
import { AppError } from '../../src-shared/api/errors'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import { can } from '../../src-shared/entities/permissions'
import type { Post } from '../../src-shared/entities/models'
import { newId } from '../core/ids'
import { posts } from '../db/schema/org'
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

export function createDraft(ctx: ServiceContext, input: ApiParsedInput<'createDraft'>): Post {
  const org = getOrganization(ctx, input.orgId)
  if (!can(org.role, 'posts.create')) {
    throw new AppError(
      'forbidden',
      `As a ${org.role} in "${org.name}" you cannot create posts; ask an admin for the editor or contributor role.`,
    )
  }
  const profile = requireProfile(ctx)
  const now = ctx.clock.now()
  const row = {
    id: newId(),
    orgId: org.id,
    caption: input.caption,
    tags: input.tags,
    status: 'draft' as const,
    createdBy: profile.id,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }
  const db = ctx.dbs.org(org.id)
  db.transaction((tx) => {
    tx.insert(posts).values(row).run()
    recordChange(tx, { userId: profile.id, orgId: org.id }, now, [{ table: posts, rowId: row.id, values: row }], {
      action: 'post.drafted',
      entityType: 'post',
      entityId: row.id,
    })
  })
  ctx.emit({ type: 'posts.changed', orgId: org.id })
  const created = db.select().from(posts).where(eq(posts.id, row.id)).get()
  if (!created) throw new Error('The draft was written but cannot be read back')
  return toPost(created)
}
