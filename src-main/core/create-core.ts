/**
 * The main-process core, the same in every host: open the databases, pick
 * the secret store, and expose `dispatch` and an event feed. Electron and
 * browser mode are thin shells around this.
 */
import { EventEmitter } from 'node:events'
import type { AppEvent } from '../../src-shared/api/events'
import { Databases } from '../db/databases'
import { createDispatch, type Dispatch } from '../ipc/dispatch'
import type { ServiceContext } from './context'
import { noticePulledRows } from '../services/post-notifications'
import type { SecretStore } from '../secrets/secret-store'
import { createPublishingLoop, type PublishingLoopOptions } from '../scheduler/core-loop'
import type { Scheduler } from '../scheduler/scheduler'
import { watchChannelCredentials } from '../sync/channel-credentials'
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
  /**
   * The scheduling loop: on unless `loop: false` (tests that drive a Scheduler themselves); tests give it
   * timers on their clock. Its clock is the core's.
   */
  publishing?: { loop?: boolean } & Omit<PublishingLoopOptions, 'clock' | 'log'>
  /** Opens a link in the person's browser (Electron: shell.openExternal). */
  openExternal?: (url: string) => Promise<void>
  /** Where unexpected errors are reported (the console by default). */
  log?: (error: unknown) => void
}

export interface Core {
  ctx: ServiceContext
  /** The sync engine behind ctx.sync: hosts and tests wait on it (idle) and hear its hooks. */
  sync: SyncEngine
  /** The scheduling loop, when it runs: hosts call catchUp() on wake. */
  scheduler: Scheduler | null
  dispatch: Dispatch
  onEvent(listener: (event: AppEvent) => void): () => void
  close(): void
}

export function createCore(options: CoreOptions): Core {
  const events = new EventEmitter()
  const dbs = new Databases(options.dataDir, options.migrationsDir)
  const clock = options.clock ?? systemClock
  const emit = (event: AppEvent) => events.emit('event', event)
  const sync = new SyncEngine({
    dbs,
    now: () => clock.now(),
    emit,
    // Approval requests and decisions from other devices become notifications here.
    onPulled: (orgId, rows) => noticePulledRows(ctx, orgId, rows),
    ...options.sync,
  })
  const ctx: ServiceContext = {
    dbs,
    clock,
    secrets: options.secrets,
    host: options.host,
    emit,
    sync,
    // The scheduling loop replaces this once it runs.
    publishing: { scheduleChanged: () => undefined },
    openExternal: options.openExternal,
  }
  const log = options.log ?? console.error
  const { loop = true, ...loopOptions } = options.publishing ?? {}
  const scheduler = loop ? createPublishingLoop(ctx, { ...loopOptions, clock, log }) : null
  if (scheduler) ctx.publishing = { scheduleChanged: () => void scheduler.runDue() }
  // A local change is pushed soon after it is made.
  events.on('event', (event: AppEvent) => {
    if ('orgId' in event && !event.type.startsWith('sync.')) sync.kick(event.orgId)
  })
  if (scheduler) catchUpOnReconnect(events, sync, scheduler)
  watchChannelCredentials(ctx, (listener) => events.on('event', listener))
  // Resume syncing with the session saved on this device, if any; then the loop starts (its leases may need it).
  loadSession(dbs.account.$client, options.secrets)
    .then((session) => session && sync.useSession(session))
    .catch(log)
    .finally(() => void scheduler?.start().catch(log))
  return {
    ctx,
    sync,
    scheduler,
    dispatch: createDispatch(ctx, options.log),
    onEvent(listener) {
      events.on('event', listener)
      return () => events.off('event', listener)
    },
    close: () => {
      scheduler?.stop()
      sync.stop()
      dbs.close()
    },
  }
}

/**
 * An org that comes back from offline (or a new sign-in) may have jobs
 * another device left running and new jobs pulled: catch up; after an
 * ordinary round, run what is due (pulled jobs get their timer).
 */
function catchUpOnReconnect(events: EventEmitter, sync: SyncEngine, scheduler: Scheduler): void {
  const settled = new Map<string, string>()
  events.on('event', (event: AppEvent) => {
    if (event.type !== 'sync.status') return
    let state: string
    try {
      state = sync.status(event.orgId).state
    } catch {
      return
    }
    if (state === 'syncing') return
    const before = settled.get(event.orgId)
    settled.set(event.orgId, state)
    if (state !== 'idle') return
    if (before === 'idle') void scheduler.runDue()
    else void scheduler.catchUp()
  })
}
