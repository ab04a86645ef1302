/**
 * Reads and locks of the sync bookkeeping that push, pull, compaction and
 * the server's own changes share, for either kind of scope (scope.ts).
 */
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/open'
import { orgScope, storageOf, type SyncScope } from './scope'

export interface ScopeSyncState {
  scope: SyncScope
  lastSeq: number
  horizonSeq: number
}

/**
 * Locks the scope's counter row until the transaction ends. Whoever holds it
 * is the only writer of the scope's change log, so sequence numbers become
 * visible in order and a reader's cursor never skips one.
 */
export async function lockScope(tx: Db, scope: SyncScope): Promise<ScopeSyncState> {
  const { counters } = storageOf(scope)
  await tx.insert(counters).values({ scopeId: scope.id }).onConflictDoNothing()
  const [row] = await tx.select().from(counters).where(eq(counters.scopeId, scope.id)).for('update')
  return { scope, lastSeq: row!.lastSeq, horizonSeq: row!.horizonSeq }
}

/** lockScope for an organization: member changes and the publisher take it to serialize with pushes. */
export const lockOrg = (tx: Db, orgId: string): Promise<ScopeSyncState> => lockScope(tx, orgScope(orgId))

export async function saveLastSeq(tx: Db, state: ScopeSyncState): Promise<void> {
  const { counters } = storageOf(state.scope)
  await tx.update(counters).set({ lastSeq: state.lastSeq }).where(eq(counters.scopeId, state.scope.id))
}

export async function readScopeSync(db: Db, scope: SyncScope): Promise<ScopeSyncState> {
  const { counters } = storageOf(scope)
  const [row] = await db.select().from(counters).where(eq(counters.scopeId, scope.id))
  return { scope, lastSeq: row?.lastSeq ?? 0, horizonSeq: row?.horizonSeq ?? 0 }
}

export interface RowKey {
  table: string
  rowId: string
}

export const rowKey = (table: string, rowId: string) => `${table}\u0000${rowId}`
export const fieldKey = (table: string, rowId: string, field: string) => `${table}\u0000${rowId}\u0000${field}`

export function distinctRows(keys: readonly RowKey[]): RowKey[] {
  const seen = new Map<string, RowKey>()
  for (const key of keys) seen.set(rowKey(key.table, key.rowId), { table: key.table, rowId: key.rowId })
  return [...seen.values()]
}

function rowsIn(rows: readonly RowKey[], table: { tableName: unknown; rowId: unknown }): SQL {
  return sql`(${table.tableName}, ${table.rowId}) in (${sql.join(
    rows.map((r) => sql`(${r.table}, ${r.rowId})`),
    sql`, `,
  )})`
}

/** A stored field selected in the shape of an op. */
export function fieldAsOp(scope: SyncScope) {
  const { fieldValues } = storageOf(scope)
  return {
    table: fieldValues.tableName,
    rowId: fieldValues.rowId,
    field: fieldValues.field,
    value: fieldValues.value,
    hlc: fieldValues.hlc,
  }
}

export interface StoredField {
  value: unknown
  hlc: string
}

/**
 * The scope's stored fields of these rows, by fieldKey, in one query. With `only`, just those fields bring
 * their values and every other stored field of the rows is there with a null value: enough to know a row
 * exists without reading its captions.
 */
export async function readFields(
  tx: Db,
  scope: SyncScope,
  rows: readonly RowKey[],
  only?: readonly string[],
): Promise<Map<string, StoredField>> {
  const stored = new Map<string, StoredField>()
  if (rows.length === 0) return stored
  const { fieldValues } = storageOf(scope)
  const named = only?.length
    ? sql`${fieldValues.field} in (${sql.join(
        only.map((f) => sql`${f}`),
        sql`, `,
      )})`
    : sql`false`
  const value = only
    ? sql<unknown>`case when ${named} then ${fieldValues.value} end`.mapWith(fieldValues.value)
    : fieldValues.value
  const found = await tx
    .select({ ...fieldAsOp(scope), value })
    .from(fieldValues)
    .where(and(eq(fieldValues.scopeId, scope.id), rowsIn(rows, fieldValues)))
  for (const f of found) stored.set(fieldKey(f.table, f.rowId, f.field), { value: f.value ?? null, hlc: f.hlc })
  return stored
}

/** Which of these rows another scope of the same kind already has (by rowKey): ids are never shared. */
export async function rowsOfOtherScopes(tx: Db, scope: SyncScope, rows: readonly RowKey[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set()
  const { fieldValues } = storageOf(scope)
  const found = await tx
    .selectDistinct({ table: fieldValues.tableName, rowId: fieldValues.rowId })
    .from(fieldValues)
    .where(and(sql`${fieldValues.scopeId} <> ${scope.id}`, rowsIn(rows, fieldValues)))
  return new Set(found.map((r) => rowKey(r.table, r.rowId)))
}

/** rowsOfOtherScopes for an organization (attaching one checks its rows are not another's). */
export const rowsOfOtherOrgs = (tx: Db, orgId: string, rows: readonly RowKey[]): Promise<Set<string>> =>
  rowsOfOtherScopes(tx, orgScope(orgId), rows)

/** Which of these rows were deleted and purged past the horizon (by rowKey). */
export async function purgedAmong(tx: Db, scope: SyncScope, rows: readonly RowKey[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set()
  const { purgedRows } = storageOf(scope)
  const found = await tx
    .select({ table: purgedRows.tableName, rowId: purgedRows.rowId })
    .from(purgedRows)
    .where(and(eq(purgedRows.scopeId, scope.id), rowsIn(rows, purgedRows)))
  return new Set(found.map((r) => rowKey(r.table, r.rowId)))
}
