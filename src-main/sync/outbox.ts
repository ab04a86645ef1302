/**
 * Sync's write side: the one way a synced row's change is recorded, and the
 * queue it waits in until the server has it. Inside the caller's
 * transaction, recordChange stamps every written field with a hybrid
 * logical clock, appends the mutation to the outbox with the next mutation
 * id, and writes the AUDIT_LOGS row (itself synced), so a change, its sync
 * record and its audit trail are committed together or not at all; once
 * that transaction commits, the org's file announces a local change (see
 * db/after-commit.ts), which the sync engine raises as `onLocalChange`. The
 * sync round reads the outbox in order and drops what the server
 * acknowledged.
 */
import type Database from 'better-sqlite3'
import { getTableColumns, getTableName, sql } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import { decodeHlc, encodeHlc, tickHlc } from '../../src-shared/sync/hlc'
import { isLocalOnlyField } from '../../src-shared/sync/local-only'
import { syncOpSchema, type ClientMutation, type SyncOp } from '../../src-shared/sync/ops'
import { SCHEMA_VERSION } from '../../src-shared/sync/protocol'
import { newId } from '../core/ids'
import { flagForCommit } from '../db/after-commit'
import type { Tx } from '../db/open'
import { auditLogs, fieldClocks, outbox } from '../db/schema/common'
import { clientId, readState, replicaState, writeState } from './sync-state'

export interface Actor {
  userId: string | null
  orgId: string | null
}

export interface Change {
  table: SQLiteTable
  rowId: string
  /** The fields written, keyed as in the Drizzle table (camelCase). */
  values: Record<string, unknown>
  /** What the op carries instead of the written value (a Yjs update for collaborative text). */
  opValues?: Record<string, unknown>
}

export interface AuditDetails {
  action: string
  entityType: string
  entityId: string
  meta?: JsonObject
}

function nextClock(tx: Tx, now: Date): string {
  const last = readState(tx, replicaState.hlc)
  const clock = encodeHlc(tickHlc(last ? decodeHlc(last) : null, now.getTime(), clientId(tx)))
  writeState(tx, replicaState.hlc, clock)
  return clock
}

function opsFor(change: Change, hlc: string): SyncOp[] {
  const columns = getTableColumns(change.table)
  const table = getTableName(change.table)
  return Object.entries(change.values).flatMap(([key, value]) => {
    const column = columns[key]
    if (!column) throw new Error(`Table ${table} has no field "${key}"`)
    // This device's tokens stay here: no op, no clock.
    if (isLocalOnlyField(table, column.name)) return []
    const carried = change.opValues && key in change.opValues ? change.opValues[key] : value
    return [{ table, rowId: change.rowId, field: column.name, value: carried ?? null, hlc }]
  })
}

/**
 * Records rows the caller has just written. Call inside the same
 * transaction as the write.
 */
export function recordChange(tx: Tx, actor: Actor, now: Date, changes: Change[], audit: AuditDetails): void {
  const hlc = nextClock(tx, now)
  const timestamp = now.toISOString()
  const auditRow = {
    id: newId(),
    orgId: actor.orgId,
    userId: actor.userId,
    action: audit.action,
    entityType: audit.entityType,
    entityId: audit.entityId,
    timestamp,
    meta: audit.meta ?? {},
  }
  tx.insert(auditLogs).values(auditRow).run()
  const ops = [...changes, { table: auditLogs, rowId: auditRow.id, values: auditRow }].flatMap((c) => opsFor(c, hlc))

  tx.insert(fieldClocks)
    .values(ops.map((op) => ({ tableName: op.table, rowId: op.rowId, field: op.field, hlc: op.hlc })))
    .onConflictDoUpdate({
      target: [fieldClocks.tableName, fieldClocks.rowId, fieldClocks.field],
      set: { hlc: sql`excluded.hlc` },
    })
    .run()
  const mutationId = (readState(tx, replicaState.lastMutationId) ?? 0) + 1
  writeState(tx, replicaState.lastMutationId, mutationId)
  tx.insert(outbox).values({ mutationId, ops, createdAt: timestamp }).run()
  flagForCommit()
}

/** How many mutations wait to be pushed. */
export const pendingCount = (sqlite: Database.Database): number =>
  (sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n

/** The oldest `limit` mutations, in order, as the push sends them. */
export function outboxBatch(sqlite: Database.Database, limit: number): ClientMutation[] {
  const client = clientId(sqlite)
  const rows = sqlite
    .prepare<[number], { mutation_id: number; ops: string }>(
      'SELECT mutation_id, ops FROM outbox ORDER BY mutation_id LIMIT ?',
    )
    .all(limit)
  return rows.map((row) => ({
    clientId: client,
    mutationId: row.mutation_id,
    schemaVersion: SCHEMA_VERSION,
    ops: syncOpSchema.array().parse(JSON.parse(row.ops)),
  }))
}

/** Drops every mutation up to `mutationId`: the server has them. */
export function dropThrough(sqlite: Database.Database, mutationId: number): void {
  sqlite.prepare('DELETE FROM outbox WHERE mutation_id <= ?').run(mutationId)
}
