/**
 * The rounds of one replica (an organization's file, or account.sqlite's
 * own data): a round when kicked, never two at once (a kick during a round
 * runs one more after it), the next one on a timer after a good round, and
 * exponential backoff with jitter after a failed one. It keeps what the UI
 * shows of the replica (state, message, last synced) and whether the last
 * round under this session went well, so the next good one after a failure
 * is known as a reconnect. What a round does, and what its result means, is
 * the sync engine's.
 */
import type { SyncState } from '../../src-shared/entities/sync-status'
import type { RoundResult } from './replica-sync'
import { SyncRequestError } from '../../src-shared/sync/server-client'

/** How a round ended: what it pushed and pulled, or why it could not run to the end. */
export type RoundOutcome =
  ({ ok: true } & RoundResult) | { ok: false; reason: 'offline' | 'error' | 'signed_out' | 'removed'; message: string }

/** What the UI shows of a replica's sync, but for what its file knows by itself (pending, local). */
export interface RunnerStatus {
  state: SyncState
  message: string | null
  lastSyncedAt: string | null
}

const MAX_BACKOFF_MS = 5 * 60_000

export interface RoundRunnerOptions {
  /** Runs one round; the runner is handed in so the round can report through it. */
  round: (runner: RoundRunner) => Promise<void>
  /** The status changed. */
  onStatus: (status: RunnerStatus) => void
}

export class RoundRunner {
  status: RunnerStatus = { state: 'idle', message: null, lastSyncedAt: null }
  /** The last round under this session ended well: the next good one is not a reconnect. */
  healthy = false
  private failures = 0
  private running: Promise<void> | null = null
  private again = false
  private timer: NodeJS.Timeout | null = null
  private stopped = false

  constructor(private readonly options: RoundRunnerOptions) {}

  /** Asks for a round soon; rounds never overlap. */
  kick(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    if (this.timer) clearTimeout(this.timer)
    this.running = this.options.round(this).finally(() => {
      this.running = null
      if (this.again) {
        this.again = false
        this.kick()
      }
    })
  }

  /** The round running now, if any. */
  get current(): Promise<void> | null {
    return this.running
  }

  /** Resolves when no round runs, including one asked for during the last. */
  async settled(): Promise<void> {
    while (this.running) await this.running
  }

  setStatus(patch: Partial<RunnerStatus>): void {
    this.status = { ...this.status, ...patch }
    this.options.onStatus(this.status)
  }

  /** The round ended well: idle, the next one after `intervalMs`. Answers whether this is a reconnect. */
  succeeded(now: Date, intervalMs: number): boolean {
    this.failures = 0
    this.setStatus({ state: 'idle', message: null, lastSyncedAt: now.toISOString() })
    this.schedule(intervalMs)
    const reconnected = !this.healthy
    this.healthy = true
    return reconnected
  }

  /**
   * The round failed: the status says why in words a person can act on, and the next round comes with
   * backoff (1 s, 2 s, 4 s … up to 5 minutes, with jitter so many devices do not retry in step), except
   * when retrying cannot help (signed out, an app too old for the server).
   */
  failed(error: unknown): Extract<RoundOutcome, { ok: false }> {
    this.healthy = false
    this.failures++
    const known = error instanceof SyncRequestError ? error : null
    if (known?.code === 'unauthorized') {
      // Nothing is lost: the outbox waits until the person signs in again.
      const expired = 'Your sync session has expired. Sign in again in Settings → Sync.'
      this.setStatus({ state: 'signed_out', message: expired })
      return { ok: false, reason: 'signed_out', message: expired }
    }
    const offline = known?.code === 'network'
    const message = known?.message ?? `Sync failed: ${error instanceof Error ? error.message : String(error)}`
    this.setStatus({ state: offline ? 'offline' : 'error', message })
    if (known?.code !== 'client_too_old') {
      const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.failures - 1, 16))
      this.schedule(base / 2 + Math.random() * (base / 2))
    }
    return { ok: false, reason: offline ? 'offline' : 'error', message }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.kick(), delayMs)
    this.timer.unref?.()
  }

  /** No more rounds from this runner (the engine stopped, or the replica went). */
  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
  }
}
