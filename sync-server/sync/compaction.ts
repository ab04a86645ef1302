/**
 * Compaction keeps change logs from growing forever, an organization's and a
 * person's alike. Entries up to a sequence number are deleted and the
 * scope's horizon raised to it: a client whose cursor is older then gets a
 * reset (a snapshot of field_values) instead of the changes. Rows deleted
 * (deleted_at set) at or before the horizon are purged from field_values
 * and the entity tables, and remembered in purged_rows so a late edit
 * cannot bring back a fragment. The server's own records (memberships, the
 * organization row, the account's profile row) are kept.
 */
import { and, eq, inArray, lt, max, sql } from 'drizzle-orm'
import type { Db } from '../db/open'
import { orgScope, storageOf, type ScopeKind, type SyncScope } from './scope'
import { distinctRows, lockScope, type RowKey } from './store'

export interface CompactionResult {
  horizonSeq: number
  deletedEntries: number
  purgedRows: number
}

const ROWS_PER_STATEMENT = 1000

/** Deletes the scope's change-log entries up to keepAfterSeq (and purges rows deleted by then). */
export async function compactScope(
  db: Db,
  scope: SyncScope,
  keepAfterSeq: number,
  now = new Date(),
): Promise<CompactionResult> {
  const { changeLog, fieldValues, counters, neverPurged } = storageOf(scope)
  return db.transaction(async (tx) => {
    // Pushes wait meanwhile, so no entry can land below the new horizon.
    const state = await lockScope(tx, scope)
    const horizon = Math.min(keepAfterSeq, state.lastSeq)
    if (horizon <= state.horizonSeq) return { horizonSeq: state.horizonSeq, deletedEntries: 0, purgedRows: 0 }

    const deleted = await tx
      .delete(changeLog)
      .where(and(eq(changeLog.scopeId, scope.id), sql`${changeLog.seq} <= ${horizon}`))
      .returning({ seq: changeLog.seq })
    const tombstoned = await tx
      .select({ table: fieldValues.tableName, rowId: fieldValues.rowId })
      .from(fieldValues)
      .where(
        and(
          eq(fieldValues.scopeId, scope.id),
          eq(fieldValues.field, 'deleted_at'),
          sql`${fieldValues.value} is not null and ${fieldValues.value} <> 'null'::jsonb`,
          sql`${fieldValues.seq} <= ${horizon}`,
          sql`${fieldValues.tableName} not in (${sql.join(
            neverPurged.map((t) => sql`${t}`),
            sql`, `,
          )})`,
        ),
      )
    await purge(tx, scope, distinctRows(tombstoned), now)
    await tx.update(counters).set({ horizonSeq: horizon }).where(eq(counters.scopeId, scope.id))
    return { horizonSeq: horizon, deletedEntries: deleted.length, purgedRows: tombstoned.length }
  })
}

/** compactScope for an organization. */
export const compactOrg = (db: Db, orgId: string, keepAfterSeq: number, now = new Date()) =>
  compactScope(db, orgScope(orgId), keepAfterSeq, now)

async function purge(tx: Db, scope: SyncScope, rows: RowKey[], now: Date): Promise<void> {
  const { fieldValues, purgedRows, entities } = storageOf(scope)
  const byTable = new Map<string, string[]>()
  for (const row of rows) byTable.set(row.table, [...(byTable.get(row.table) ?? []), row.rowId])
  for (const [table, ids] of byTable) {
    const entity = entities(table)
    for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
      const chunk = ids.slice(i, i + ROWS_PER_STATEMENT)
      await tx
        .delete(fieldValues)
        .where(
          and(eq(fieldValues.scopeId, scope.id), eq(fieldValues.tableName, table), inArray(fieldValues.rowId, chunk)),
        )
      if (entity?.scopeColumn) {
        const idList = sql.join(
          chunk.map((id) => sql`${id}`),
          sql`, `,
        )
        await tx.execute(
          sql`delete from ${sql.identifier(entity.sqlName)} where ${sql.identifier(entity.scopeColumn)} = ${scope.id} and ${sql.identifier(entity.rowIdColumn)} in (${idList})`,
        )
      }
      await tx
        .insert(purgedRows)
        .values(chunk.map((rowId) => ({ scopeId: scope.id, tableName: table, rowId, purgedAt: now })))
        .onConflictDoNothing()
    }
  }
}

/**
 * Compacts every organization's and every person's log: entries older than
 * the given age go. Safe to run from several server processes at once (each
 * scope is compacted under its lock).
 */
export async function compactAll(
  db: Db,
  now: Date,
  olderThanDays: number,
): Promise<Map<string, CompactionResult & { scope: SyncScope }>> {
  const cutoff = new Date(now.getTime() - olderThanDays * 24 * 60 * 60 * 1000)
  const results = new Map<string, CompactionResult & { scope: SyncScope }>()
  for (const kind of ['org', 'user'] as ScopeKind[]) {
    const { changeLog } = storageOf({ kind, id: '' })
    const candidates = await db
      .select({ id: changeLog.scopeId, keep: max(changeLog.seq) })
      .from(changeLog)
      .where(lt(changeLog.createdAt, cutoff))
      .groupBy(changeLog.scopeId)
    for (const { id, keep } of candidates) {
      if (keep === null) continue
      const scope = { kind, id }
      results.set(`${kind}:${id}`, { scope, ...(await compactScope(db, scope, Number(keep), now)) })
    }
  }
  return results
}
