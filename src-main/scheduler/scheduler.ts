/**
 * The desktop's publishing loop: the shared loop
 * (src-shared/scheduling/publishing-loop.ts) over the org files' SQLite job
 * store (job-store.ts), with the leases, "ready here" check and platforms the
 * host gives it (core-loop.ts wires the real ones; tests their own).
 */
import type { Post } from '../../src-shared/entities/models'
import type { PublishingEvent } from '../../src-shared/scheduling/job-run'
import type { ReadyHere } from '../../src-shared/scheduling/loop-ports'
import {
  defaultLoopSettings,
  PublishingLoop,
  type PublishingLoopSettings,
} from '../../src-shared/scheduling/publishing-loop'
import type { Clock } from '../core/clock'
import type { ServiceContext } from '../core/context'
import { createSqliteJobStore } from './job-store'
import type { Channel, LeaseProvider, Publisher, Timers } from './ports'

export type SchedulerSettings = Omit<PublishingLoopSettings, 'recoverEveryPass'>

export const defaultSchedulerSettings: SchedulerSettings = defaultLoopSettings

/** What the user should hear about; the host turns these into notifications. */
export type SchedulerEvent = PublishingEvent

export interface SchedulerOptions {
  ctx: Pick<ServiceContext, 'dbs' | 'emit' | 'clock'>
  /** The context's clock unless given. */
  clock?: Clock
  /** Node's timers unless given. */
  timers?: Timers
  /** The adapter for a channel's platform; undefined when this build has none. */
  publisherFor(channel: Channel, orgId: string): Publisher | undefined
  /** The local lease for a local-only org, the server's for one that syncs. */
  leasesFor(orgId: string): LeaseProvider
  /** Whether this device can publish a job now; asked before its lease (every job by default). */
  readyHere?: ReadyHere
  /** An org's own publish-late window in minutes, read at claim time (settings.publishLateWithinMinutes by default). */
  lateWindowMinutes?: (orgId: string) => number
  /** The orgs to run (every org file on this device by default). */
  orgIds?: () => string[]
  settings?: Partial<SchedulerSettings>
  /** [0, 1) for backoff jitter (Math.random by default). */
  random?: () => number
  onEvent?: (event: SchedulerEvent) => void
  log?: (error: unknown) => void
}

export class Scheduler {
  private readonly loop: PublishingLoop<Post, Channel>
  private started = false

  constructor(options: SchedulerOptions) {
    const clock = options.clock ?? options.ctx.clock
    this.loop = new PublishingLoop<Post, Channel>({
      store: createSqliteJobStore({
        ctx: options.ctx,
        clock,
        orgIds: options.orgIds,
        lateWindowMinutes: options.lateWindowMinutes,
      }),
      leasesFor: options.leasesFor,
      readyHere: options.readyHere,
      publisherFor: options.publisherFor,
      clock,
      timers: options.timers,
      settings: { ...options.settings, recoverEveryPass: false },
      random: options.random,
      onEvent: options.onEvent,
      log: options.log,
    })
  }

  /** Starts the loop with a catch-up, which also settles jobs a crash left running. */
  start(): Promise<void> {
    this.started = true
    return this.loop.start()
  }

  stop(): void {
    this.loop.stop()
  }

  /** After start, wake from sleep and reconnect: settle interrupted jobs, then run everything due. */
  catchUp(): Promise<void> {
    return this.started ? this.loop.catchUp() : Promise.resolve()
  }

  /** Runs what is due now (a new or rescheduled job calls this too); nothing before start, whose catch-up comes first. */
  runDue(): Promise<void> {
    return this.started ? this.loop.runDue() : Promise.resolve()
  }

  /** Resolves when no pass is running: lets tests and shutdown wait for the loop to settle. */
  idle(): Promise<void> {
    return this.loop.idle()
  }
}
