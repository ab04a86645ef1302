/**
 * The publishing loop, written once for the desktop and the sync server:
 * publishes each due job on time and at most once. One timer waits for the
 * next due job (no busy poll); a safety tick catches anything the timer
 * missed and notices a big clock jump (the machine slept); `catchUp` runs
 * after start, wake and reconnect, and first settles jobs a crash left
 * running: they are looked up on the platform, never published again
 * blindly. Each job runs through job-run.ts; storage, leases, platforms and
 * timers are the ports of loop-ports.ts.
 *
 * Passes run one at a time, so this process never publishes a job twice;
 * leases keep other holders (devices, the server) from doing so.
 */
import { createJobRun, type PublishingEvent, type RunSettings } from './job-run'
import {
  alwaysReady,
  systemTimers,
  type JobStore,
  type LeaseProvider,
  type LoopChannel,
  type PublisherFor,
  type ReadyHere,
  type TimerHandle,
  type Timers,
} from './loop-ports'

export type { PublishingEvent }

export interface PublishingLoopSettings extends RunSettings {
  /** How often the safety tick runs. */
  safetyTickMs: number
  /** Jobs of one org published at the same time, so a busy minute does not queue behind one slow call. */
  concurrency: number
  /**
   * Settle interrupted jobs at every pass, not only at catch-ups: for the server, which nothing wakes or
   * reconnects, so its safety tick is when a lapsed holder's job is looked up.
   */
  recoverEveryPass: boolean
}

export const defaultLoopSettings: PublishingLoopSettings = {
  publishLateWithinMinutes: 15,
  safetyTickMs: 60_000,
  retryBaseMs: 30_000,
  retryMaxMs: 30 * 60_000,
  maxAttempts: 10,
  concurrency: 4,
  publishTimeoutMs: 120_000,
  recoverEveryPass: false,
}

export interface PublishingLoopOptions<P, C extends LoopChannel> {
  store: JobStore<P, C>
  leasesFor(orgId: string): LeaseProvider
  /** Whether a job can be published here at all; asked before its lease (every job by default). */
  readyHere?: ReadyHere
  publisherFor: PublisherFor<P, C>
  clock: { now(): Date }
  /** The host's timers unless given. */
  timers?: Timers
  settings?: Partial<PublishingLoopSettings>
  /** [0, 1) for backoff jitter (Math.random by default). */
  random?: () => number
  onEvent?: (event: PublishingEvent) => void
  log?: (error: unknown) => void
  /** Awaited before each job: the server gives the event loop a turn, so a long pass does not starve requests. */
  betweenJobs?: () => Promise<void>
}

/** setTimeout keeps a 32-bit delay; the safety tick covers anything further out. */
const MAX_TIMER_MS = 2 ** 31 - 1

export class PublishingLoop<P, C extends LoopChannel> {
  readonly settings: PublishingLoopSettings
  private readonly timers: Timers
  private readonly run: ReturnType<typeof createJobRun<P, C>>
  private dueTimer: TimerHandle | null = null
  private tickTimer: TimerHandle | null = null
  /** Bumped by every arming, so an arming that read the store while a newer one ran leaves the timer alone. */
  private arming = 0
  private lastTickAt = 0
  private started = false
  /** Set by stop(): a pass still running ends at the next job instead of touching closed files. */
  private stopped = false
  private pass: Promise<void> | null = null
  private again = false
  private recoverNext = false
  /** Due jobs this pass could not take (not ready here, lease refused, an error): the safety tick tries them. */
  private readonly deferred = new Set<string>()
  /** A publish timed out: its job is left running for the next tick's recovery to look up. */
  private recoverAtTick = false

  constructor(private readonly options: PublishingLoopOptions<P, C>) {
    this.settings = { ...defaultLoopSettings, ...options.settings }
    this.timers = options.timers ?? systemTimers
    this.run = createJobRun<P, C>({
      store: options.store,
      leasesFor: options.leasesFor,
      readyHere: options.readyHere ?? alwaysReady,
      publisherFor: options.publisherFor,
      timers: this.timers,
      now: () => this.now(),
      settings: this.settings,
      random: options.random ?? Math.random,
      onEvent: (event) => {
        try {
          options.onEvent?.(event)
        } catch (error) {
          this.log(error)
        }
      },
      log: (error) => this.log(error),
    })
  }

  /** Starts the loop with a catch-up, which also settles jobs a crash left running. */
  start(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (!this.started) {
      this.started = true
      this.armTick()
    }
    return this.catchUp()
  }

  stop(): void {
    this.started = false
    this.stopped = true
    this.arming++
    if (this.dueTimer !== null) this.timers.clearTimeout(this.dueTimer)
    if (this.tickTimer !== null) this.timers.clearTimeout(this.tickTimer)
    this.dueTimer = this.tickTimer = null
  }

