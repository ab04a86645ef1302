/**
 * The unit of change that replicas exchange: one field of one row, stamped
 * with a hybrid logical clock. A mutation is a list of ops that were
 * committed together on one client.
 */
import { z } from 'zod'

export const PROTOCOL_VERSION = 1

export const syncOpSchema = z.object({
  table: z.string().min(1),
  rowId: z.string().min(1),
  field: z.string().min(1),
  value: z.unknown(),
  hlc: z.string().min(1),
})
export type SyncOp = z.infer<typeof syncOpSchema>

export const clientMutationSchema = z.object({
  clientId: z.string().min(1),
  mutationId: z.number().int().positive(),
  schemaVersion: z.number().int().positive(),
  ops: z.array(syncOpSchema).min(1),
})
export type ClientMutation = z.infer<typeof clientMutationSchema>
