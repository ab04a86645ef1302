/**
 * The reply sender: sends the replies waiting in each org's outbox, once, by one device. Beside the publishing
 * loop and under its rules (docs: ARCHITECTURE.md, "Publishing: on time, at most once"):
 *
 * - one device only: for an org that syncs, the server's lease `reply-<replyId>` with its fence (a device that
 *   cannot reach the server sends nothing); a local-only org's own file is the authority;
 * - the reply is durably marked sending before the platform is called, under the reply's id as its idempotency
 *   key (Bluesky's record key is derived from it, Mastodon gets it as Idempotency-Key, the Sandbox keeps it);
 * - a reply found sending (a crash, a lost answer) or under a lease another holder never released is looked up by
 *   its key first, never sent again blindly; where the platform cannot look it up (Mastodon), it is sent again
 *   only within the platform's dedupe window, and past it fails with a sentence that says it may have gone out;
 * - transient errors back off (attempts, next_attempt_at, Retry-After), permanent ones fail with the platform's
 *   words and reopen the comment.
 *
 * It wakes on a new or changed reply (the services' 'schedule' announcement), after each sync round, on
 * reconnect, at the next backed-off reply's time, and on a safety tick.
 */
import { PLATFORM_DISPLAY_NAMES, PlatformError } from '../../src-shared/platforms/adapter'
import { failureOf, systemTimers, type LeaseOutcome, type LeaseProvider, type TimerHandle, type Timers } from './ports'
import { retryDelayMs } from '../../src-shared/scheduling/retry'
import type { ServiceContext } from '../core/context'
import {
  commentOf,
  markSending,
  readReply,
  recordFailed,
  recordRetry,
  recordSent,
  repliesOnTheirWay,
  type ReplyRow,
} from './reply-outbox'
import { replierFor as realReplierFor, type Replier } from './reply-platform'

export interface ReplySenderSettings {
  /** Backoff for transient failures: the first retry waits up to `retryBaseMs`, doubling up to `retryMaxMs`. */
  retryBaseMs: number
  retryMaxMs: number
  /** Attempts before a transient failure is given up on and the reply fails. */
  maxAttempts: number
  safetyTickMs: number
  /** A platform call that has not answered by then is left sending: the next pass looks it up. */
  sendTimeoutMs: number
}

export const defaultReplySenderSettings: ReplySenderSettings = {
  retryBaseMs: 30_000,
  retryMaxMs: 30 * 60_000,
  maxAttempts: 10,
  safetyTickMs: 60_000,
  sendTimeoutMs: 120_000,
}

export interface ReplySenderOptions {
  ctx: ServiceContext
  /** The local lease for a local-only org, the server's for one that syncs (the publishing loop's own). */
  leasesFor(orgId: string): LeaseProvider
  /** Whether this device sends the org's replies at all (its role may record them as sent); all by default. */
  mayRunHere?(orgId: string): boolean
  /** The platform side of a channel; the adapters by default. */
  replierFor?(orgId: string, channelId: string): Replier
  /** The orgs to run (every org file on this device by default). */
  orgIds?(): string[]
  timers?: Timers
  /** [0, 1) for backoff jitter (Math.random by default). */
  random?: () => number
  settings?: Partial<ReplySenderSettings>
  log?: (error: unknown) => void
}

const TIMED_OUT = Symbol('timed out')

/** What a sent-or-not reply's lease ends with: 'lapse' leaves it unreleased (how the send ended is unknown). */
type End = LeaseOutcome | 'lapse'

export const replyLeaseId = (replyId: string) => `reply-${replyId}`

export class ReplySender {
  private readonly settings: ReplySenderSettings
  private readonly timers: Timers
  private readonly log: (error: unknown) => void
  private readonly inFlight = new Set<string>()
  private running: Promise<void> | null = null
  private again = false
  private timer: TimerHandle | null = null
  private started = false
  private stopped = false
  private markStarted: () => void = () => undefined
  /** Settles once the sender started (the core starts it after the saved session is loaded) or stopped. */
  private readonly startedOrStopped = new Promise<void>((resolve) => {
    this.markStarted = resolve
  })

  constructor(private readonly options: ReplySenderOptions) {
    this.settings = { ...defaultReplySenderSettings, ...options.settings }
    this.timers = options.timers ?? systemTimers
    this.log = options.log ?? console.error
  }

