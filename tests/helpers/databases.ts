/** Fresh server databases for tests: PGlite in a temporary folder, or a new database on the local PostgreSQL. */
import { createHash, randomBytes } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase, serverMigrationsDir, type Database } from '../../sync-server/db/open'

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface FreshPostgres {
  url: string
  drop(): Promise<void>
}

/** CREATE DATABASE bc_test_<random> on the local server; drop() removes it, ending any connection left. */
export async function createPostgresDatabase(): Promise<FreshPostgres> {
  const name = `bc_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
      await client.connect()
      try {
        await client.query(`drop database if exists ${name} with (force)`)
      } finally {
        await client.end()
      }
    },
  }
}

export interface TestDatabase extends Database {
  /** Closes the database and removes what it left behind. */
  dispose(): Promise<void>
}

export async function openTestDatabase(kind: 'pglite' | 'postgres' = 'pglite'): Promise<TestDatabase> {
  if (kind === 'postgres') {
    const fresh = await createPostgresDatabase()
    const database = await openDatabase({ dataDir: '', databaseUrl: fresh.url })
    return {
      ...database,
      async dispose() {
        await database.close()
        await fresh.drop()
      },
    }
  }
  const dataDir = await freshPgliteDir()
  const database = await openDatabase({ dataDir, databaseUrl: undefined })
  return {
    ...database,
    async dispose() {
      await database.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * A PGlite data folder with the schema already migrated. Creating a PGlite
 * cluster takes seconds; copying a migrated one takes milliseconds, so the
 * first test that needs one makes a template (per set of migrations) in the
 * temporary folder, and every test copies it.
 */
export async function freshPgliteDir(): Promise<string> {
  const template = await pgliteTemplate()
  const dir = mkdtempSync(join(tmpdir(), 'bc-server-'))
  cpSync(template, dir, { recursive: true })
  return dir
}

async function pgliteTemplate(): Promise<string> {
  const hash = createHash('sha256')
  for (const file of readdirSync(serverMigrationsDir, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.sql') || file.endsWith('.json')) {
      hash.update(file).update(readFileSync(join(serverMigrationsDir, file)))
    }
  }
  const dir = join(tmpdir(), `bc-pglite-template-${hash.digest('hex').slice(0, 16)}`)
  if (existsSync(join(dir, 'READY'))) return dir
  // Test files run in parallel: each builds its own copy and the first rename wins.
  const building = mkdtempSync(`${dir}-building-`)
  const database = await openDatabase({ dataDir: building, databaseUrl: undefined })
  await database.close()
  writeFileSync(join(building, 'READY'), '')
  try {
    renameSync(building, dir)
  } catch {
    rmSync(building, { recursive: true, force: true })
  }
  return dir
}
