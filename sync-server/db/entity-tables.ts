/**
 * The org tables ops may write, looked up by the names ops carry (the SQL
 * table and column names, as the desktop's outbox writes them), with the
 * kind of value each column holds so a bad value is refused before it
 * reaches the database.
 */
import { getTableColumns, getTableName } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { ORG_TABLES, type OrgTable } from '../../src-shared/sync/op-permissions'
import * as entities from './schema/entities'

export type ColumnKind = 'text' | 'json' | 'integer' | 'number'

export interface EntityTable {
  name: OrgTable
  table: PgTable
  /** SQL column name → what it holds. */
  columns: ReadonlyMap<string, ColumnKind>
  /** organizations is keyed by its id alone; every other table by (org_id, id). */
  keyedByOrg: boolean
}

function kindOf(columnType: string): ColumnKind {
  switch (columnType) {
    case 'PgText':
      return 'text'
    case 'PgJsonb':
      return 'json'
    case 'PgBigInt53':
      return 'integer'
    case 'PgDoublePrecision':
      return 'number'
    default:
      throw new Error(`The sync server has no rule for columns of type ${columnType}`)
  }
}

const byName = new Map<string, EntityTable>()
for (const table of Object.values(entities) as PgTable[]) {
  const name = getTableName(table) as OrgTable
  const columns = new Map(Object.values(getTableColumns(table)).map((c) => [c.name, kindOf(c.columnType)] as const))
  byName.set(name, { name, table, columns, keyedByOrg: columns.has('org_id') })
}
for (const name of ORG_TABLES) {
  if (!byName.has(name)) throw new Error(`The sync server has no table for the org table "${name}"`)
}

export const entityTable = (name: string): EntityTable | undefined => byName.get(name)
export const entityTables = (): EntityTable[] => [...byName.values()]

/** Null when the value fits the column, else why not. */
export function valueProblem(kind: ColumnKind, value: unknown): string | null {
  if (value === null) return null
  switch (kind) {
    case 'text':
      return typeof value === 'string' ? null : 'must be text'
    case 'integer':
      return Number.isSafeInteger(value) ? null : 'must be a whole number'
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number'
    case 'json':
      return value === undefined ? 'must be a JSON value' : null
  }
}
