/**
 * The inbox's schedule in the main process: every channel this device fetches (services/comment-fetch.ts) is
 * fetched every few minutes, one after another, each on its own time: a channel in trouble backs off (doubling,
 * with jitter, never sooner than the platform's Retry-After) while the others go on. A pass runs at start and on
 * reconnect (catchUp: every channel is due at once); a tick looks for due channels in between.
 */
import type { Clock } from '../core/clock'
import type { ServiceContext } from '../core/context'
import { fetchChannelInbox, fetchedChannels, type FetchRound } from '../services/comment-fetch'
import { systemTimers, type TimerHandle, type Timers } from './ports'

export interface CommentFetchLoopOptions {
  clock?: Clock
  timers?: Timers
  /** How often each channel is fetched when all is well (5 minutes). */
  intervalMs?: number
  /** How often the loop looks for a due channel (30 seconds). */
  tickMs?: number
  /** The longest wait after failures (an hour). */
  maxBackoffMs?: number
  /** [0, 1) for the backoff's jitter. */
  random?: () => number
  log?: (error: unknown) => void
}

interface ChannelTurn {
  dueAt: number
  failures: number
}

export class CommentFetchLoop {
  private readonly turns = new Map<string, ChannelTurn>()
  private timer: TimerHandle | null = null
  private running: Promise<void> | null = null
  private started = false
  private readonly clock: Clock
  private readonly timers: Timers
  private readonly intervalMs: number
  private readonly tickMs: number
  private readonly maxBackoffMs: number
  private readonly random: () => number
  private readonly log: (error: unknown) => void

  constructor(
    private readonly ctx: ServiceContext,
    options: CommentFetchLoopOptions = {},
  ) {
    this.clock = options.clock ?? ctx.clock
    this.timers = options.timers ?? systemTimers
    this.intervalMs = options.intervalMs ?? 5 * 60_000
    this.tickMs = options.tickMs ?? 30_000
    this.maxBackoffMs = options.maxBackoffMs ?? 60 * 60_000
    this.random = options.random ?? Math.random
    this.log = options.log ?? console.error
  }

  /** Fetches every channel now, then keeps to the schedule. */
  start(): Promise<void> {
    this.started = true
    return this.pass()
  }

  stop(): void {
    this.started = false
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timer = null
  }

  /** Back online (or awake): every channel is due now. */
  catchUp(): Promise<void> {
    if (!this.started) return Promise.resolve()
    for (const turn of this.turns.values()) turn.dueAt = 0
    return this.pass()
  }

  /** Resolves when no pass is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  /** One pass over the due channels; a pass asked for while one runs waits for it, then runs. */
  private pass(): Promise<void> {
    const previous = this.running ?? Promise.resolve()
    const run = previous
      .then(() => this.fetchDue())
      .catch(this.log)
      .finally(() => {
        if (this.running === run) this.running = null
        this.arm()
      })
    this.running = run
    return run
  }

  private arm(): void {
    if (!this.started) return
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timer = this.timers.setTimeout(() => {
      this.timer = null
      void this.pass()
    }, this.tickMs)
  }

  private async fetchDue(): Promise<void> {
    for (const orgId of this.ctx.dbs.listOrgIds()) {
      let channelIds: string[]
      try {
        channelIds = fetchedChannels(this.ctx, orgId)
      } catch {
        // Signed out, or no longer a member: nothing to fetch there.
        continue
      }
      for (const channelId of channelIds) {
        if (!this.started) return
        const k = `${orgId} ${channelId}`
        const turn = this.turns.get(k) ?? { dueAt: 0, failures: 0 }
        if (turn.dueAt > this.clock.now().getTime()) continue
        const round = await fetchChannelInbox(this.ctx, orgId, channelId).catch((error: unknown): FetchRound => {
          this.log(error)
          return { channelId, fetched: 0, added: 0, problem: 'unexpected' }
        })
        this.turns.set(k, this.nextTurn(turn, round))
      }
    }
  }

  private nextTurn(turn: ChannelTurn, round: FetchRound): ChannelTurn {
    const now = this.clock.now().getTime()
    if (!round.problem) return { dueAt: now + this.intervalMs, failures: 0 }
    const failures = turn.failures + 1
    const backoff = Math.min(this.maxBackoffMs, this.intervalMs * 2 ** (failures - 1))
    const jittered = backoff * (0.8 + 0.4 * this.random())
    return { dueAt: now + Math.max(jittered, round.retryAfterMs ?? 0), failures }
  }
}

export function createCommentFetchLoop(ctx: ServiceContext, options: CommentFetchLoopOptions = {}): CommentFetchLoop {
  return new CommentFetchLoop(ctx, options)
}
