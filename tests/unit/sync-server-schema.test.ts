/**
 * The server's org and user tables mirror the desktop's org and account files, column for column, so ops
 * mean the same on both sides.
 */
import { getTableColumns, getTableName, is, Table } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import * as account from '../../src-main/db/schema/account'
import * as desktop from '../../src-main/db/schema/org'
import { ORG_TABLES } from '../../src-shared/sync/op-permissions'
import { isLocalOnlyField } from '../../src-shared/sync/local-only'
import { USER_TABLES } from '../../src-shared/sync/user-tables'
import { orgEntities, userEntities } from '../../sync-server/db/entity-tables'

const tablesOf = (schema: object) =>
  new Map(
    (Object.values(schema) as unknown[])
      .filter((value): value is Table => is(value, Table))
      .map((table) => [getTableName(table), table]),
  )
const desktopTables = tablesOf(desktop)
const accountTables = tablesOf(account)

/** The desktop table's columns with their server kinds; without local-only ones, which never travel, when asked. */
const columnKinds = (table: Table, { synced = false } = {}) =>
  Object.fromEntries(
    Object.values(getTableColumns(table))
      .filter((c) => !synced || !isLocalOnlyField(getTableName(table), c.name))
      .map((c) => [c.name, SERVER_KIND[c.columnType] ?? c.columnType]),
  )

// What each desktop column type becomes on the server.
const SERVER_KIND: Record<string, string> = {
  SQLiteText: 'text',
  SQLiteTextJson: 'json',
  SQLiteInteger: 'integer',
  SQLiteReal: 'number',
  SQLiteBoolean: 'boolean',
}

describe('server entity tables', () => {
  it.each(ORG_TABLES)('%s has exactly the desktop columns, with matching kinds', (name) => {
    const desktopTable = desktopTables.get(name)
    const serverTable = orgEntities(name)
    expect(desktopTable, `desktop table ${name}`).toBeDefined()
    expect(serverTable, `server table ${name}`).toBeDefined()
    expect(Object.fromEntries(serverTable!.columns)).toEqual(columnKinds(desktopTable!))
  })

  it.each(USER_TABLES)('user table %s takes exactly the account file’s synced columns, with matching kinds', (name) => {
    const desktopTable = accountTables.get(name)
    const serverTable = userEntities(name)
    expect(desktopTable, `account table ${name}`).toBeDefined()
    expect(serverTable, `server user table ${name}`).toBeDefined()
    expect(Object.fromEntries(serverTable!.columns)).toEqual(columnKinds(desktopTable!, { synced: true }))
  })

  it('has a server user table for every account table the desktop syncs, and no other', () => {
    // Bookkeeping, notifications (what this device told its person) and the Start Page figures read from the server.
    const synced = [...accountTables.keys()].filter(
      (name) =>
        !['field_clocks', 'outbox', 'sync_state', 'collab_docs', 'notifications', 'start_page_stats'].includes(name),
    )
    expect(synced.sort()).toEqual([...USER_TABLES].sort())
  })

  it('has a server table for every org table the desktop syncs, and no other', () => {
    // Bookkeeping, and sandbox_posts: the built-in platform's own store for a local-only org, never synced.
    const synced = [...desktopTables.keys()].filter(
      (name) => !['field_clocks', 'outbox', 'sync_state', 'collab_docs', 'sandbox_posts'].includes(name),
    )
    expect(synced.sort()).toEqual([...ORG_TABLES].sort())
  })
})
