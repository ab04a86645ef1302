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
import { systemClock, type Clock } from './clock'

export interface CoreOptions {
  dataDir: string
  migrationsDir: string
  secrets: SecretStore
  host: ServiceContext['host']
  clock?: Clock
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
  const ctx: ServiceContext = {
    dbs: new Databases(options.dataDir, options.migrationsDir),
    clock: options.clock ?? systemClock,
    secrets: options.secrets,
    host: options.host,
    emit: (event) => events.emit('event', event),
  }
  return {
    ctx,
    dispatch: createDispatch(ctx, options.log),
    onEvent(listener) {
      events.on('event', listener)
      return () => events.off('event', listener)
    },
    close: () => ctx.dbs.close(),
  }
}
