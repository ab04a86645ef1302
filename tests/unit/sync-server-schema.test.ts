/** The server's org tables mirror the desktop's, column for column, so ops mean the same on both sides. */
import { getTableColumns, getTableName, is, Table } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import * as desktop from '../../src-main/db/schema/org'
import { ORG_TABLES } from '../../src-shared/sync/op-permissions'
import { entityTable } from '../../sync-server/db/entity-tables'

const desktopTables = new Map(
  (Object.values(desktop) as unknown[])
    .filter((value): value is Table => is(value, Table))
    .map((table) => [getTableName(table), table]),
)

// What each desktop column type becomes on the server.
const SERVER_KIND: Record<string, string> = {
  SQLiteText: 'text',
  SQLiteTextJson: 'json',
  SQLiteInteger: 'integer',
  SQLiteReal: 'number',
}

describe('server entity tables', () => {
  it.each(ORG_TABLES)('%s has exactly the desktop columns, with matching kinds', (name) => {
    const desktopTable = desktopTables.get(name)
    const serverTable = entityTable(name)
    expect(desktopTable, `desktop table ${name}`).toBeDefined()
    expect(serverTable, `server table ${name}`).toBeDefined()
    const desktopColumns = Object.fromEntries(
      Object.values(getTableColumns(desktopTable!)).map((c) => [c.name, SERVER_KIND[c.columnType] ?? c.columnType]),
    )
    expect(Object.fromEntries(serverTable!.columns)).toEqual(desktopColumns)
  })

  it('has a server table for every org table the desktop syncs, and no other', () => {
    // Bookkeeping, and sandbox_posts: the built-in platform's own store for a local-only org, never synced.
    const synced = [...desktopTables.keys()].filter(
      (name) => !['field_clocks', 'outbox', 'sync_state', 'collab_docs', 'sandbox_posts'].includes(name),
    )
    expect(synced.sort()).toEqual([...ORG_TABLES].sort())
  })
})
