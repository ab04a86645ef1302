/**
 * The inbox's other reads: one conversation (our post, the thread around the comment from what the fetcher kept
 * in platform_meta, the team's replies with their status, and who triaged it) and the counts beside the status
 * filter. The thread is read tolerantly: a platform that gives no parent or root simply has no thread.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import type { Conversation } from '../../src-shared/api/comments'
import { AppError } from '../../src-shared/api/errors'
import type { AuditEntry } from '../../src-shared/entities/models'
import type { ServiceContext } from '../core/context'
import type { OrgDb } from '../db/open'
import { auditLogs, memberships, posts } from '../db/schema/org'
import { readInboxComments, type InboxComment } from './comment-inbox'
import { metaText, toCommentView } from './comment-view'
import { getOrganization } from './org-access'
import { repliesOf, toReply } from './reply-writes'
import { requireProfile } from './profile'

const THREAD_LIMIT = 100

function names(db: OrgDb): Map<string, string> {
  return new Map(
    db
      .select({ userId: memberships.userId, name: memberships.userName })
      .from(memberships)
      .all()
      .filter((m) => m.name)
      .map((m) => [m.userId, m.name] as const),
  )
}

/** Ids of the comments around this one on its channel: its parents up the chain, its root's thread, its answers. */
function threadIds(db: OrgDb, orgId: string, comment: InboxComment): string[] {
  const parent = metaText(comment.platformMeta, 'inReplyToId')
  const root = metaText(comment.platformMeta, 'rootId')
  const own = db.get<{ pid: string }>(sql`SELECT platform_comment_id AS pid FROM comments WHERE id = ${comment.id}`)
  const mine = own?.pid ?? ''
  const anchors = [...new Set([root, parent, mine].filter((value): value is string => Boolean(value)))]
  const inList = sql.join(
    anchors.map((value) => sql`${value}`),
    sql`, `,
  )
  const rows = db.all<{ id: string }>(sql`
    SELECT id FROM comments
    WHERE org_id = ${orgId} AND deleted_at IS NULL AND social_account_id = ${comment.socialAccountId} AND id <> ${comment.id}
      AND (platform_comment_id IN (${inList})
        OR json_extract(platform_meta, '$.rootId') IN (${inList})
        OR json_extract(platform_meta, '$.inReplyToId') IN (${inList}))
    ORDER BY timestamp ASC, id ASC
    LIMIT ${THREAD_LIMIT}`)
  return rows.map((row) => row.id)
}

function readPost(db: OrgDb, postId: string | null): Conversation['post'] {
  if (!postId) return null
  const post = db
    .select({ id: posts.id, caption: posts.caption, publishedAt: posts.publishedAt, url: posts.platformUrl })
    .from(posts)
    .where(and(eq(posts.id, postId), isNull(posts.deletedAt)))
    .get()
  return post ?? null
}

/** Entries about the comment: its own, a selection's that listed it, and its replies' (meta.commentId). */
function readAudit(db: OrgDb, orgId: string, commentId: string, who: Map<string, string>): AuditEntry[] {
  return db
    .select()
    .from(auditLogs)
    .where(
      and(
        eq(auditLogs.orgId, orgId),
        sql`(${auditLogs.entityId} = ${commentId}
          OR json_extract(${auditLogs.meta}, '$.commentId') = ${commentId}
          OR EXISTS (SELECT 1 FROM json_each(${auditLogs.meta}, '$.commentIds') WHERE json_each.value = ${commentId}))`,
      ),
    )
    .orderBy(desc(auditLogs.timestamp), desc(auditLogs.id))
    .limit(200)
    .all()
    .map(({ orgId: _org, deletedAt: _deleted, ...entry }) => ({
      ...entry,
      actorName: entry.userId ? (who.get(entry.userId) ?? null) : null,
    }))
}

export function getConversation(ctx: ServiceContext, input: ApiParsedInput<'getConversation'>): Conversation {
  getOrganization(ctx, input.orgId)
  const db = ctx.dbs.org(input.orgId)
  const [comment] = readInboxComments(db, input.orgId, [input.commentId])
  if (!comment) throw new AppError('not_found', 'This comment is no longer in the inbox; it may have been removed.')
  const who = names(db)
  return {
    comment: toCommentView(comment),
    post: readPost(db, comment.postId),
    thread: readInboxComments(db, input.orgId, threadIds(db, input.orgId, comment)).map(toCommentView),
    replies: repliesOf(db, comment.id).map((row) => toReply(db, row)),
    audit: readAudit(db, input.orgId, comment.id, who),
  }
}

export function inboxCounts(
  ctx: ServiceContext,
  input: ApiParsedInput<'inboxCounts'>,
): { open: number; pending: number; snoozed: number; done: number; mine: number } {
  getOrganization(ctx, input.orgId)
  const me = requireProfile(ctx).id
  const db = ctx.dbs.org(input.orgId)
  const channels = input.channelIds?.length
    ? sql`AND social_account_id IN (${sql.join(
        input.channelIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``
  const rows = db.all<{ status: string; n: number; mine: number }>(sql`
    SELECT status, count(*) AS n, sum(assigned_to = ${me}) AS mine FROM comments
    WHERE org_id = ${input.orgId} AND deleted_at IS NULL ${channels}
    GROUP BY status`)
  const counts = { open: 0, pending: 0, snoozed: 0, done: 0, mine: 0 }
  for (const row of rows) {
    if (row.status in counts) counts[row.status as keyof typeof counts] = row.n
    if (row.status === 'open') counts.mine = row.mine ?? 0
  }
  return counts
}
