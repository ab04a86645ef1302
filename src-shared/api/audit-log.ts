/** An organization's activity: who did what, and when. */
import { z } from 'zod'
import { auditEntrySchema } from '../entities/models'
import { id, method } from './fields'

export const auditLogApi = {
  listAuditLog: method(
    z.object({ orgId: id, limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.array(auditEntrySchema),
  ),
}
