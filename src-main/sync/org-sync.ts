/**
 * One organization's sync round: push the outbox in order, then pull
 * everything new. Pushing first means a reset snapshot never hides local
 * changes that the server has not seen yet.
 */
import type Database from 'better-sqlite3'
import type { SyncOp } from '../../src-shared/sync/ops'
import { PUSH_BATCH_LIMIT } from '../../src-shared/sync/protocol'
import { applyRemoteOps, type AppliedRow } from './apply-remote'
import { dropThrough, outboxBatch } from './outbox'
import { orgState, readState, writeState } from './sync-state'
import { syncedTables } from './synced-tables'
import { SyncRequestError } from '../../src-shared/sync/server-client'
import type { SyncTransport } from './transport'

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

export class OrgSync {
  constructor(
    readonly orgId: string,
    private readonly sqlite: Database.Database,
    private readonly transport: SyncTransport,
    private readonly now: () => Date,
  ) {}

  async round(): Promise<RoundResult> {
    const result: RoundResult = { pushed: 0, pulled: 0, refused: [], changedTables: new Set(), pulledRows: [] }
    await this.push(result)
    await this.pull(result)
    return result
  }

  private async push(result: RoundResult): Promise<void> {
    for (;;) {
      const batch = outboxBatch(this.sqlite, PUSH_BATCH_LIMIT)
      if (batch.length === 0) return
      let response
      try {
        response = await this.transport.push(this.orgId, batch)
      } catch (error) {
        // The server already has everything below the id it expects: drop those and go on.
        if (error instanceof SyncRequestError && error.code === 'out_of_order' && error.details.expectedMutationId) {
          const expected = error.details.expectedMutationId
          if (expected > batch[0]!.mutationId) {
            dropThrough(this.sqlite, expected - 1)
            continue
          }
        }
        throw error
      }
      for (const answer of response.results) {
        if (answer.status === 'refused') {
          // The server kept its values; put them back here and tell the user why.
          const restored = applyRemoteOps(this.sqlite, answer.restore, { now: this.now(), force: true })
          restored.tables.forEach((t) => result.changedTables.add(t))
          result.refused.push({ mutationId: answer.mutationId, reason: answer.reason })
        }
        dropThrough(this.sqlite, answer.mutationId)
        result.pushed++
      }
      if (response.results.length === 0) return
    }
  }

  private async pull(result: RoundResult): Promise<void> {
    for (;;) {
      const since = readState(this.sqlite, orgState.cursor) ?? 0
      const page = await this.transport.pull(this.orgId, since)
      if (page.kind === 'reset') {
        this.replaceWithSnapshot(page.snapshot, page.cursor)
        syncedTables().forEach((t) => result.changedTables.add(t.name))
        result.pulled += page.snapshot.length
        return
      }
      const ops = page.changes.flatMap((change) => change.ops)
      const applied = applyRemoteOps(this.sqlite, ops, {
        now: this.now(),
        // The cursor moves in the same transaction as the data it covers.
        after: () => writeState(this.sqlite, orgState.cursor, page.cursor),
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
      for (const table of syncedTables()) this.sqlite.prepare(`DELETE FROM "${table.name}"`).run()
      this.sqlite.prepare('DELETE FROM field_clocks').run()
      applyRemoteOps(this.sqlite, snapshot, { now: this.now(), force: true })
      writeState(this.sqlite, orgState.cursor, cursor)
    })()
  }
}
