/**
 * The device's connection to a sync server: its address, the signed-in
 * user, and the session token, which is kept encrypted with the data key
 * like every other secret (in account.sqlite's sync state).
 */
import type Database from 'better-sqlite3'
import { ServerClient } from '../../src-shared/sync/server-client'
import type { SecretStore } from '../secrets/secret-store'
import { decryptSecret, encryptSecret } from '../secrets/cipher'
import { accountState, clearState, readState, writeState } from './sync-state'

export interface ServerSession {
  serverUrl: string
  userId: string
  email: string
  token: string
}

/** The sync server's client under this session. */
export function serverClient(session: ServerSession): ServerClient {
  return new ServerClient({ baseUrl: session.serverUrl, token: session.token })
}

export async function loadSession(account: Database.Database, secrets: SecretStore): Promise<ServerSession | null> {
  const serverUrl = readState(account, accountState.serverUrl)
  const userId = readState(account, accountState.userId)
  const tokenEnc = readState(account, accountState.tokenEnc)
  if (!serverUrl || !userId || !tokenEnc) return null
  const email = readState(account, accountState.email) ?? ''
  return { serverUrl, userId, email, token: decryptSecret(await secrets.dataKey(), tokenEnc) }
}

export async function saveSession(
  account: Database.Database,
  secrets: SecretStore,
  session: ServerSession,
): Promise<void> {
  const tokenEnc = encryptSecret(await secrets.dataKey(), session.token)
  account.transaction(() => {
    writeState(account, accountState.serverUrl, session.serverUrl)
    writeState(account, accountState.userId, session.userId)
    writeState(account, accountState.email, session.email)
    writeState(account, accountState.tokenEnc, tokenEnc)
  })()
}

export function clearSession(account: Database.Database): void {
  clearState(account, Object.values(accountState))
}
