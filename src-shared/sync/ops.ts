/**
 * The unit of change that replicas exchange: one field of one row, stamped
 * with a hybrid logical clock. A mutation is a list of ops that were
 * committed together on one client.
 */
import { z } from 'zod'
import { isHlc } from './hlc'

export const PROTOCOL_VERSION = 1

/** What a row id may be: the characters of a UUID or any other plain id, so no id needs quoting anywhere. */
export const ROW_ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/

export const rowIdSchema = z.string().regex(ROW_ID_PATTERN, 'must be 1 to 64 letters, digits, "_" or "-"')

/** A clock in its one form (hlc.ts); every op is parsed with it, on the server's push and the desktop's pull. */
export const hlcSchema = z.string().refine(isHlc, 'must be a hybrid logical clock: <15 digits>:<5 digits>:<node>')

export const syncOpSchema = z.object({
  table: z.string().min(1),
  rowId: rowIdSchema,
  field: z.string().min(1),
  value: z.unknown(),
  hlc: hlcSchema,
})
export type SyncOp = z.infer<typeof syncOpSchema>

export const clientMutationSchema = z.object({
  clientId: z.string().min(1),
  mutationId: z.number().int().positive(),
  schemaVersion: z.number().int().positive(),
  ops: z.array(syncOpSchema).min(1),
})
export type ClientMutation = z.infer<typeof clientMutationSchema>
