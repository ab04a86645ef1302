/**
 * The synced tables of each kind of local file, by their SQL names, with
 * their columns by SQL name and the column a row id names: what remote ops
 * are checked against and written through. An organization's file syncs
 * ORG_TABLES through its org's change log; account.sqlite syncs USER_TABLES
 * through the person's own (src-shared/sync/user-tables.ts).
 */
import { getTableColumns, getTableName } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { ORG_TABLES } from '../../src-shared/sync/op-permissions'
import { USER_TABLES } from '../../src-shared/sync/user-tables'
import * as accountSchema from '../db/schema/account'
import * as orgSchema from '../db/schema/org'

export interface SyncedTable {
  name: string
  table: SQLiteTable
  /** Columns by SQL name. */
  columns: Map<string, SQLiteColumn>
  /** The column an op's row id is the value of: `id`, or `user_id` for the one-per-person onboarding draft. */
  key: string
}

/** One kind of file's synced tables. */
export interface TablesCatalog {
  get(name: string): SyncedTable | undefined
  all(): SyncedTable[]
}

function catalog(schema: object, names: readonly string[], keys: Record<string, string> = {}): TablesCatalog {
  const tables = new Map<string, SyncedTable>()
  for (const value of Object.values(schema)) {
    if (typeof value !== 'object' || value === null || !('getSQL' in value)) continue
    const table = value as SQLiteTable
    const name = getTableName(table)
    if (!names.includes(name)) continue
    const columns = new Map(Object.values(getTableColumns(table)).map((c) => [c.name, c as SQLiteColumn]))
    const key = keys[name] ?? 'id'
    if (!columns.has(key)) throw new Error(`Synced table ${name} has no key column "${key}"`)
    tables.set(name, { name, table, columns, key })
  }
  const missing = names.filter((name) => !tables.has(name))
  if (missing.length) throw new Error(`Synced tables missing from the local schema: ${missing.join(', ')}`)
  return { get: (name) => tables.get(name), all: () => [...tables.values()] }
}

/** An organization's file. */
export const orgTables: TablesCatalog = catalog(orgSchema, ORG_TABLES)

/** account.sqlite: the person's own data. */
export const accountTables: TablesCatalog = catalog(accountSchema, USER_TABLES, { onboarding_draft_state: 'user_id' })
