/**
 * Background sync for every organization attached to a server: a round
 * (push, then pull) when asked (the core asks after each local change), on
 * a poke from the server, on a timer and on reconnect; exponential backoff
 * with jitter while the server cannot be reached. Everything keeps working
 * offline; the status of each org is always known and pushed to windows as
 * it changes.
 *
 * The rest of the core hears it through typed hooks, never through window
 * events: `onLocalChange` (a change was recorded in an org's outbox and
 * committed), `onRoundDone` (a round ended, with its result) and
 * `onReconnected` (an org's rounds work again after failing, or for the
 * first time under this session).
 */
import { AppError } from '../../src-shared/api/errors'
import { SyncRequestError } from '../../src-shared/sync/server-client'
import type { AppEvent } from '../../src-shared/api/events'
import type { OrgSyncStatus } from '../../src-shared/entities/sync-status'
import type { SyncPort } from '../core/context'
import { HookEmitter, type Hook } from '../core/hook'
import type { Databases } from '../db/databases'
import { LiveConnection } from './live-connection'
import { uploadPendingMedia } from './media-sync'
import { OrgSync, type RoundResult } from './org-sync'
import { pendingCount } from './outbox'
import { serverClient, type ServerSession } from './session'
import { attachedServer } from './sync-state'
import { transportOver, type SyncTransport } from './transport'

export interface SyncEngineOptions {
  dbs: Databases
  now: () => Date
  emit: (event: AppEvent) => void
  /** How often to pull even without a poke. */
  intervalMs?: number
  /** Tests wrap the transport to drop, repeat or delay messages. */
  wrapTransport?: (transport: SyncTransport) => SyncTransport
  /** Open the websocket for pokes (tests of the engine alone can do without). */
  live?: boolean
  /** Where a hook listener's error goes. */
  log?: (error: unknown) => void
}

/** How a round ended: what it pushed and pulled, or why it could not run to the end. */
export type RoundOutcome =
  ({ ok: true } & RoundResult) | { ok: false; reason: 'offline' | 'error' | 'signed_out' | 'removed'; message: string }

const MAX_BACKOFF_MS = 5 * 60_000

interface OrgRunner {
  status: OrgSyncStatus
  running: Promise<void> | null
  again: boolean
  failures: number
  timer: NodeJS.Timeout | null
  /** The last round under this session ended well: the next good one is not a reconnect. */
  healthy: boolean
}

export class SyncEngine implements SyncPort {
  private session: ServerSession | null = null
  private transport: SyncTransport | null = null
  private live: LiveConnection | null = null
  private readonly runners = new Map<string, OrgRunner>()
  private stopped = false
  private readonly dropped = new Set<string>()
  private readonly localChange: HookEmitter<[orgId: string]>
  private readonly roundDone: HookEmitter<[orgId: string, outcome: RoundOutcome]>
  private readonly reconnected: HookEmitter<[orgId: string]>
  private readonly stopListening: () => void

  /** A change was recorded in an org's outbox and its transaction committed. */
  readonly onLocalChange: Hook<[orgId: string]>
  /** An org's round ended, well or not. */
  readonly onRoundDone: Hook<[orgId: string, outcome: RoundOutcome]>
  /** An org's round ended well after failing (offline, an error, signed out), or first under this session. */
  readonly onReconnected: Hook<[orgId: string]>

  constructor(private readonly options: SyncEngineOptions) {
    this.localChange = new HookEmitter(options.log)
    this.roundDone = new HookEmitter(options.log)
    this.reconnected = new HookEmitter(options.log)
    this.onLocalChange = this.localChange.hook
    this.onRoundDone = this.roundDone.hook
    this.onReconnected = this.reconnected.hook
    this.stopListening = options.dbs.onLocalChange((orgId) => this.localChange.fire(orgId))
  }

