/**
 * The org file's synced tables by their SQL names, with their columns by SQL
 * name: what remote ops are checked against and written through.
 */
import { getTableColumns, getTableName } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { ORG_TABLES, type OrgTable } from '../../src-shared/sync/op-permissions'
import * as orgSchema from '../db/schema/org'

export interface SyncedTable {
  name: OrgTable
  table: SQLiteTable
  /** Columns by SQL name. */
  columns: Map<string, SQLiteColumn>
}

const tables = new Map<string, SyncedTable>()
for (const value of Object.values(orgSchema)) {
  if (typeof value !== 'object' || value === null || !('getSQL' in value)) continue
  const table = value as SQLiteTable
  const name = getTableName(table)
  if (!(ORG_TABLES as readonly string[]).includes(name)) continue
  const columns = new Map(Object.values(getTableColumns(table)).map((c) => [c.name, c as SQLiteColumn]))
  tables.set(name, { name: name as OrgTable, table, columns })
}

export function syncedTable(name: string): SyncedTable | undefined {
  return tables.get(name)
}

export const syncedTables = (): SyncedTable[] => [...tables.values()]
