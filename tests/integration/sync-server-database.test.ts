/** The server's database opens migrated on embedded PGlite and on PostgreSQL, and opens again without re-migrating. */
import { sql } from 'drizzle-orm'
import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../sync-server/db/open'
import { users } from '../../sync-server/db/schema'
import { createPostgresDatabase, freshPgliteDir } from '../helpers/databases'

const user = {
  id: '0190a000-0000-7000-8000-000000000001',
  email: 'ana@example.com',
  passwordHash: 'x',
  name: 'Ana',
  createdAt: new Date('2026-03-01T09:00:00Z'),
}

async function tablesOf(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<string[]> {
  const result = (await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  )) as unknown as { rows: { table_name: string }[] }
  return result.rows.map((r) => r.table_name)
}

describe('server database', () => {
  // The template folder freshPgliteDir copies was itself made by openDatabase on an empty folder.
  it('creates the schema in a PGlite folder and keeps its data across a reopen', async () => {
    const dataDir = await freshPgliteDir()
    try {
      const first = await openDatabase({ dataDir, databaseUrl: undefined })
      expect(first.kind).toBe('pglite')
      expect(await tablesOf(first.db)).toEqual(expect.arrayContaining(['users', 'field_values', 'change_log', 'posts']))
      await first.db.insert(users).values(user)
      await first.close()

      const second = await openDatabase({ dataDir, databaseUrl: undefined })
      expect(await second.db.select({ email: users.email }).from(users)).toEqual([{ email: 'ana@example.com' }])
      await second.ping()
      await second.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('migrates a fresh PostgreSQL database once, even when two processes open it at the same time', async () => {
    const fresh = await createPostgresDatabase()
    try {
      const [a, b] = await Promise.all([
        openDatabase({ dataDir: '', databaseUrl: fresh.url }),
        openDatabase({ dataDir: '', databaseUrl: fresh.url }),
      ])
      expect(a.kind).toBe('postgres')
      await a.db.insert(users).values(user)
      expect(await b.db.select({ id: users.id }).from(users)).toEqual([{ id: user.id }])
      await Promise.all([a.close(), b.close()])
    } finally {
      await fresh.drop()
    }
  })
})