  /** Starts (or restarts) syncing with a signed-in session; null stops it. */
  useSession(session: ServerSession | null): void {
    this.session = session
    for (const runner of this.runners.values()) runner.healthy = false
    this.live?.close()
    this.live = null
    const transport = session ? transportOver(serverClient(session)) : null
    this.transport = transport && this.options.wrapTransport ? this.options.wrapTransport(transport) : transport
    if (session && this.options.live !== false) {
      this.live = new LiveConnection(session, {
        onPoke: (orgId) => this.kick(orgId),
        onReconnect: () => this.kickAll(),
      })
    }
    this.kickAll()
  }

  get currentSession(): ServerSession | null {
    return this.session
  }

  status(orgId: string): OrgSyncStatus {
    const db = this.options.dbs.org(orgId).$client
    const runner = this.runners.get(orgId)
    const pending = pendingCount(db)
    if (!attachedServer(db)) return { orgId, state: 'local', message: null, lastSyncedAt: null, pending }
    if (!this.session) {
      return {
        orgId,
        state: 'signed_out',
        message: 'Sign in to the sync server in Settings to sync.',
        lastSyncedAt: runner?.status.lastSyncedAt ?? null,
        pending,
      }
    }
    return { ...(runner?.status ?? { orgId, state: 'idle', message: null, lastSyncedAt: null }), pending }
  }

  /** Asks for a round soon; rounds for one org never overlap. */
  kick(orgId: string): void {
    if (this.stopped || !this.transport) return
    let db
    try {
      db = this.options.dbs.org(orgId).$client
    } catch {
      return
    }
    if (!attachedServer(db)) return
    const runner = this.runner(orgId)
    if (runner.running) {
      runner.again = true
      return
    }
    runner.running = this.run(orgId, runner).finally(() => {
      runner.running = null
      if (runner.again) {
        runner.again = false
        this.kick(orgId)
      }
    })
  }

  kickAll(): void {
    for (const orgId of this.options.dbs.listOrgIds()) this.kick(orgId)
  }

  /** One round now, awaited: for "Sync now" and for tests. */
  async syncNow(orgId: string): Promise<OrgSyncStatus> {
    this.kick(orgId)
    while (this.runners.get(orgId)?.running) await this.runners.get(orgId)!.running
    if (this.dropped.has(orgId)) {
      throw new AppError(
        'forbidden',
        'You no longer have access to this organization; its data was removed from this device.',
      )
    }
    return this.status(orgId)
  }

  private runner(orgId: string): OrgRunner {
    let runner = this.runners.get(orgId)
    if (!runner) {
      runner = {
        status: { orgId, state: 'idle', message: null, lastSyncedAt: null, pending: 0 },
        running: null,
        again: false,
        failures: 0,
        timer: null,
        healthy: false,
      }
      this.runners.set(orgId, runner)
    }
    return runner
  }

  private setStatus(runner: OrgRunner, patch: Partial<OrgSyncStatus>): void {
    runner.status = { ...runner.status, ...patch }
    this.options.emit({ type: 'sync.status', orgId: runner.status.orgId })
  }

  private async run(orgId: string, runner: OrgRunner): Promise<void> {
    if (!this.transport) return
    if (runner.timer) clearTimeout(runner.timer)
    this.setStatus(runner, { state: 'syncing' })
    const db = this.options.dbs.org(orgId).$client
    try {
      const result = await new OrgSync(orgId, db, this.transport, this.options.now).round()
      await this.uploadMedia(orgId, db)
      runner.failures = 0
      this.setStatus(runner, { state: 'idle', message: null, lastSyncedAt: this.options.now().toISOString() })
      if (result.refused.length)
        this.options.emit({ type: 'sync.refused', orgId, reasons: result.refused.map((r) => r.reason) })
      if (result.pulled || result.refused.length) this.announceChanges(orgId, result.changedTables)
      this.schedule(orgId, runner, this.options.intervalMs ?? 30_000)
      const reconnected = !runner.healthy
      runner.healthy = true
      // Reconnected first: a catch-up settles what was left running before the round's due work runs.
      if (reconnected) this.reconnected.fire(orgId)
      this.roundDone.fire(orgId, { ok: true, ...result })
    } catch (error) {
      this.fail(orgId, runner, error)
    }
  }

