/**
 * The device's connection to a sync server: its address, the signed-in
 * user, and the session token, which is kept encrypted with the data key
 * like every other secret.
 */
import type Database from 'better-sqlite3'
import type { SecretStore } from '../secrets/secret-store'
import { decryptSecret, encryptSecret } from '../secrets/cipher'

export interface ServerSession {
  serverUrl: string
  userId: string
  email: string
  token: string
}

const KEYS = ['server.url', 'server.user_id', 'server.email', 'server.token_enc'] as const

const read = (sqlite: Database.Database, key: string) =>
  sqlite.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?').get(key)?.value

export async function loadSession(account: Database.Database, secrets: SecretStore): Promise<ServerSession | null> {
  const [serverUrl, userId, email, tokenEnc] = KEYS.map((k) => read(account, k))
  if (!serverUrl || !userId || !tokenEnc) return null
  return { serverUrl, userId, email: email ?? '', token: decryptSecret(await secrets.dataKey(), tokenEnc) }
}

export async function saveSession(
  account: Database.Database,
  secrets: SecretStore,
  session: ServerSession,
): Promise<void> {
  const tokenEnc = encryptSecret(await secrets.dataKey(), session.token)
  const write = account.prepare(
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  )
  account.transaction(() => {
    write.run('server.url', session.serverUrl)
    write.run('server.user_id', session.userId)
    write.run('server.email', session.email)
    write.run('server.token_enc', tokenEnc)
  })()
}

export function clearSession(account: Database.Database): void {
  account.prepare(`DELETE FROM sync_state WHERE key IN (${KEYS.map(() => '?').join(', ')})`).run(...KEYS)
}

/** The server an organization's file is attached to, or null for a local-only one. */
export const attachedServer = (org: Database.Database): string | null => read(org, 'server_url') ?? null

export function markAttached(org: Database.Database, serverUrl: string): void {
  org
    .prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    .run('server_url', serverUrl)
}
