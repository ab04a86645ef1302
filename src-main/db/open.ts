/**
 * Opens one SQLite file with the settings every local database needs and
 * brings its schema up to date with the committed drizzle-kit migrations.
 */
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as accountSchema from './schema/account'
import * as orgSchema from './schema/org'

export type AccountDb = BetterSQLite3Database<typeof accountSchema> & { $client: Database.Database }
export type OrgDb = BetterSQLite3Database<typeof orgSchema> & { $client: Database.Database }
export type AnyDb = AccountDb | OrgDb
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a transaction over either schema
export type Tx = BaseSQLiteDatabase<'sync', any, any>

export interface OpenedDb<D> {
  db: D
  sqlite: Database.Database
}

function openSqlite(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true })
  const sqlite = new Database(file)
  // WAL lets the UI read while the scheduler or sync writes.
  sqlite.pragma('journal_mode = WAL')
  // NORMAL is durable across application crashes in WAL mode, and much faster than FULL.
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  // Another process (a second window's host, a backup tool) may hold the lock briefly.
  sqlite.pragma('busy_timeout = 5000')
  return sqlite
}

export function openAccountDb(file: string, migrationsDir: string): OpenedDb<AccountDb> {
  const sqlite = openSqlite(file)
  const db = drizzle(sqlite, { schema: accountSchema })
  migrate(db, { migrationsFolder: join(migrationsDir, 'desktop', 'account') })
  return { db, sqlite }
}

export function openOrgDb(file: string, migrationsDir: string): OpenedDb<OrgDb> {
  const sqlite = openSqlite(file)
  const db = drizzle(sqlite, { schema: orgSchema })
  migrate(db, { migrationsFolder: join(migrationsDir, 'desktop', 'org') })
  return { db, sqlite }
}
