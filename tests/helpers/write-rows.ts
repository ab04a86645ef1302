/**
 * Writes rows the way a service does — the rows, their clocks, the outbox
 * entry and the audit entry in one transaction — for tables whose services
 * come with later modules (channels, comments, schedule jobs).
 */
import { getTableName, sql } from 'drizzle-orm'
import { recordChange, type Change } from '../../src-main/sync/outbox'
import type { TestCore } from './core'

export function writeRows(
  core: TestCore,
  orgId: string,
  changes: Change[],
  action: string,
  { userId = null, opValues }: { userId?: string | null; opValues?: Record<string, unknown> } = {},
): void {
  const db = core.ctx.dbs.org(orgId)
  db.transaction((tx) => {
    for (const change of changes) {
      const exists = db.$client.prepare(`SELECT 1 FROM "${getTableName(change.table)}" WHERE id = ?`).get(change.rowId)
      if (exists)
        tx.update(change.table)
          .set(change.values)
          .where(sql`id = ${change.rowId}`)
          .run()
      else tx.insert(change.table).values(change.values).run()
    }
    const last = changes.at(-1)!
    // Collaborative text travels as a Yjs update on the last change.
    const withOps = opValues ? changes.map((c) => (c === last ? { ...c, opValues } : c)) : changes
    recordChange(tx, { userId, orgId }, core.clock.now(), withOps, {
      action,
      entityType: getTableName(last.table),
      entityId: last.rowId,
    })
  })
}
