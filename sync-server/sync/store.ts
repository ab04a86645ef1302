/**
 * Reads and locks of the sync bookkeeping that push, pull, compaction and
 * the server's own changes share.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../db/open'
import { fieldValues, orgSync, purgedRows } from '../db/schema'

export interface OrgSyncState {
  orgId: string
  lastSeq: number
  horizonSeq: number
}

/**
 * Locks the org's counter row until the transaction ends. Whoever holds it
 * is the only writer of the org's change log, so sequence numbers become
 * visible in order and a reader's cursor never skips one.
 */
export async function lockOrg(tx: Db, orgId: string): Promise<OrgSyncState> {
  await tx.insert(orgSync).values({ orgId }).onConflictDoNothing()
  const [row] = await tx.select().from(orgSync).where(eq(orgSync.orgId, orgId)).for('update')
  return { orgId, lastSeq: row!.lastSeq, horizonSeq: row!.horizonSeq }
}

export async function saveLastSeq(tx: Db, state: OrgSyncState): Promise<void> {
  await tx.update(orgSync).set({ lastSeq: state.lastSeq }).where(eq(orgSync.orgId, state.orgId))
}

export async function readOrgSync(db: Db, orgId: string): Promise<OrgSyncState> {
  const [row] = await db.select().from(orgSync).where(eq(orgSync.orgId, orgId))
  return { orgId, lastSeq: row?.lastSeq ?? 0, horizonSeq: row?.horizonSeq ?? 0 }
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
export const fieldAsOp = {
  table: fieldValues.tableName,
  rowId: fieldValues.rowId,
  field: fieldValues.field,
  value: fieldValues.value,
  hlc: fieldValues.hlc,
}

export interface StoredField {
  value: unknown
  hlc: string
}

/** The org's stored fields of these rows, by fieldKey. */
export async function readFields(tx: Db, orgId: string, rows: readonly RowKey[]): Promise<Map<string, StoredField>> {
  const stored = new Map<string, StoredField>()
  if (rows.length === 0) return stored
  const found = await tx
    .select(fieldAsOp)
    .from(fieldValues)
    .where(and(eq(fieldValues.orgId, orgId), rowsIn(rows, fieldValues)))
  for (const f of found) stored.set(fieldKey(f.table, f.rowId, f.field), { value: f.value ?? null, hlc: f.hlc })
  return stored
}

/** Which of these rows another organization already has (by rowKey). */
export async function rowsOfOtherOrgs(tx: Db, orgId: string, rows: readonly RowKey[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set()
  const found = await tx
    .selectDistinct({ table: fieldValues.tableName, rowId: fieldValues.rowId })
    .from(fieldValues)
    .where(and(sql`${fieldValues.orgId} <> ${orgId}`, rowsIn(rows, fieldValues)))
  return new Set(found.map((r) => rowKey(r.table, r.rowId)))
}

/** Which of these rows were deleted and purged past the horizon (by rowKey). */
export async function purgedAmong(tx: Db, orgId: string, rows: readonly RowKey[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set()
  const found = await tx
    .select({ table: purgedRows.tableName, rowId: purgedRows.rowId })
    .from(purgedRows)
    .where(and(eq(purgedRows.orgId, orgId), rowsIn(rows, purgedRows)))
  return new Set(found.map((r) => rowKey(r.table, r.rowId)))
}