  /** The round's media step: a file that fails to upload is tried again next round, without failing this one. */
  private async uploadMedia(orgId: string, db: ReturnType<Databases['org']>['$client']): Promise<void> {
    const serverUrl = attachedServer(db)
    if (!this.session || !serverUrl) return
    await uploadPendingMedia(
      db,
      this.options.dbs.dataDir,
      serverClient({ ...this.session, serverUrl }),
      orgId,
      (error) => console.warn(error instanceof Error ? error.message : error),
    )
  }

  private fail(orgId: string, runner: OrgRunner, error: unknown): void {
    runner.healthy = false
    const known = error instanceof SyncRequestError ? error : null
    if (known?.code === 'not_a_member') return this.dropOrg(orgId)
    runner.failures++
    const offline = known?.code === 'network'
    const message = known?.message ?? `Sync failed: ${error instanceof Error ? error.message : String(error)}`
    if (known?.code === 'unauthorized') {
      // Nothing is lost: the outbox waits until the user signs in again.
      const expired = 'Your sync session has expired. Sign in again in Settings → Sync.'
      this.setStatus(runner, { state: 'signed_out', message: expired })
      this.roundDone.fire(orgId, { ok: false, reason: 'signed_out', message: expired })
      return
    }
    this.setStatus(runner, { state: offline ? 'offline' : 'error', message })
    this.roundDone.fire(orgId, { ok: false, reason: offline ? 'offline' : 'error', message })
    if (known?.code === 'client_too_old') return
    // 1 s, 2 s, 4 s … up to 5 minutes, with jitter so many devices do not retry in step.
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(runner.failures - 1, 16))
    this.schedule(orgId, runner, base / 2 + Math.random() * (base / 2))
  }

  private schedule(orgId: string, runner: OrgRunner, delayMs: number): void {
    if (this.stopped) return
    if (runner.timer) clearTimeout(runner.timer)
    runner.timer = setTimeout(() => this.kick(orgId), delayMs)
    runner.timer.unref?.()
  }

  private dropOrg(orgId: string): void {
    const db = this.options.dbs.org(orgId)
    const name =
      (db.$client.prepare('SELECT name FROM organizations WHERE id = ?').get(orgId) as { name?: string } | undefined)
        ?.name ?? 'an organization'
    const runner = this.runners.get(orgId)
    if (runner?.timer) clearTimeout(runner.timer)
    this.runners.delete(orgId)
    this.options.dbs.removeOrg(orgId)
    this.dropped.add(orgId)
    this.options.emit({ type: 'sync.removed', orgId, name })
    this.options.emit({ type: 'organizations.changed' })
    this.roundDone.fire(orgId, { ok: false, reason: 'removed', message: `This device no longer has "${name}".` })
  }

  /** Windows look again at what the round changed. */
  private announceChanges(orgId: string, tables: Set<string>): void {
    if (tables.has('organizations') || tables.has('memberships')) this.options.emit({ type: 'organizations.changed' })
    if (tables.has('posts')) this.options.emit({ type: 'posts.changed', orgId })
    if (tables.has('audit_logs')) this.options.emit({ type: 'audit.changed', orgId })
  }

  /** Resolves when no round is running (before closing the databases). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.runners.values()].map((r) => r.running).filter(Boolean)
      if (running.length === 0) return
      await Promise.allSettled(running)
    }
  }

  stop(): void {
    this.stopped = true
    this.stopListening()
    this.live?.close()
    for (const runner of this.runners.values()) if (runner.timer) clearTimeout(runner.timer)
  }
}
