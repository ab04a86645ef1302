/**
 * One replica's sync round against its change log on the server: push the
 * outbox in order, then pull everything new. Pushing first means a reset
 * snapshot never hides local changes that the server has not seen yet. The
 * same round serves an organization's file (its org's log) and
 * account.sqlite (the person's own log): the endpoint says where, the
 * tables catalog says what the file syncs.
 */
import type Database from 'better-sqlite3'
import type { ClientMutation, SyncOp } from '../../src-shared/sync/ops'
import { PUSH_BATCH_LIMIT, type PullResponse, type PushResponse } from '../../src-shared/sync/protocol'
import { applyRemoteOps, type AppliedRow } from './apply-remote'
import { dropThrough, outboxBatch, withdraw } from './outbox'
import { readState, replicaState, writeState } from './sync-state'
import type { TablesCatalog } from './synced-tables'
import { SyncRequestError } from '../../src-shared/sync/server-client'
import type { SyncTransport } from './transport'

/** One change log on the server, as a replica pushes to and pulls from it. */
export interface ChangeLogEndpoint {
  push(mutations: ClientMutation[]): Promise<PushResponse>
  pull(since: number): Promise<PullResponse>
}

/** An organization's change log. */
export const orgEndpoint = (transport: SyncTransport, orgId: string): ChangeLogEndpoint => ({
  push: (mutations) => transport.push(orgId, mutations),
  pull: (since) => transport.pull(orgId, since),
})

/** The signed-in person's own change log. */
export const ownDataEndpoint = (transport: SyncTransport): ChangeLogEndpoint => ({
  push: (mutations) => transport.pushOwnData(mutations),
  pull: (since) => transport.pullOwnData(since),
})

export interface Refusal {
  mutationId: number
  reason: string
}

export interface RoundResult {
  pushed: number
  pulled: number
  refused: Refusal[]
  changedTables: Set<string>
  /** Rows that pulled changes wrote (not restores or snapshots): what notifications look at. */
  pulledRows: AppliedRow[]
}

/**
 * Which mutation of a push the server refused whole for its form (400 invalid_request naming
 * `mutations.<i>…`, which nothing fixes on a retry): its index; 'split' for a push of several that is too
 * large or refused without naming one (smaller pushes find it); null when retrying may help (or for one
 * mutation refused without being named: a fault of the whole request, say a proxy's, must not throw the
 * outbox away one by one).
 */
function faultOf(error: unknown, size: number): number | 'split' | null {
  if (!(error instanceof SyncRequestError)) return null
  if (error.code === 'invalid_request') {
    const named = /^mutations\.(\d+)(\.|$)/.exec(error.details.field ?? '')
    if (named && Number(named[1]) < size) return Number(named[1])
    return size > 1 ? 'split' : null
  }
  if (error.code === 'payload_too_large') return size > 1 ? 'split' : 0
  return null
}

export class ReplicaSync {
  constructor(
    private readonly sqlite: Database.Database,
    private readonly endpoint: ChangeLogEndpoint,
    private readonly tables: TablesCatalog,
    private readonly now: () => Date,
  ) {}

  async round(): Promise<RoundResult> {
    const result: RoundResult = { pushed: 0, pulled: 0, refused: [], changedTables: new Set(), pulledRows: [] }
    await this.push(result)
    await this.pull(result)
    return result
  }

  private async push(result: RoundResult): Promise<void> {
    let limit = PUSH_BATCH_LIMIT
    // The limit was cut to push the mutations before one the server named: full pushes once it is gone.
    let afterFault = false
    for (;;) {
      const { mutations: batch, unreadable } = outboxBatch(this.sqlite, limit)
      if (batch.length === 0) {
        if (!unreadable) return
        this.takeBack(result, unreadable.mutationId, `it is not a change the server can take (${unreadable.reason})`)
        continue
      }
      let response
      try {
        response = await this.endpoint.push(batch)
      } catch (error) {
        // The server already has everything below the id it expects: drop those and go on.
        if (error instanceof SyncRequestError && error.code === 'out_of_order' && error.details.expectedMutationId) {
          const expected = error.details.expectedMutationId
          if (expected > batch[0]!.mutationId) {
            dropThrough(this.sqlite, expected - 1)
            continue
          }
        }
        // Refused whole for its form: retrying the same push would be refused forever and hold back every
        // later change, so push the mutations before the one at fault, and take that one back as refused.
        const fault = faultOf(error, batch.length)
        if (fault === null) throw error
        if (fault === 'split') {
          // Smaller pushes for the rest of the round: one of them will name it, or be small enough.
          limit = Math.ceil(batch.length / 2)
        } else if (fault > 0) {
          // Only those before it; the next push starts with it.
          limit = fault
          afterFault = true
        } else {
          this.takeBack(result, batch[0]!.mutationId, `the server refused it: ${(error as Error).message}`)
          if (afterFault) limit = PUSH_BATCH_LIMIT
          afterFault = false
        }
        continue
      }
      for (const answer of response.results) {
        if (answer.status === 'refused') {
          // The server kept its values; put them back here and tell the user why.
          const restored = applyRemoteOps(this.sqlite, this.tables, answer.restore, { now: this.now(), force: true })
          restored.tables.forEach((t) => result.changedTables.add(t))
          result.refused.push({ mutationId: answer.mutationId, reason: answer.reason })
        }
        dropThrough(this.sqlite, answer.mutationId)
        result.pushed++
      }
      if (response.results.length === 0) return
    }
  }

  /**
   * A mutation that can never be pushed leaves the outbox so the ones after it go out; it is told as a
   * refusal. Its values stay on this device (the server sent none to restore) until a later change.
   */
  private takeBack(result: RoundResult, mutationId: number, why: string): void {
    withdraw(this.sqlite, mutationId)
    result.refused.push({ mutationId, reason: `A change was not synced: ${why}` })
  }

  private async pull(result: RoundResult): Promise<void> {
    for (;;) {
      const since = readState(this.sqlite, replicaState.cursor) ?? 0
      const page = await this.endpoint.pull(since)
      if (page.kind === 'reset') {
        this.replaceWithSnapshot(page.snapshot, page.cursor)
        this.tables.all().forEach((t) => result.changedTables.add(t.name))
        result.pulled += page.snapshot.length
        return
      }
      const ops = page.changes.flatMap((change) => change.ops)
      const applied = applyRemoteOps(this.sqlite, this.tables, ops, {
        now: this.now(),
        // The cursor moves in the same transaction as the data it covers.
        after: () => writeState(this.sqlite, replicaState.cursor, page.cursor),
      })
      applied.tables.forEach((t) => result.changedTables.add(t))
      result.pulledRows.push(...applied.rows)
      result.pulled += ops.length
      if (!page.hasMore) return
    }
  }

  /** Replaces every synced row with the server's snapshot, atomically. */
  private replaceWithSnapshot(snapshot: SyncOp[], cursor: number): void {
    this.sqlite.transaction(() => {
      this.sqlite.pragma('defer_foreign_keys = ON')
      for (const table of this.tables.all()) this.sqlite.prepare(`DELETE FROM "${table.name}"`).run()
      this.sqlite.prepare('DELETE FROM field_clocks').run()
      applyRemoteOps(this.sqlite, this.tables, snapshot, { now: this.now(), force: true })
      writeState(this.sqlite, replicaState.cursor, cursor)
    })()
  }
}
