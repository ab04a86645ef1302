/**
 * A person's own change log: what their devices' account.sqlite files sync
 * (profile and preferences, subscriptions, Start Pages and their links, the
 * onboarding draft). The same bookkeeping as an organization's (sync.ts),
 * keyed by the user id instead of the org id, under the same TypeScript
 * names, so one implementation of push, pull, merge and compaction serves
 * both (sync/scope.ts).
 */
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import type { SyncOp } from '../../../src-shared/sync/ops'
import { jsonValue } from './json-value'

const seq = (name: string) => bigint(name, { mode: 'number' })
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const userFieldValues = pgTable(
  'user_field_values',
  {
    scopeId: text('user_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    field: text('field').notNull(),
    value: jsonValue('value'),
    hlc: text('hlc').notNull(),
    seq: seq('seq').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scopeId, t.tableName, t.rowId, t.field] }),
    // Finds whether a row id is already used by another person.
    index('user_field_values_row_idx').on(t.tableName, t.rowId),
  ],
)

export const userChangeLog = pgTable(
  'user_change_log',
  {
    scopeId: text('user_id').notNull(),
    seq: seq('seq').notNull(),
    clientId: text('client_id').notNull(),
    // Empty for changes the server made itself (the account's own record, billing).
    mutationId: seq('mutation_id'),
    ops: jsonb('ops').$type<SyncOp[]>().notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.seq] })],
)

export const userSync = pgTable('user_sync', {
  scopeId: text('user_id').primaryKey(),
  lastSeq: seq('last_seq').notNull().default(0),
  horizonSeq: seq('horizon_seq').notNull().default(0),
})

/** Only the person pushes here, so a client id needs no owner column: the scope is its owner. */
export const userClientCursors = pgTable(
  'user_client_cursors',
  {
    scopeId: text('user_id').notNull(),
    clientId: text('client_id').notNull(),
    lastMutationId: seq('last_mutation_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.clientId] })],
)

export const userPurgedRows = pgTable(
  'user_purged_rows',
  {
    scopeId: text('user_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    purgedAt: at('purged_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.tableName, t.rowId] })],
)
