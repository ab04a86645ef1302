/**
 * Merges ops from the server into a replica's file (an organization's, or
 * account.sqlite for the person's own data; `tables` says which): per
 * field, the higher hybrid logical clock wins, as on the server, so every
 * replica that has seen the same ops holds the same values whatever order
 * they came in. Runs in one transaction per batch; local clocks move past
 * every remote clock seen.
 */
import type Database from 'better-sqlite3'
import { decodeHlc, encodeHlc, receiveHlc } from '../../src-shared/sync/hlc'
import { isLocalOnlyField } from '../../src-shared/sync/local-only'
import type { SyncOp } from '../../src-shared/sync/ops'
import { combineUpdates, isCollabField, isCollabValue } from '../../src-shared/sync/collab-text'
import { mergeCollabText } from './collab-store'
import { clientId, readState, replicaState, writeState } from './sync-state'
import type { SyncedTable, TablesCatalog } from './synced-tables'

/** A row some of whose fields a batch changed: the hook that lets notifications see what arrived. */
export interface AppliedRow {
  table: string
  rowId: string
  fields: string[]
}

export interface ApplyResult {
  applied: number
  ignored: number
  tables: Set<string>
  rows: AppliedRow[]
}

interface RowOps {
  table: string
  rowId: string
  fields: Map<string, SyncOp>
}

function groupByRow(ops: SyncOp[]): RowOps[] {
  const rows = new Map<string, RowOps>()
  for (const op of ops) {
    const key = `${op.table}\u0000${op.rowId}`
    let row = rows.get(key)
    if (!row) rows.set(key, (row = { table: op.table, rowId: op.rowId, fields: new Map() }))
    const earlier = row.fields.get(op.field)
    if (earlier && isCollabValue(earlier.value) && isCollabValue(op.value)) {
      // Every update of collaborative text counts, not just the latest.
      const hlc = op.hlc > earlier.hlc ? op.hlc : earlier.hlc
      row.fields.set(op.field, { ...op, hlc, value: combineUpdates(earlier.value, op.value) })
    } else if (!earlier || op.hlc > earlier.hlc) row.fields.set(op.field, op)
  }
  return [...rows.values()]
}

function writeRow(sqlite: Database.Database, table: SyncedTable, row: RowOps, ops: SyncOp[]): void {
  const key = table.key
  const fields = ops.filter((op) => op.field !== key)
  const values = fields.map((op) => table.columns.get(op.field)!.mapToDriverValue(op.value) as unknown)
  // SQLite checks NOT NULL before an upsert's conflict clause, so a partial
  // update of an existing row has to be a plain UPDATE.
  const exists = sqlite.prepare(`SELECT 1 FROM "${row.table}" WHERE "${key}" = ?`).get(row.rowId)
  if (exists) {
    if (fields.length === 0) return
    sqlite
      .prepare(`UPDATE "${row.table}" SET ${fields.map((op) => `"${op.field}" = ?`).join(', ')} WHERE "${key}" = ?`)
      .run(...values, row.rowId)
    return
  }
  const columns = [`"${key}"`, ...fields.map((op) => `"${op.field}"`)]
  sqlite
    .prepare(`INSERT INTO "${row.table}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
    .run(row.rowId, ...values)
}

/** A clock of wall time 0: the server's way of saying it has no value for the field. */
const isZeroClock = (hlc: string): boolean => decodeHlc(hlc).wallMs === 0

/**
 * A restore in which the server knows none of a row's fields means the row
 * was never accepted (a refused creation): it goes, with its clocks.
 */
function forgetUnknownRow(sqlite: Database.Database, table: SyncedTable | undefined, row: RowOps): boolean {
  if (![...row.fields.values()].every((op) => isZeroClock(op.hlc)) || !table) return false
  sqlite.prepare(`DELETE FROM "${row.table}" WHERE "${table.key}" = ?`).run(row.rowId)
  sqlite.prepare('DELETE FROM field_clocks WHERE table_name = ? AND row_id = ?').run(row.table, row.rowId)
  return true
}

/**
 * Applies remote ops. With `force`, they win regardless of clocks: used to
 * restore the server's values after it refused a local change.
 */
export function applyRemoteOps(
  sqlite: Database.Database,
  tables: TablesCatalog,
  ops: SyncOp[],
  { now, force = false, after }: { now: Date; force?: boolean; after?: () => void },
): ApplyResult {
  const result: ApplyResult = { applied: 0, ignored: 0, tables: new Set(), rows: [] }
  const clockOf = sqlite.prepare<[string, string, string], { hlc: string }>(
    'SELECT hlc FROM field_clocks WHERE table_name = ? AND row_id = ? AND field = ?',
  )
  const setClock = sqlite.prepare(
    `INSERT INTO field_clocks (table_name, row_id, field, hlc) VALUES (?, ?, ?, ?)
     ON CONFLICT (table_name, row_id, field) DO UPDATE SET hlc = excluded.hlc`,
  )

  sqlite.transaction(() => {
    // Rows may arrive before the rows they point at; check references at commit.
    sqlite.pragma('defer_foreign_keys = ON')
    let newest: string | null = null
    for (const row of groupByRow(ops)) {
      const collab = new Set<string>()
      const table = tables.get(row.table)
      if (force && forgetUnknownRow(sqlite, table, row)) {
        result.applied++
        result.tables.add(row.table)
        continue
      }
      // Collaborative text merges every update, whatever its clock; the text is written through.
      for (const op of [...row.fields.values()]) {
        if (!isCollabField(op.table, op.field) || !isCollabValue(op.value)) continue
        row.fields.delete(op.field)
        const text = mergeCollabText(sqlite, op, op.value)
        const local = clockOf.get(op.table, op.rowId, op.field)?.hlc
        const hlc = !local || op.hlc > local ? op.hlc : local
        row.fields.set(op.field, { ...op, value: text, hlc })
        setClock.run(op.table, op.rowId, op.field, hlc)
        if (!newest || op.hlc > newest) newest = op.hlc
        collab.add(op.field)
      }
      const winners = [...row.fields.values()].filter((op) => {
        if (collab.has(op.field)) return true
        if (!table || !table.columns.has(op.field) || isZeroClock(op.hlc)) return false
        // Another device's token (or a forged one) never replaces the one this device holds.
        if (isLocalOnlyField(op.table, op.field)) return false
        const local = clockOf.get(op.table, op.rowId, op.field)?.hlc
        return force || !local || op.hlc > local
      })
      result.ignored += row.fields.size - winners.length
      if (winners.length === 0 || !table) continue
      writeRow(sqlite, table, row, winners)
      for (const op of winners) {
        setClock.run(op.table, op.rowId, op.field, op.hlc)
        if (!newest || op.hlc > newest) newest = op.hlc
      }
      result.applied += winners.length
      result.tables.add(row.table)
      result.rows.push({ table: row.table, rowId: row.rowId, fields: winners.map((op) => op.field) })
    }
    if (newest) {
      // Local clocks must stay ahead of everything seen, so later local edits win over it.
      const last = readState(sqlite, replicaState.hlc)
      const next = receiveHlc(last ? decodeHlc(last) : null, decodeHlc(newest), now.getTime(), clientId(sqlite))
      writeState(sqlite, replicaState.hlc, encodeHlc(next))
    }
    after?.()
  })()
  return result
}
