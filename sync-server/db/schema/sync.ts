/**
 * The sync bookkeeping. An organization's change log and a person's own
 * (user-sync.ts) have the same tables, keyed by their scope: the org id
 * here, the user id there. The TypeScript name of that key is `scopeId` in
 * both, so push, pull, merge and compaction are written once over either
 * (sync/scope.ts). Per scope:
 * - field_values: the authoritative merged state, one row per field, last
 *   writer wins by hybrid logical clock (text order is clock order).
 * - change_log: the ops that won, one entry per mutation, under a per-org
 *   sequence number; what pull serves.
 * - org_sync: the per-org counter, locked FOR UPDATE to hand out sequence
 *   numbers in commit order (a plain sequence can commit out of order and
 *   make a reader's cursor skip an entry), and the compaction horizon.
 * - client_cursors: the last mutation id seen from each client.
 * - purged_rows: rows deleted and purged past the horizon, so a late edit
 *   from an offline device cannot bring back a fragment of them.
 */
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import type { SyncOp } from '../../../src-shared/sync/ops'
import { jsonValue } from './json-value'

const seq = (name: string) => bigint(name, { mode: 'number' })
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const fieldValues = pgTable(
  'field_values',
  {
    scopeId: text('org_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    field: text('field').notNull(),
    value: jsonValue('value'),
    hlc: text('hlc').notNull(),
    // The change-log entry that last wrote this field; compaction purges by it.
    seq: seq('seq').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scopeId, t.tableName, t.rowId, t.field] }),
    // Finds whether a row id is already used by another organization.
    index('field_values_row_idx').on(t.tableName, t.rowId),
  ],
)

export const changeLog = pgTable(
  'change_log',
  {
    scopeId: text('org_id').notNull(),
    seq: seq('seq').notNull(),
    clientId: text('client_id').notNull(),
    // Empty for changes the server made itself (memberships, invitations).
    mutationId: seq('mutation_id'),
    ops: jsonb('ops').$type<SyncOp[]>().notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.seq] })],
)

export const orgSync = pgTable('org_sync', {
  scopeId: text('org_id').primaryKey(),
  lastSeq: seq('last_seq').notNull().default(0),
  // Entries at or below this were compacted away; older cursors get a reset.
  horizonSeq: seq('horizon_seq').notNull().default(0),
})

export const clientCursors = pgTable(
  'client_cursors',
  {
    scopeId: text('org_id').notNull(),
    clientId: text('client_id').notNull(),
    // The person whose device the client id is: nobody else may push under it.
    userId: text('user_id').notNull(),
    lastMutationId: seq('last_mutation_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.clientId] })],
)

export const purgedRows = pgTable(
  'purged_rows',
  {
    scopeId: text('org_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    purgedAt: at('purged_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.tableName, t.rowId] })],
)