  /** After start, wake from sleep and reconnect: settle interrupted jobs, then run everything due. */
  catchUp(): Promise<void> {
    return this.request(true)
  }

  /** Runs what is due now (a new or rescheduled job calls this too). */
  runDue(): Promise<void> {
    return this.request(false)
  }

  /** Something changed the jobs (a sync brought some): look again for the next due time, unless a pass will. */
  wake(): void {
    if (this.started && !this.pass) void this.armDue()
  }

  /** Resolves when no pass is running: lets tests and shutdown wait for the loop to settle. */
  async idle(): Promise<void> {
    while (this.pass) await this.pass
  }

  private request(recover: boolean): Promise<void> {
    this.recoverNext ||= recover
    if (this.pass) {
      this.again = true
      return this.pass
    }
    this.pass = this.drain()
    return this.pass
  }

  private async drain(): Promise<void> {
    this.deferred.clear()
    try {
      // Arming reads the store too: a request that came meanwhile runs another round, or it would be lost.
      do {
        await this.drainOnce()
        if (this.stopped) return
        await this.armDue()
      } while (this.again)
    } finally {
      // In the same turn as the last look at `again`: a request from here on starts a pass of its own.
      this.pass = null
    }
  }

  private async drainOnce(): Promise<void> {
    do {
      this.again = false
      const recover = this.recoverNext || this.settings.recoverEveryPass
      this.recoverNext = false
      for (const orgId of await this.orgIds()) {
        if (this.stopped) return
        try {
          if (recover) await this.recoverInterrupted(orgId)
          await this.publishDue(orgId)
        } catch (error) {
          // One org's trouble (a file gone, a broken row) must not stop the others.
          this.log(error)
        }
      }
    } while (this.again)
  }

  private async orgIds(): Promise<string[]> {
    try {
      return await this.options.store.orgIds()
    } catch (error) {
      this.log(error)
      return []
    }
  }

  private now(): Date {
    return this.options.clock.now()
  }

  private log(error: unknown): void {
    ;(this.options.log ?? console.error)(error)
  }

  private async armDue(): Promise<void> {
    const arming = ++this.arming
    let next = Infinity
    if (this.started) {
      for (const orgId of await this.orgIds()) {
        try {
          for (const job of await this.options.store.pending(orgId)) {
            const at = Date.parse(job.runAt)
            // An unreadable time would fire at once, forever; the safety tick is enough for a job it cannot take.
            if (this.deferred.has(job.id) || !Number.isFinite(at)) continue
            next = Math.min(next, at)
            break
          }
        } catch (error) {
          this.log(error)
        }
      }
    }
    // Stopped, or armed again while reading: leave the timer to whoever is current.
    if (arming !== this.arming) return
    if (this.dueTimer !== null) this.timers.clearTimeout(this.dueTimer)
    this.dueTimer = null
    if (!this.started || next === Infinity) return
    const delay = Math.min(Math.max(next - this.now().getTime(), 0), MAX_TIMER_MS)
    this.dueTimer = this.timers.setTimeout(() => {
      this.dueTimer = null
      void this.runDue()
    }, delay)
  }

  private armTick(): void {
    this.lastTickAt = this.now().getTime()
    this.tickTimer = this.timers.setTimeout(() => {
      if (!this.started) return
      // A tick that comes far later than asked means the machine slept (or the clock jumped): catch up.
      const slept = this.now().getTime() - this.lastTickAt > 2 * this.settings.safetyTickMs
      const recover = slept || this.recoverAtTick
      this.recoverAtTick = false
      this.armTick()
      void this.request(recover)
    }, this.settings.safetyTickMs)
  }

  private async publishDue(orgId: string): Promise<void> {
    const now = this.now().getTime()
    const due = (await this.options.store.pending(orgId)).filter((job) => Date.parse(job.runAt) <= now)
    const worker = async () => {
      for (let job = due.shift(); job && !this.stopped; job = due.shift()) {
        await this.options.betweenJobs?.()
        if (this.stopped) return
        const result = await this.run.publishJob(orgId, job.id).catch((error: unknown) => {
          this.log(error)
          return 'not_taken' as const
        })
        if (result === 'not_taken') this.deferred.add(job.id)
        if (result === 'timed_out') this.recoverAtTick = true
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, this.settings.concurrency) }, worker))
  }

  private async recoverInterrupted(orgId: string): Promise<void> {
    for (const job of await this.options.store.running(orgId)) {
      if (this.stopped) return
      await this.options.betweenJobs?.()
      await this.run.recoverJob(orgId, job.id).catch((error: unknown) => this.log(error))
    }
  }
}
