/**
 * What every service is given: the databases, a clock, the secret store, a
 * way to tell windows that something changed, and narrow ports onto the
 * background parts (sync, the scheduling loop). Hosts (Electron, browser
 * mode, tests) build one of these through createCore; services never reach
 * for globals, and never for the sync engine or the scheduler themselves.
 */
import type { AppEvent } from '../../src-shared/api/events'
import type { AppInfo } from '../../src-shared/entities/models'
import type { OrgSyncStatus, OwnDataSyncStatus } from '../../src-shared/entities/sync-status'
import type { Databases } from '../db/databases'
import type { SecretStore } from '../secrets/secret-store'
import type { ServerSession } from '../sync/session'
import type { Clock } from './clock'

/** What services need from background sync with the server (the sync engine implements it). */
export interface SyncPort {
  /** The signed-in session, or null when this device is signed out. */
  readonly currentSession: ServerSession | null
  /** Starts (or restarts) syncing with a signed-in session; null stops it. */
  useSession(session: ServerSession | null): void
  status(orgId: string): OrgSyncStatus
  /** The sync of the person's own data (account.sqlite) with their own change log. */
  ownDataStatus(): OwnDataSyncStatus
  /** One round now, awaited. */
  syncNow(orgId: string): Promise<OrgSyncStatus>
  /**
   * Asks for a round soon. Recorded changes ask by themselves; this is for what the outbox does not see
   * (refreshed tokens, which the round after hands to the server).
   */
  kick(orgId: string): void
}

/** What services need from the scheduling loop. */
export interface PublishingPort {
  /** An org's schedule changed, so a new due time gets its timer. */
  scheduleChanged(orgId: string): void
}

export interface ServiceContext {
  dbs: Databases
  clock: Clock
  secrets: SecretStore
  emit(event: AppEvent): void
  host: Pick<AppInfo, 'host' | 'version'>
  sync: SyncPort
  publishing: PublishingPort
  /** Opens a link in the person's browser; absent where the host has no such thing (browser mode, tests). */
  openExternal?: (url: string) => Promise<void>
}
