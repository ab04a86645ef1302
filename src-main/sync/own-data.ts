/**
 * The round of a person's own data: account.sqlite (profile and
 * preferences, subscriptions, Start Pages and their links, the onboarding
 * draft, the audit trail of their own changes) against their own change log
 * on the server (`/v1/me/push`, `/v1/me/pull`), with the same outbox, merge
 * and round as an organization's file.
 *
 * The file's replica state (client id, mutation ids, cursor) belongs to one
 * log, the one named by `ownDataState.log`. The first round under another
 * log (the first sign-in, another server, another account) starts a new
 * replica history there: a new client id, the waiting outbox renumbered
 * from mutation 1, the cursor back to 0. Nothing waiting is lost; the
 * server has never seen this client id, so it takes the outbox from 1.
 */
import type Database from 'better-sqlite3'
import { newId } from '../core/ids'
import { ownDataEndpoint, ReplicaSync, type RoundResult } from './replica-sync'
import type { ServerSession } from './session'
import { accountTables } from './synced-tables'
import { ownDataState, readState, writeState, type OwnDataLog } from './sync-state'
import type { SyncTransport } from './transport'

const sameLog = (a: OwnDataLog | undefined, b: OwnDataLog): boolean =>
  a?.serverUrl === b.serverUrl && a.userId === b.userId

/** Makes account.sqlite's replica state the one of `log`'s history, starting a new one if it was another's. */
export function useOwnDataLog(account: Database.Database, log: OwnDataLog): void {
  if (sameLog(readState(account, ownDataState.log), log)) return
  account.transaction(() => {
    const ids = account
      .prepare<[], { mutation_id: number }>('SELECT mutation_id FROM outbox ORDER BY mutation_id')
      .all()
    // Ascending, each id only falls to its rank, so no two rows ever share one.
    const renumber = account.prepare('UPDATE outbox SET mutation_id = ? WHERE mutation_id = ?')
    ids.forEach((row, index) => renumber.run(index + 1, row.mutation_id))
    writeState(account, ownDataState.clientId, newId())
    writeState(account, ownDataState.lastMutationId, ids.length)
    writeState(account, ownDataState.cursor, 0)
    writeState(account, ownDataState.log, log)
  })()
}

/** Whether account.sqlite has synced with a server (so, signed out, it says so rather than "local"). */
export const ownDataEverSynced = (account: Database.Database): boolean =>
  readState(account, ownDataState.log) !== undefined

/** One round of the person's own data: push account.sqlite's outbox to their log, then pull it. */
export function ownDataRound(
  account: Database.Database,
  transport: SyncTransport,
  session: ServerSession,
  now: () => Date,
): Promise<RoundResult> {
  useOwnDataLog(account, { serverUrl: session.serverUrl, userId: session.userId })
  return new ReplicaSync(account, ownDataEndpoint(transport), accountTables, now).round()
}
