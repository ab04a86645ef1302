/** The organization's activity, newest first: who did what, and when. */
import { desc, eq } from 'drizzle-orm'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import type { AuditEntry } from '../../src-shared/entities/models'
import { auditLogs } from '../db/schema/common'
import { memberships } from '../db/schema/org'
import type { ServiceContext } from '../core/context'
import { getOrganization } from './org-access'
import type { auditLogApi } from '../../src-shared/api/audit-log'
import type { HandlersFor } from '../core/handlers'

export function listAuditLog(ctx: ServiceContext, input: ApiParsedInput<'listAuditLog'>): AuditEntry[] {
  getOrganization(ctx, input.orgId)
  const db = ctx.dbs.org(input.orgId)
  // Names from the members list, including people who have since left, so "Sam joined" stays Sam.
  const names = new Map(
    db
      .select({ userId: memberships.userId, name: memberships.userName })
      .from(memberships)
      .all()
      .filter((m) => m.name)
      .map((m) => [m.userId, m.name] as const),
  )
  return db
    .select()
    .from(auditLogs)
    .where(eq(auditLogs.orgId, input.orgId))
    .orderBy(desc(auditLogs.timestamp), desc(auditLogs.id))
    .limit(input.limit)
    .all()
    .map(({ orgId: _org, deletedAt: _deleted, ...entry }) => ({
      ...entry,
      actorName: entry.userId ? (names.get(entry.userId) ?? null) : null,
    }))
}

export const auditLogHandlers = {
  listAuditLog: (ctx, input) => listAuditLog(ctx, input),
} satisfies HandlersFor<typeof auditLogApi>
