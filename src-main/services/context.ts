/**
 * What every service is given: the databases, a clock, the secret store and
 * a way to tell windows that something changed. Hosts (Electron, browser
 * mode, tests) build one of these; services never reach for globals.
 */
import type { AppEvent } from '../../src-shared/api/events'
import type { AppInfo } from '../../src-shared/entities/models'
import type { Clock } from '../core/clock'
import type { Databases } from '../db/databases'
import type { SecretStore } from '../secrets/secret-store'
import type { SyncEngine } from '../sync/sync-engine'

export interface ServiceContext {
  dbs: Databases
  clock: Clock
  secrets: SecretStore
  emit(event: AppEvent): void
  host: Pick<AppInfo, 'host' | 'version'>
  /** Background sync with the server, for orgs attached to one. */
  sync: SyncEngine
  /** The scheduling loop: told when an org's schedule changed so a new due time gets its timer. */
  publishing: { scheduleChanged(orgId: string): void }
  /** Opens a link in the person's browser; absent where the host has no such thing (browser mode, tests). */
  openExternal?: (url: string) => Promise<void>
}
