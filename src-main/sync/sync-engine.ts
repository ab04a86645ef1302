/**
 * Background sync for every organization attached to a server, and for the
 * person's own data (account.sqlite, through their own change log: see
 * own-data.ts): a round (push, then pull) when asked (after each local
 * change), on a poke from the server, on a timer and on reconnect, with
 * backoff while the server cannot be reached (round-runner.ts). Everything
 * keeps working offline; the status of each org, and of the own data, is
 * always known and pushed to windows as it changes (`sync.status`, with
 * `orgId: null` for the own data).
 *
 * The rest of the core hears of organizations through typed hooks, never
 * through window events: `onLocalChange` (a change was recorded in an org's
 * outbox and committed), `onRoundDone` (a round ended, with its result) and
 * `onReconnected` (an org's rounds work again after failing, or for the
 * first time under this session). The own data needs no listener: the
 * engine kicks its round on a local change of account.sqlite itself, and
 * tells windows `profile.changed` when a round changed the profile.
 */
import { AppError } from '../../src-shared/api/errors'
import { SyncRequestError } from '../../src-shared/sync/server-client'
import type { AppEvent } from '../../src-shared/api/events'
import type { OrgSyncStatus, OwnDataSyncStatus } from '../../src-shared/entities/sync-status'
import type { SyncPort } from '../core/context'
import { HookEmitter, type Hook } from '../core/hook'
import type { Databases } from '../db/databases'
import { LiveConnection } from './live-connection'
import { uploadPendingMedia } from './media-sync'
import { carryLocalSandboxPosts } from './sandbox-carry'
import { pendingCount } from './outbox'
import { ownDataEverSynced, ownDataRound } from './own-data'
import { orgEndpoint, ReplicaSync } from './replica-sync'
import { RoundRunner, type RoundOutcome } from './round-runner'
import { serverClient, type ServerSession } from './session'
import { attachedServer } from './sync-state'
import { orgTables } from './synced-tables'
import { transportOver, type SyncTransport } from './transport'

export type { RoundOutcome } from './round-runner'

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

const SIGNED_OUT_MESSAGE = 'Sign in to the sync server in Settings to sync.'

