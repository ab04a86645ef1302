/**
 * The main-process core, the same in every host: open the databases, pick
 * the secret store, wire sync and the scheduling loop together, and expose
 * `dispatch` and an event feed for windows. Electron and browser mode are
 * thin shells around this.
 *
 * The parts hear each other through the sync engine's typed hooks, never
 * through window events: a recorded local change asks for a round; a round
 * done tells approvals, the channel sign-in hand-off and the scheduler; an
 * org whose rounds work again makes the scheduler catch up.
 */
import { EventEmitter } from 'node:events'
import type { AppEvent } from '../../src-shared/api/events'
import { Databases } from '../db/databases'
import { createDispatch, type Dispatch } from '../ipc/dispatch'
import type { ServiceContext } from './context'
import { noticeAssignedComments } from '../services/comment-notifications'
import { noticePulledRows } from '../services/post-notifications'
import type { SecretStore } from '../secrets/secret-store'
import {
  createCommentFetchLoop,
  type CommentFetchLoop,
  type CommentFetchLoopOptions,
} from '../scheduler/comment-fetch-loop'
import { createPublishingLoop, type PublishingLoopOptions } from '../scheduler/core-loop'
import type { Scheduler } from '../scheduler/scheduler'
import { createReplySender } from '../scheduler/core-replies'
import type { ReplySender } from '../scheduler/reply-sender'
import { startSnoozeWake } from '../scheduler/snooze-wake'
import { reconcileChannelCredentials } from '../sync/channel-credentials'
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
  sync?: Partial<Omit<SyncEngineOptions, 'dbs' | 'now' | 'emit' | 'log'>>
  /**
   * The scheduling loop: on unless `loop: false` (tests that drive a Scheduler themselves); tests give it
   * timers on their clock. Its clock is the core's.
   */
  publishing?: { loop?: boolean } & Omit<PublishingLoopOptions, 'clock' | 'log'>
  /** The inbox's fetching loop: on unless `loop: false`; its clock is the core's. */
  commentFetch?: { loop?: boolean } & Omit<CommentFetchLoopOptions, 'clock' | 'log'>
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
  /** The inbox's fetching loop, when it runs. */
  commentFetch: CommentFetchLoop | null
  /** The reply sender, beside the scheduling loop (on when it is). */
  replySender: ReplySender | null
  dispatch: Dispatch
  onEvent(listener: (event: AppEvent) => void): () => void
  close(): void
}

export function createCore(options: CoreOptions): Core {
  const events = new EventEmitter()
  const dbs = new Databases(options.dataDir, options.migrationsDir)
  const clock = options.clock ?? systemClock
  const emit = (event: AppEvent) => events.emit('event', event)
  const log = options.log ?? console.error
  const sync = new SyncEngine({ dbs, now: () => clock.now(), emit, log, ...options.sync })
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
  const { loop = true, ...loopOptions } = options.publishing ?? {}
  const scheduler = loop ? createPublishingLoop(ctx, { ...loopOptions, clock, log }) : null
  if (scheduler) ctx.publishing = { scheduleChanged: () => void scheduler.runDue() }
  const { loop: fetchLoop = true, ...fetchOptions } = options.commentFetch ?? {}
  const inbox = fetchLoop ? createCommentFetchLoop(ctx, { ...fetchOptions, clock, log }) : null
  const replySender = loop ? createReplySender(ctx, { timers: loopOptions.timers, log }) : null
  // A changed schedule, or a new or changed reply (the replies services announce 'schedule' too).
  if (scheduler) {
    ctx.publishing = {
      scheduleChanged: () => {
        void scheduler.runDue()
        void replySender?.wake()
      },
    }
  }
  // Snoozed comments open again when due; it runs with the publishing loop (tests that stop one stop both).
  const snoozeWake = loop ? startSnoozeWake(ctx, { timers: loopOptions.timers, log }) : null
  // A local change is pushed soon after it is made.
  sync.onLocalChange((orgId) => sync.kick(orgId))
  sync.onRoundDone((orgId, round) => {
    if (!round.ok) return
    // Approval requests and decisions from other devices become notifications here.
    if (round.pulledRows.length) noticePulledRows(ctx, orgId, round.pulledRows)
    // So are comments a teammate assigned to this person.
    if (round.pulledRows.length) noticeAssignedComments(ctx, orgId, round.pulledRows)
    // The round pushed the org's settings and channels first: now the server's copy of the sign-ins can match.
    void reconcileChannelCredentials(ctx, orgId)
    // Pulled jobs get their timer; pulled replies (an approval on another device) go out.
    void scheduler?.runDue()
    void replySender?.wake()
  })
  // Back from offline (or a new sign-in): jobs another device left running, and new ones pulled, are caught up.
  sync.onReconnected(() => {
    void scheduler?.catchUp()
    void inbox?.catchUp()
    void replySender?.wake()
  })
  // Resume syncing with the session saved on this device, if any; then the loop starts (its leases may need it).
  loadSession(dbs.account.$client, options.secrets)
    .then((session) => session && sync.useSession(session))
    .catch(log)
    .finally(() => {
      void scheduler?.start().catch(log)
      void inbox?.start()
      void replySender?.start().catch(log)
      snoozeWake?.pass()
    })
  return {
    ctx,
    sync,
    scheduler,
    commentFetch: inbox,
    replySender,
    dispatch: createDispatch(ctx, options.log),
    onEvent(listener) {
      events.on('event', listener)
      return () => events.off('event', listener)
    },
    close: () => {
      scheduler?.stop()
      inbox?.stop()
      replySender?.stop()
      snoozeWake?.stop()
      sync.stop()
      dbs.close()
    },
  }
}
