/**
 * Compaction keeps the change log from growing forever. Entries up to a
 * sequence number are deleted and the org's horizon raised to it: a client
 * whose cursor is older then gets a reset (a snapshot of field_values)
 * instead of the changes. Rows deleted (deleted_at set) at or before the
 * horizon are purged from field_values and the entity tables, and
 * remembered in purged_rows so a late edit cannot bring back a fragment.
 * Memberships and the organization row are kept: they are the server's
 * record of who belongs.
 */
import { and, eq, inArray, lt, max, sql } from 'drizzle-orm'
import type { Db } from '../db/open'
import { entityTable } from '../db/entity-tables'
import { changeLog, fieldValues, orgSync, purgedRows } from '../db/schema'
import { distinctRows, lockOrg, type RowKey } from './store'

export interface CompactionResult {
  horizonSeq: number
  deletedEntries: number
  purgedRows: number
}

const NEVER_PURGED = ['memberships', 'organizations']
const ROWS_PER_STATEMENT = 1000

/** Deletes the org's change-log entries up to keepAfterSeq (and purges rows deleted by then). */
export async function compactOrg(
  db: Db,
  orgId: string,
  keepAfterSeq: number,
  now = new Date(),
): Promise<CompactionResult> {
  return db.transaction(async (tx) => {
    // Pushes wait meanwhile, so no entry can land below the new horizon.
    const state = await lockOrg(tx, orgId)
    const horizon = Math.min(keepAfterSeq, state.lastSeq)
    if (horizon <= state.horizonSeq) return { horizonSeq: state.horizonSeq, deletedEntries: 0, purgedRows: 0 }

    const deleted = await tx
      .delete(changeLog)
      .where(and(eq(changeLog.orgId, orgId), sql`${changeLog.seq} <= ${horizon}`))
      .returning({ seq: changeLog.seq })
    const tombstoned = await tx
      .select({ table: fieldValues.tableName, rowId: fieldValues.rowId })
      .from(fieldValues)
      .where(
        and(
          eq(fieldValues.orgId, orgId),
          eq(fieldValues.field, 'deleted_at'),
          sql`${fieldValues.value} is not null and ${fieldValues.value} <> 'null'::jsonb`,
          sql`${fieldValues.seq} <= ${horizon}`,
          sql`${fieldValues.tableName} not in (${sql.join(
            NEVER_PURGED.map((t) => sql`${t}`),
            sql`, `,
          )})`,
        ),
      )
    await purge(tx, orgId, distinctRows(tombstoned), now)
    await tx.update(orgSync).set({ horizonSeq: horizon }).where(eq(orgSync.orgId, orgId))
    return { horizonSeq: horizon, deletedEntries: deleted.length, purgedRows: tombstoned.length }
  })
}

async function purge(tx: Db, orgId: string, rows: RowKey[], now: Date): Promise<void> {
  const byTable = new Map<string, string[]>()
  for (const row of rows) byTable.set(row.table, [...(byTable.get(row.table) ?? []), row.rowId])
  for (const [table, ids] of byTable) {
    const entity = entityTable(table)
    for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
      const chunk = ids.slice(i, i + ROWS_PER_STATEMENT)
      await tx
        .delete(fieldValues)
        .where(and(eq(fieldValues.orgId, orgId), eq(fieldValues.tableName, table), inArray(fieldValues.rowId, chunk)))
      if (entity) {
        const idList = sql.join(
          chunk.map((id) => sql`${id}`),
          sql`, `,
        )
        await tx.execute(
          sql`delete from ${sql.identifier(table)} where ${sql.identifier('org_id')} = ${orgId} and ${sql.identifier('id')} in (${idList})`,
        )
      }
      await tx
        .insert(purgedRows)
        .values(chunk.map((rowId) => ({ orgId, tableName: table, rowId, purgedAt: now })))
        .onConflictDoNothing()
    }
  }
}

/**
 * Compacts every organization: entries older than the given age go. Safe to
 * run from several server processes at once (each org is compacted under
 * its lock).
 */
export async function compactAll(db: Db, now: Date, olderThanDays: number): Promise<Map<string, CompactionResult>> {
  const cutoff = new Date(now.getTime() - olderThanDays * 24 * 60 * 60 * 1000)
  const candidates = await db
    .select({ orgId: changeLog.orgId, keep: max(changeLog.seq) })
    .from(changeLog)
    .where(lt(changeLog.createdAt, cutoff))
    .groupBy(changeLog.orgId)
  const results = new Map<string, CompactionResult>()
  for (const { orgId, keep } of candidates) {
    if (keep !== null) results.set(orgId, await compactOrg(db, orgId, Number(keep), now))
  }
  return results
}