export class SyncEngine implements SyncPort {
  private session: ServerSession | null = null
  private transport: SyncTransport | null = null
  private live: LiveConnection | null = null
  private readonly runners = new Map<string, RoundRunner>()
  private readonly ownData: RoundRunner
  private stopped = false
  private readonly dropped = new Set<string>()
  private readonly localChange: HookEmitter<[orgId: string]>
  private readonly roundDone: HookEmitter<[orgId: string, outcome: RoundOutcome]>
  private readonly reconnected: HookEmitter<[orgId: string]>
  private readonly stopListening: (() => void)[]

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
    this.ownData = new RoundRunner({
      round: (runner) => this.runOwnData(runner),
      onStatus: () => this.options.emit({ type: 'sync.status', orgId: null }),
    })
    this.stopListening = [
      options.dbs.onLocalChange((orgId) => this.localChange.fire(orgId)),
      // The person's own data is pushed soon after it changes, like an org's.
      options.dbs.onAccountChange(() => this.kickOwnData()),
    ]
  }

  /** Starts (or restarts) syncing with a signed-in session; null stops it. */
  useSession(session: ServerSession | null): void {
    this.session = session
    for (const runner of [...this.runners.values(), this.ownData]) runner.healthy = false
    this.live?.close()
    this.live = null
    const transport = session ? transportOver(serverClient(session)) : null
    this.transport = transport && this.options.wrapTransport ? this.options.wrapTransport(transport) : transport
    if (session && this.options.live !== false) {
      this.live = new LiveConnection(session, {
        onPoke: (orgId) => this.kick(orgId),
        onOwnDataPoke: () => this.kickOwnData(),
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
        message: SIGNED_OUT_MESSAGE,
        lastSyncedAt: runner?.status.lastSyncedAt ?? null,
        pending,
      }
    }
    return { orgId, ...(runner?.status ?? { state: 'idle', message: null, lastSyncedAt: null }), pending }
  }

  /** The person's own data: local before it ever synced, signed out while no session, else its rounds' status. */
  ownDataStatus(): OwnDataSyncStatus {
    const account = this.options.dbs.account.$client
    const pending = pendingCount(account)
    if (!this.session) {
      if (!ownDataEverSynced(account)) return { state: 'local', message: null, lastSyncedAt: null, pending }
      return {
        state: 'signed_out',
        message: SIGNED_OUT_MESSAGE,
        lastSyncedAt: this.ownData.status.lastSyncedAt,
        pending,
      }
    }
    return { ...this.ownData.status, pending }
  }

  /** Asks for a round soon; rounds for one org never overlap. */
  kick(orgId: string): void {
    if (this.stopped || !this.transport || !this.attached(orgId)) return
    this.runner(orgId).kick()
  }

  /** Asks for a round of the person's own data soon (while signed in). */
  kickOwnData(): void {
    if (this.stopped || !this.transport) return
    this.ownData.kick()
  }

  kickAll(): void {
    this.kickOwnData()
    for (const orgId of this.options.dbs.listOrgIds()) this.kick(orgId)
  }

  /** One round now, awaited: for "Sync now" and for tests. */
  async syncNow(orgId: string): Promise<OrgSyncStatus> {
    this.kick(orgId)
    await this.runners.get(orgId)?.settled()
    if (this.dropped.has(orgId)) {
      throw new AppError(
        'forbidden',
        'You no longer have access to this organization; its data was removed from this device.',
      )
    }
    return this.status(orgId)
  }

  /** One round of the person's own data now, awaited. */
  async syncOwnDataNow(): Promise<OwnDataSyncStatus> {
    this.kickOwnData()
    await this.ownData.settled()
    return this.ownDataStatus()
  }

  /** Whether the org has a file here that is attached to a server. */
  private attached(orgId: string): boolean {
    try {
      return attachedServer(this.options.dbs.org(orgId).$client) !== null
    } catch {
      return false
    }
  }

  private runner(orgId: string): RoundRunner {
    let runner = this.runners.get(orgId)
    if (!runner) {
      runner = new RoundRunner({
        round: (r) => this.runOrg(orgId, r),
        onStatus: () => this.options.emit({ type: 'sync.status', orgId }),
      })
      this.runners.set(orgId, runner)
    }
    return runner
  }

  private async runOrg(orgId: string, runner: RoundRunner): Promise<void> {
    // A round asked for by a timer or during the last one: the session or the file may have gone since.
    if (!this.transport || !this.attached(orgId)) return
    runner.setStatus({ state: 'syncing' })
    const db = this.options.dbs.org(orgId).$client
    try {
      const result = await new ReplicaSync(db, orgEndpoint(this.transport, orgId), orgTables, this.options.now).round()
      await this.uploadMedia(orgId, db)
      if (await this.carrySandbox(orgId, db)) this.options.emit({ type: 'posts.changed', orgId })
      const reconnected = runner.succeeded(this.options.now(), this.options.intervalMs ?? 30_000)
      if (result.refused.length)
        this.options.emit({ type: 'sync.refused', orgId, reasons: result.refused.map((r) => r.reason) })
      if (result.pulled || result.refused.length) this.announceChanges(orgId, result.changedTables)
      // Reconnected first: a catch-up settles what was left running before the round's due work runs.
      if (reconnected) this.reconnected.fire(orgId)
      this.roundDone.fire(orgId, { ok: true, ...result })
    } catch (error) {
      if (error instanceof SyncRequestError && error.code === 'not_a_member') return this.dropOrg(orgId)
      this.roundDone.fire(orgId, runner.failed(error))
    }
  }

  private async runOwnData(runner: RoundRunner): Promise<void> {
    const session = this.session
    if (!this.transport || !session) return
    runner.setStatus({ state: 'syncing' })
    try {
      const result = await ownDataRound(this.options.dbs.account.$client, this.transport, session, this.options.now)
      runner.succeeded(this.options.now(), this.options.intervalMs ?? 30_000)
      if (result.refused.length)
        this.options.emit({ type: 'sync.refused', orgId: null, reasons: result.refused.map((r) => r.reason) })
      if (result.changedTables.has('users')) this.options.emit({ type: 'profile.changed' })
    } catch (error) {
      runner.failed(error)
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

  /** The round's last step: the Sandbox posts published before the org synced go to the server's Sandbox. */
  private async carrySandbox(orgId: string, db: ReturnType<Databases['org']>['$client']): Promise<number> {
    const serverUrl = attachedServer(db)
    if (!this.session || !serverUrl) return 0
    return carryLocalSandboxPosts(db, serverClient({ ...this.session, serverUrl }), orgId, (error) =>
      console.warn(error instanceof Error ? error.message : error),
    )
  }

  private dropOrg(orgId: string): void {
    const db = this.options.dbs.org(orgId)
    const name =
      (db.$client.prepare('SELECT name FROM organizations WHERE id = ?').get(orgId) as { name?: string } | undefined)
        ?.name ?? 'an organization'
    this.runners.get(orgId)?.stop()
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
    // Ideas are read with the posts (the renderer keeps them under the posts' key).
    if (tables.has('posts') || tables.has('ideas')) this.options.emit({ type: 'posts.changed', orgId })
    if (tables.has('audit_logs')) this.options.emit({ type: 'audit.changed', orgId })
  }

  /** Resolves when no round is running (before closing the databases). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.runners.values(), this.ownData].map((r) => r.current).filter(Boolean)
      if (running.length === 0) return
      await Promise.allSettled(running)
    }
  }

  stop(): void {
    this.stopped = true
    for (const stop of this.stopListening) stop()
    this.live?.close()
    for (const runner of [...this.runners.values(), this.ownData]) runner.stop()
  }
}
