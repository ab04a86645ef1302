/**
 * Tables every local database has: the sync bookkeeping (per-field clocks,
 * the outbox of mutations waiting to be pushed, small key/value state) and
 * the audit log, which every service writes in the same transaction as its
 * change.
 */
import { sql } from 'drizzle-orm'
import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import type { JsonObject } from '../../../src-shared/entities/json-shapes'
import type { SyncOp } from '../../../src-shared/sync/ops'

/** A tombstone: synced rows are never deleted outright, only marked. */
export const tombstone = () => text('deleted_at')

/** Last-writer-wins clock per field; the merge compares these. */
export const fieldClocks = sqliteTable(
  'field_clocks',
  {
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    field: text('field').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowId, t.field] })],
)

/** Mutations in the order they were made locally; ids rise by one. */
export const outbox = sqliteTable('outbox', {
  mutationId: integer('mutation_id').primaryKey(),
  ops: text('ops', { mode: 'json' }).$type<SyncOp[]>().notNull(),
  createdAt: text('created_at').notNull(),
})

/**
 * Yjs document state of collaborative text fields (post captions, saved
 * reply bodies); the plain text is written through to the field's column.
 */
export const collabDocs = sqliteTable(
  'collab_docs',
  {
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    field: text('field').notNull(),
    state: blob('state', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowId, t.field] })],
)

/** Small durable state: this replica's client id, last clock, sync cursor. */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

export const auditLogs = sqliteTable(
  'audit_logs',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id'),
    userId: text('user_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    timestamp: text('timestamp').notNull(),
    meta: text('meta', { mode: 'json' })
      .$type<JsonObject>()
      .notNull()
      .default(sql`'{}'`),
    deletedAt: tombstone(),
  },
  (t) => [
    index('audit_logs_org_time_idx').on(t.orgId, t.timestamp),
    index('audit_logs_entity_idx').on(t.entityType, t.entityId),
  ],
)
