/**
 * The replica's state in a real org file: one client id per file, typed
 * values read back as written through a connection or a transaction, and a
 * value that no longer parses read as absent rather than crashing sync.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openOrgDb, type OpenedDb, type OrgDb } from '../../src-main/db/open'
import {
  attachedServer,
  clearState,
  clientId,
  markAttached,
  orgState,
  readState,
  writeState,
} from '../../src-main/sync/sync-state'
import { makeTempDir, migrationsDir } from '../helpers/core'

let opened: OpenedDb<OrgDb> | null = null
let dir = ''
afterEach(() => {
  opened?.sqlite.close()
  rmSync(dir, { recursive: true, force: true })
})

function openOrgFile(): OpenedDb<OrgDb> {
  dir = makeTempDir()
  opened = openOrgDb(join(dir, 'org.sqlite'), migrationsDir)
  return opened
}

describe('sync state', () => {
  it('makes one client id per file and gives the same one inside a transaction', () => {
    const { db, sqlite } = openOrgFile()
    const id = clientId(sqlite)
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(clientId(sqlite)).toBe(id)
    expect(db.transaction((tx) => clientId(tx))).toBe(id)
  })

  it('reads back typed values, written through a connection or a transaction', () => {
    const { db, sqlite } = openOrgFile()
    expect(readState(sqlite, orgState.cursor)).toBeUndefined()
    writeState(sqlite, orgState.cursor, 42)
    db.transaction((tx) => writeState(tx, orgState.lastMutationId, 7))
    expect(readState(sqlite, orgState.cursor)).toBe(42)
    expect(db.transaction((tx) => readState(tx, orgState.lastMutationId))).toBe(7)

    expect(attachedServer(sqlite)).toBeNull()
    markAttached(sqlite, 'https://sync.example')
    expect(attachedServer(sqlite)).toBe('https://sync.example')
    clearState(sqlite, [orgState.attachedServer, orgState.cursor])
    expect(attachedServer(sqlite)).toBeNull()
    expect(readState(sqlite, orgState.cursor)).toBeUndefined()
  })

  it('reads a value that no longer parses as absent', () => {
    const { sqlite } = openOrgFile()
    sqlite.prepare("INSERT INTO sync_state (key, value) VALUES ('server_credentials', '{not json')").run()
    sqlite.prepare("INSERT INTO sync_state (key, value) VALUES ('cursor', 'soon')").run()
    expect(readState(sqlite, orgState.serverCredentials)).toBeUndefined()
    expect(readState(sqlite, orgState.cursor)).toBeUndefined()
    writeState(sqlite, orgState.serverCredentials, { problem: null })
    expect(readState(sqlite, orgState.serverCredentials)).toEqual({ problem: null })
  })
})
