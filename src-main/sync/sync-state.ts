/**
 * The replica's own durable state, kept in each database file's
 * `sync_state` table: who this replica is (its client id), its clock, its
 * mutation ids, how far it has pulled, the server it is attached to, the
 * signed-in session and whose own change log it syncs with (account file),
 * and what it has handed to the server.
 * Every read and write of that table goes through here, by a named key with
 * a typed value, so no caller spells a key or parses a value itself.
 *
 * It works on a raw better-sqlite3 connection and inside a Drizzle
 * transaction alike: sync runs on the first, the outbox on the second.
 */
import type Database from 'better-sqlite3'
import { eq, inArray } from 'drizzle-orm'
import { newId } from '../core/ids'
import type { Tx } from '../db/open'
import { syncState } from '../db/schema/common'

/** A connection or a transaction: whatever the caller is writing through. */
export type StateDb = Database.Database | Tx

/** One key of sync_state and how its value is stored as text. */
export interface StateKey<T> {
  readonly key: string
  decode(text: string): T | undefined
  encode(value: T): string
}

const textKey = (key: string): StateKey<string> => ({ key, decode: (text) => text, encode: (value) => value })

const countKey = (key: string): StateKey<number> => ({
  key,
  decode: (text) => {
    const n = Number(text)
    return Number.isSafeInteger(n) ? n : undefined
  },
  encode: (value) => String(value),
})

/** A JSON value; one that no longer parses reads as absent, so the caller starts again from its default. */
function jsonKey<T>(key: string): StateKey<T> {
  return {
    key,
    decode: (text) => {
      try {
        return JSON.parse(text) as T
      } catch {
        return undefined
      }
    },
    encode: (value) => JSON.stringify(value),
  }
}

/** What this device handed to the server for server-side publishing (sync/channel-credentials.ts). */
export interface ServerCredentialsState {
  /** channel id → fingerprint of the encrypted tokens this device uploaded. */
  uploaded: Record<string, string>
  /** The last failure, for Settings → Publishing; null when the server has what it should. */
  problem: string | null
  /** What the server said it holds at the last round (from any device): channel id → why it is refused, or null. */
  server: Record<string, string | null>
}

/**
 * The keys every replica has, an organization's file and account.sqlite alike: who it is, its clock, its
 * mutation ids and how far it has pulled. The outbox and the merge of remote ops read and write these.
 */
export const replicaState = {
  /** This replica's id: made once per file (or per change log), it names the replica in every clock and on the server. */
  clientId: textKey('client_id'),
  /** The last hybrid logical clock this replica issued or saw. */
  hlc: textKey('hlc'),
  /** Mutation ids rise by exactly one per client, even after the outbox is drained. */
  lastMutationId: countKey('last_mutation_id'),
  /** The server's change-log sequence number this replica has pulled up to. */
  cursor: countKey('cursor'),
} as const

/** The keys of an organization's file. */
export const orgState = {
  ...replicaState,
  /** The sync server this organization's file is attached to; absent for a local-only one. */
  attachedServer: textKey('server_url'),
  /** The channel sign-ins handed to the server; read field by field, since an older file may lack some. */
  serverCredentials: jsonKey<Partial<ServerCredentialsState>>('server_credentials'),
  /** A post's media file the server has acknowledged (so it is not uploaded again). */
  mediaUploaded: (name: string) => textKey(`media_uploaded:${name}`),
  /** A Sandbox post published before the org synced that the server has taken (sync/sandbox-carry.ts). */
  sandboxCarried: (postId: string) => textKey(`sandbox_carried:${postId}`),
} as const

/** Whose change log account.sqlite's replica state (client id, mutation ids, cursor) belongs to. */
export interface OwnDataLog {
  serverUrl: string
  userId: string
}

/**
 * The keys of account.sqlite as the replica of its person's own change log (sync/own-data.ts). Its client
 * id, mutation ids and cursor are those of one log: `log` says whose.
 */
export const ownDataState = {
  ...replicaState,
  /** The server and person whose own change log this file last synced with; absent before the first round. */
  log: jsonKey<OwnDataLog>('own_data_log'),
} as const

/** The keys of account.sqlite: the device's session with its sync server. */
export const accountState = {
  serverUrl: textKey('server.url'),
  userId: textKey('server.user_id'),
  email: textKey('server.email'),
  /** The session token, encrypted with the data key like every other secret. */
  tokenEnc: textKey('server.token_enc'),
} as const

const isConnection = (db: StateDb): db is Database.Database => 'prepare' in db

// Statements are prepared once per connection: the outbox and every pull read and write here.
const statements = new WeakMap<
  Database.Database,
  { read: Database.Statement<[string], { value: string }>; write: Database.Statement<[string, string]> }
>()

function prepared(db: Database.Database) {
  let found = statements.get(db)
  if (!found) {
    found = {
      read: db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?'),
      write: db.prepare<[string, string]>(
        'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    }
    statements.set(db, found)
  }
  return found
}

export function readState<T>(db: StateDb, key: StateKey<T>): T | undefined {
  const text = isConnection(db)
    ? prepared(db).read.get(key.key)?.value
    : db.select({ value: syncState.value }).from(syncState).where(eq(syncState.key, key.key)).get()?.value
  return text === undefined ? undefined : key.decode(text)
}

export function writeState<T>(db: StateDb, key: StateKey<T>, value: T): void {
  const text = key.encode(value)
  if (isConnection(db)) prepared(db).write.run(key.key, text)
  else
    db.insert(syncState)
      .values({ key: key.key, value: text })
      .onConflictDoUpdate({ target: syncState.key, set: { value: text } })
      .run()
}

export function clearState(db: StateDb, keys: StateKey<unknown>[]): void {
  const names = keys.map((k) => k.key)
  if (isConnection(db)) {
    db.prepare(`DELETE FROM sync_state WHERE key IN (${names.map(() => '?').join(', ')})`).run(...names)
  } else db.delete(syncState).where(inArray(syncState.key, names)).run()
}

/** This replica's client id, made on first need (a joined org may not have written anything yet). */
export function clientId(db: StateDb): string {
  const existing = readState(db, replicaState.clientId)
  if (existing) return existing
  const id = newId()
  writeState(db, replicaState.clientId, id)
  return id
}

/** The server an organization's file is attached to, or null for a local-only one. */
export const attachedServer = (org: StateDb): string | null => readState(org, orgState.attachedServer) ?? null

export const markAttached = (org: StateDb, serverUrl: string): void =>
  writeState(org, orgState.attachedServer, serverUrl)
