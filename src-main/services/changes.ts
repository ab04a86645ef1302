/**
 * The one way a service writes a synced row. Inside the caller's
 * transaction it stamps every written field with a hybrid logical clock,
 * appends the mutation to the outbox with the next mutation id, and writes
 * the AUDIT_LOGS row (itself synced), so a change, its sync record and its
 * audit trail are committed together or not at all.
 */
import { eq, getTableColumns, getTableName, sql } from 'drizzle-orm'
import type { BaseSQLiteDatabase, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import { decodeHlc, encodeHlc, tickHlc } from '../../src-shared/sync/hlc'
import { isLocalOnlyField } from '../../src-shared/sync/local-only'
import type { SyncOp } from '../../src-shared/sync/ops'
import { newId } from '../core/ids'
import { auditLogs, fieldClocks, outbox, syncState } from '../db/schema/common'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a transaction over either schema
export type Tx = BaseSQLiteDatabase<'sync', any, any>

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

function readState(tx: Tx, key: string): string | undefined {
  return tx.select({ value: syncState.value }).from(syncState).where(eq(syncState.key, key)).get()?.value
}

function writeState(tx: Tx, key: string, value: string): void {
  tx.insert(syncState).values({ key, value }).onConflictDoUpdate({ target: syncState.key, set: { value } }).run()
}

/** This replica's id: made once per database file, names it in every clock. */
export function clientId(tx: Tx): string {
  const existing = readState(tx, 'client_id')
  if (existing) return existing
  const id = newId()
  writeState(tx, 'client_id', id)
  return id
}

function nextClock(tx: Tx, now: Date): string {
  const last = readState(tx, 'hlc')
  const clock = encodeHlc(tickHlc(last ? decodeHlc(last) : null, now.getTime(), clientId(tx)))
  writeState(tx, 'hlc', clock)
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
  // Mutation ids rise by exactly one per client, even after the outbox is drained.
  const mutationId = Number(readState(tx, 'last_mutation_id') ?? '0') + 1
  writeState(tx, 'last_mutation_id', String(mutationId))
  tx.insert(outbox).values({ mutationId, ops, createdAt: timestamp }).run()
}
