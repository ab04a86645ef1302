/**
 * Opens the server's database and brings its schema up to date: embedded
 * PGlite in DATA_DIR by default (no set-up), or PostgreSQL through a
 * node-postgres pool when DATABASE_URL is set. Both speak the same Drizzle
 * pg-core API, so the rest of the server does not know which it has.
 */
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres'
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import pg from 'pg'
import type { ServerConfig } from '../config'
import * as schema from './schema'

export type Schema = typeof schema
/** A database or a transaction: services take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>

export const serverMigrationsDir = join(import.meta.dirname, '..', '..', 'migrations', 'server')

// Any constant both processes agree on: serializes migrations of a fresh database.
const MIGRATION_LOCK_KEY = 72_023_117

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  /** The PostgreSQL pool when DATABASE_URL is set (the LISTEN/NOTIFY bus needs its connection string). */
  pool: pg.Pool | null
  /** Throws when the database does not answer. */
  ping(): Promise<void>
  close(): Promise<void>
}

export async function openDatabase(
  config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>,
  migrationsFolder = serverMigrationsDir,
): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, migrationsFolder)
    : openPglite(resolve(config.dataDir), migrationsFolder)
}

async function openPglite(dataDir: string, migrationsFolder: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true })
  const client = new PGlite(dataDir)
  const db = drizzlePglite({ client, schema })
  try {
    await migratePglite(db, { migrationsFolder })
  } catch (error) {
    await client.close()
    throw error
  }
  return {
    db,
    kind: 'pglite',
    pool: null,
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => client.close(),
  }
}

async function openPostgres(connectionString: string, migrationsFolder: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 10 })
  // An idle client's error (the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  try {
    const client = await pool.connect()
    try {
      // Several server processes may start at once on a fresh database.
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
      await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder })
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {})
      client.release()
    }
  } catch (error) {
    await pool.end()
    throw error
  }
  const db = drizzleNodePg({ client: pool, schema })
  return {
    db,
    kind: 'postgres',
    pool,
    ping: async () => void (await pool.query('select 1')),
    close: () => pool.end(),
  }
}