  private get ctx() {
    return this.options.ctx
  }

  /** Starts (or, after stop, restarts) sending: what waits goes out now, and interrupted sends are looked up. */
  start(): Promise<void> {
    this.started = true
    this.stopped = false
    this.markStarted()
    return this.wake()
  }

  stop(): void {
    this.stopped = true
    this.markStarted()
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timer = null
  }

  /** Runs a pass now (or once more after the running one); nothing before start. */
  wake(): Promise<void> {
    if (!this.started || this.stopped) return Promise.resolve()
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = this.passes().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Resolves when the sender has started and no pass is running. */
  async idle(): Promise<void> {
    await this.startedOrStopped
    while (this.running) await this.running
  }

  private async passes(): Promise<void> {
    // No tick while a pass runs (a wake meanwhile asks for one more); the next is armed when it ends.
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timer = null
    do {
      this.again = false
      for (const orgId of this.options.orgIds?.() ?? this.ctx.dbs.listOrgIds()) {
        try {
          await this.sendOrg(orgId)
        } catch (error) {
          this.log(error)
        }
      }
    } while (this.again && !this.stopped)
    this.arm()
  }

  /** The next wake: the soonest backed-off reply, or the safety tick. */
  private arm(): void {
    if (this.stopped) return
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    const now = this.ctx.clock.now().getTime()
    let delay = this.settings.safetyTickMs
    for (const orgId of this.options.orgIds?.() ?? this.ctx.dbs.listOrgIds()) {
      try {
        for (const row of repliesOnTheirWay(this.ctx, orgId)) {
          if (row.status === 'waiting' && row.nextAttemptAt) {
            delay = Math.min(delay, Math.max(0, Date.parse(row.nextAttemptAt) - now))
          }
        }
      } catch (error) {
        this.log(error)
      }
    }
    this.timer = this.timers.setTimeout(() => {
      this.timer = null
      void this.wake()
    }, delay)
  }

  private async sendOrg(orgId: string): Promise<void> {
    if (this.options.mayRunHere && !this.options.mayRunHere(orgId)) return
    for (const row of repliesOnTheirWay(this.ctx, orgId)) {
      if (this.stopped) return
      if (this.inFlight.has(row.id) || this.notYet(row)) continue
      await this.sendOne(orgId, row)
    }
  }

  private notYet(row: ReplyRow): boolean {
    return (
      row.status === 'waiting' &&
      row.nextAttemptAt !== null &&
      Date.parse(row.nextAttemptAt) > this.ctx.clock.now().getTime()
    )
  }

  private async sendOne(orgId: string, row: ReplyRow): Promise<void> {
    const comment = commentOf(this.ctx, orgId, row.commentId)
    if (!comment || comment.deletedAt) {
      recordFailed(this.ctx, orgId, row.id, 'The comment this reply answers is gone, so it was not sent.')
      return
    }
    const replier = (this.options.replierFor ?? ((o, c) => realReplierFor(this.ctx, o, c)))(
      orgId,
      comment.socialAccountId,
    )
    // Disconnected: nobody sends it now. One left sending may have gone out before, and cannot be looked up.
    if (replier.gone()) {
      const words = 'The channel this reply goes out on was disconnected. Connect it again, then Retry.'
      const unknown = row.status === 'sending' ? ' It may have gone out before; check first.' : ''
      recordFailed(this.ctx, orgId, row.id, words + unknown, row.status === 'sending')
      return
    }
    // Another device holds the channel's sign-in: it sends this one.
    if (!replier.readyHere()) return
    const leases = this.options.leasesFor(orgId)
    const leaseId = replyLeaseId(row.id)
    const lease = await leases.acquire(leaseId)
    if (!lease) return
    this.inFlight.add(row.id)
    let end: End = 'lapse'
    try {
      end = await this.underLease(orgId, row.id, comment, replier, lease.resumed)
    } catch (error) {
      this.log(error)
    } finally {
      this.inFlight.delete(row.id)
      if (end !== 'lapse') await leases.release(leaseId, lease.fence, end).catch((error: unknown) => this.log(error))
    }
  }

  private async underLease(
    orgId: string,
    replyId: string,
    comment: NonNullable<ReturnType<typeof commentOf>>,
    replier: Replier,
    resumed: boolean,
  ): Promise<End> {
    const row = readReply(this.ctx, orgId, replyId)
    if (!row || row.deletedAt || (row.status !== 'waiting' && row.status !== 'sending') || this.notYet(row)) {
      return 'skipped'
    }
    const key = row.id
    const platform = PLATFORM_DISPLAY_NAMES[comment.platform]
    // It may be on the platform already: a crash or lost answer left it sending, or another holder's lease lapsed.
    if (row.status === 'sending' || resumed) {
      let answer
      try {
        answer = await replier.lookup(key)
      } catch (error) {
        return this.afterFailure(orgId, row, error, { lookingUp: true })
      }
      if (answer.status === 'found') {
        recordSent(this.ctx, orgId, row.id, answer, this.ctx.clock.now(), 'lookup after an interrupted send')
        return 'published'
      }
      if (answer.status === 'unsupported') {
        const began = row.status === 'sending' && row.nextAttemptAt ? Date.parse(row.nextAttemptAt) : null
        const withinWindow = began !== null && this.ctx.clock.now().getTime() - began < replier.dedupeWindowMs()
        if (!withinWindow) {
          const message =
            `Sending was interrupted and ${platform} cannot tell whether this reply went out; ` +
            `it may have. Check the conversation on ${platform} before you Retry, or it could appear twice.`
          recordFailed(this.ctx, orgId, row.id, message, true)
          return 'skipped'
        }
        // Within the window the platform turns a repeat of the key into the first reply: safe to send again.
      }
    }
    const now = this.ctx.clock.now()
    if (!markSending(this.ctx, orgId, row, now)) return 'skipped'
    const target = { platformPostId: comment.platformCommentId, authorHandle: comment.author.handle }
    let answer
    try {
      answer = await this.withTimeout(replier.reply(target, row.text, key))
    } catch (error) {
      return this.afterFailure(orgId, { ...row, attempts: row.attempts + 1 }, error, { lookingUp: false })
    }
    // No answer in time: it stays sending, and the next pass looks it up.
    if (answer === TIMED_OUT) return 'lapse'
    recordSent(this.ctx, orgId, row.id, answer, this.ctx.clock.now())
    return 'published'
  }

  /** A transient error backs off (the reply waits again, or stays sending while only its look-up failed). */
  private afterFailure(orgId: string, row: ReplyRow, error: unknown, { lookingUp }: { lookingUp: boolean }): End {
    const { message, ...failure } = failureOf(error)
    if (failure.kind === 'permanent') {
      const words =
        error instanceof PlatformError && error.kind === 'auth'
          ? `${error.message} Reconnect the channel, then Retry.`
          : failure.reason
      // A look-up refused for good leaves what happened unknown: said so, never sent blindly.
      recordFailed(
        this.ctx,
        orgId,
        row.id,
        lookingUp ? `${words} Whether the reply went out is unknown; check before you Retry.` : words,
        lookingUp,
      )
      return 'skipped'
    }
    // The look-up could not answer now: the reply stays as it is and the lease lapses, so the next try looks again.
    if (lookingUp) return 'lapse'
    const attempts = Math.max(row.attempts, 1)
    if (attempts >= this.settings.maxAttempts) {
      recordFailed(this.ctx, orgId, row.id, `Gave up after ${attempts} attempts. The last error was: ${message}`)
      return 'skipped'
    }
    const delay = retryDelayMs(attempts, {
      baseMs: this.settings.retryBaseMs,
      maxMs: this.settings.retryMaxMs,
      retryAfterMs: failure.retryAfterMs,
      random: this.options.random ?? Math.random,
    })
    recordRetry(this.ctx, orgId, row.id, new Date(this.ctx.clock.now().getTime() + delay), message)
    return 'retry'
  }

  private withTimeout<T>(work: Promise<T>): Promise<T | typeof TIMED_OUT> {
    let handle: TimerHandle | null = null
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      handle = this.timers.setTimeout(() => resolve(TIMED_OUT), this.settings.sendTimeoutMs)
    })
    work.catch(() => undefined)
    return Promise.race([work, timeout]).finally(() => {
      if (handle !== null) this.timers.clearTimeout(handle)
    })
  }
}
