/**
 * The tables ops may write, per kind of scope, looked up by the names ops
 * carry (the SQL table and column names, as the desktop's outbox writes
 * them), with the kind of value each column holds so a bad value is refused
 * before it reaches the database, and where the merged values are projected
 * so the server can query them.
 */
import { getTableColumns, getTableName } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { ORG_TABLES } from '../../src-shared/sync/op-permissions'
import { USER_TABLES } from '../../src-shared/sync/user-tables'
import * as entities from './schema/entities'
import * as userSchema from './schema/user-entities'

export type ColumnKind = 'text' | 'json' | 'integer' | 'number' | 'boolean'

export interface EntityTable {
  /** The table name ops carry. */
  name: string
  /** The SQL table the merged values are projected into. */
  sqlName: string
  /** The fields ops may carry (SQL column name → what it holds). */
  columns: ReadonlyMap<string, ColumnKind>
  /** The column filled from the scope's id (org_id, user_id), or null when the row id alone is the key. */
  scopeColumn: string | null
  /** The column filled from the op's row id. */
  rowIdColumn: string
  /**
   * upsert: rows are made by sync; update: the row exists already and sync only changes some of its
   * columns (the account's own row of users), so only `projected` columns are written.
   */
  write: 'upsert' | 'update'
  /** The columns projected; every column but the keys when absent. */
  projected?: ReadonlySet<string>
}

export type EntityCatalog = (name: string) => EntityTable | undefined

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
    case 'PgBoolean':
      return 'boolean'
    default:
      throw new Error(`The sync server has no rule for columns of type ${columnType}`)
  }
}

function columnsOf(table: PgTable, omit: readonly string[] = []): Map<string, ColumnKind> {
  return new Map(
    Object.values(getTableColumns(table))
      .filter((c) => !omit.includes(c.name))
      .map((c) => [c.name, kindOf(c.columnType)] as const),
  )
}

function catalog(tables: EntityTable[], expected: readonly string[], kind: string): EntityCatalog {
  const byName = new Map(tables.map((t) => [t.name, t]))
  for (const name of expected) {
    if (!byName.has(name)) throw new Error(`The sync server has no table for the ${kind} table "${name}"`)
  }
  return (name) => byName.get(name)
}

/** An organization's tables: the desktop's org file, every row keyed by (org_id, id) but the organization's own. */
export const orgEntities = catalog(
  (Object.values(entities) as PgTable[]).map((table) => {
    const columns = columnsOf(table)
    const name = getTableName(table)
    return {
      name,
      sqlName: name,
      columns,
      scopeColumn: columns.has('org_id') ? 'org_id' : null,
      rowIdColumn: 'id',
      write: 'upsert' as const,
    }
  }),
  ORG_TABLES,
  'org',
)

const upsert = (table: PgTable, name = getTableName(table), omit: readonly string[] = []): EntityTable => ({
  name,
  sqlName: getTableName(table),
  columns: columnsOf(table, omit),
  scopeColumn: 'user_id',
  rowIdColumn: 'id',
  write: 'upsert',
})

/**
 * A person's tables: the desktop's account file. The profile row is the account's own row of users, whose
 * name and preferences sync and whose other fields the server keeps (the rules say which).
 */
export const userEntities = catalog(
  [
    {
      name: 'users',
      sqlName: 'users',
      columns: new Map<string, ColumnKind>([
        ['id', 'text'],
        ['name', 'text'],
        ['email', 'text'],
        ['role', 'text'],
        ['preferences', 'json'],
        ['created_at', 'text'],
        ['deleted_at', 'text'],
      ]),
      scopeColumn: null,
      rowIdColumn: 'id',
      write: 'update',
      projected: new Set(['name', 'preferences']),
    },
    upsert(userSchema.subscriptions),
    upsert(userSchema.startPages),
    // A link's row carries its page, not its person: user_id is the server's key only.
    upsert(userSchema.startPageLinks, 'start_page_links', ['user_id']),
    {
      ...upsert(userSchema.onboardingDraftState),
      // One draft per person: the row id is the user id.
      rowIdColumn: 'user_id',
    },
    upsert(userSchema.userAuditLogs, 'audit_logs'),
  ],
  USER_TABLES,
  'user',
)

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
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false'
    case 'json':
      return value === undefined ? 'must be a JSON value' : null
  }
}
