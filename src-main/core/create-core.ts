/**
 * The main-process core, the same in every host: open the databases, pick
 * the secret store, and expose `dispatch` and an event feed. Electron and
 * browser mode are thin shells around this.
 */
import { EventEmitter } from 'node:events'
import type { AppEvent } from '../../src-shared/api/events'
import { Databases } from '../db/databases'
import { createDispatch, type Dispatch } from '../ipc/dispatch'
import type { ServiceContext } from '../services/context'
import type { SecretStore } from '../secrets/secret-store'
import { loadSession } from '../sync/session'
import { SyncEngine, type SyncEngineOptions } from '../sync/sync-engine'
import { systemClock, type Clock } from './clock'

export interface CoreOptions {
  dataDir: string
  migrationsDir: string
  secrets: SecretStore
  host: ServiceContext['host']
  clock?: Clock
  /** Sync engine settings (tests shorten intervals or wrap the transport). */
  sync?: Partial<Omit<SyncEngineOptions, 'dbs' | 'now' | 'emit'>>
  /** Where unexpected errors are reported (the console by default). */
  log?: (error: unknown) => void
}

export interface Core {
  ctx: ServiceContext
  dispatch: Dispatch
  onEvent(listener: (event: AppEvent) => void): () => void
  close(): void
}

export function createCore(options: CoreOptions): Core {
  const events = new EventEmitter()
  const dbs = new Databases(options.dataDir, options.migrationsDir)
  const clock = options.clock ?? systemClock
  const emit = (event: AppEvent) => events.emit('event', event)
  const sync = new SyncEngine({ dbs, now: () => clock.now(), emit, ...options.sync })
  const ctx: ServiceContext = {
    dbs,
    clock,
    secrets: options.secrets,
    host: options.host,
    emit,
    sync,
    // The scheduling loop replaces this once it runs.
    publishing: { scheduleChanged: () => undefined },
  }
  // A local change is pushed soon after it is made.
  events.on('event', (event: AppEvent) => {
    if ('orgId' in event && !event.type.startsWith('sync.')) sync.kick(event.orgId)
  })
  // Resume syncing with the session saved on this device, if any.
  loadSession(dbs.account.$client, options.secrets)
    .then((session) => session && sync.useSession(session))
    .catch(options.log ?? console.error)
  return {
    ctx,
    dispatch: createDispatch(ctx, options.log),
    onEvent(listener) {
      events.on('event', listener)
      return () => events.off('event', listener)
    },
    close: () => {
      sync.stop()
      dbs.close()
    },
  }
}
