/** The organization's activity, newest first: who did what, and when. */
import { desc, eq } from 'drizzle-orm'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import type { AuditEntry } from '../../src-shared/entities/models'
import { auditLogs } from '../db/schema/common'
import type { ServiceContext } from '../core/context'
import { getOrganization } from './org-access'
import type { auditLogApi } from '../../src-shared/api/audit-log'
import type { HandlersFor } from '../core/handlers'

export function listAuditLog(ctx: ServiceContext, input: ApiParsedInput<'listAuditLog'>): AuditEntry[] {
  getOrganization(ctx, input.orgId)
  return ctx.dbs
    .org(input.orgId)
    .select()
    .from(auditLogs)
    .where(eq(auditLogs.orgId, input.orgId))
    .orderBy(desc(auditLogs.timestamp), desc(auditLogs.id))
    .limit(input.limit)
    .all()
    .map(({ orgId: _org, deletedAt: _deleted, ...entry }) => entry)
}

export const auditLogHandlers = {
  listAuditLog: (ctx, input) => listAuditLog(ctx, input),
} satisfies HandlersFor<typeof auditLogApi>
