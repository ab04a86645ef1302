/**
 * What this device tells its person about the inbox: a comment a teammate assigned to them, once the pull that
 * brought the assignment has committed. Never about the person's own assignment (of themselves, from another of
 * their devices): the audit entry that came with it says who assigned it.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { ServiceContext } from '../core/context'
import { auditLogs, comments, memberships } from '../db/schema/org'
import type { AppliedRow } from '../sync/apply-remote'
import { notify } from './notifications'
import { firstWords } from './post-notifications'
import { findProfile } from './profile'

/** Called after a pull is committed, with the rows it wrote. */
export function noticeAssignedComments(ctx: ServiceContext, orgId: string, rows: AppliedRow[]): void {
  try {
    const ids = rows.filter((r) => r.table === 'comments' && r.fields.includes('assigned_to')).map((r) => r.rowId)
    const me = ids.length ? findProfile(ctx) : null
    if (!me) return
    const db = ctx.dbs.org(orgId)
    const mine = db
      .select({ id: comments.id, text: comments.text, author: comments.author })
      .from(comments)
      .where(and(inArray(comments.id, ids), eq(comments.assignedTo, me.id), isNull(comments.deletedAt)))
      .all()
    if (mine.length === 0) return
    const by = db
      .select({ userId: auditLogs.userId })
      .from(auditLogs)
      .where(
        and(
          eq(auditLogs.action, 'comment.assigned'),
          sql`EXISTS (SELECT 1 FROM json_each(${auditLogs.meta}, '$.commentIds') WHERE json_each.value = ${mine[0]!.id})`,
        ),
      )
      .orderBy(desc(auditLogs.timestamp))
      .get()
    if (by?.userId === me.id) return
    const who = by?.userId
      ? db
          .select({ name: memberships.userName })
          .from(memberships)
          .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, by.userId)))
          .get()?.name
      : null
    const first = mine[0]!
    notify(ctx, {
      orgId,
      kind: 'comment.assigned',
      title:
        mine.length === 1 ? `Assigned to you: ${firstWords(first.text)}` : `${mine.length} comments assigned to you`,
      body:
        mine.length === 1
          ? `${who || 'A teammate'} asks you to answer ${first.author.name}. Open Engage to reply.`
          : `${who || 'A teammate'} asks you to answer them. Open Engage to see them.`,
      postId: null,
    })
  } catch (error) {
    // A notification that cannot be made must not fail the sync round that brought the data.
    console.error('Could not make assignment notifications:', error)
  }
}
