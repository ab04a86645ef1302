/**
 * Sync's write side: the one way a synced row's change is recorded, and the
 * queue it waits in until the server has it. Inside the caller's
 * transaction, recordChange stamps every written field with a hybrid
 * logical clock, appends the mutation to the outbox with the next mutation
 * id, and writes the AUDIT_LOGS row (itself synced), so a change, its sync
 * record and its audit trail are committed together or not at all; once
 * that transaction commits, the org's file announces a local change (see
 * db/after-commit.ts), which the sync engine raises as `onLocalChange`. The
 * sync round reads the outbox in order and drops what the server
 * acknowledged.
 */
import type Database from 'better-sqlite3'
import { getTableColumns, getTableName, sql } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import { decodeHlc, encodeHlc, tickHlc } from '../../src-shared/sync/hlc'
import { isLocalOnlyField } from '../../src-shared/sync/local-only'
import { syncOpSchema, type ClientMutation, type SyncOp } from '../../src-shared/sync/ops'
import { SCHEMA_VERSION } from '../../src-shared/sync/protocol'
import { newId } from '../core/ids'
import { flagForCommit } from '../db/after-commit'
import type { Tx } from '../db/open'
import { auditLogs, fieldClocks, outbox } from '../db/schema/common'
import { clientId, readState, replicaState, writeState } from './sync-state'

export interface Actor {
  userId: string | null
  orgId: string | null
}

export interface Change {
  table: SQLiteTable
  rowId: string
  /** The fields written, keyed as in the Drizzle table (camelCase). */
  values: Record<string, unknown>
  /** What the op carries instead of the written value (a Yjs update for collaborative text). */
  opValues?: Record<string, unknown>
}

export interface AuditDetails {
  action: string
  entityType: string
  entityId: string
  meta?: JsonObject
}

function nextClock(tx: Tx, now: Date): string {
  const last = readState(tx, replicaState.hlc)
  const clock = encodeHlc(tickHlc(last ? decodeHlc(last) : null, now.getTime(), clientId(tx)))
  writeState(tx, replicaState.hlc, clock)
  return clock
}

function opsFor(change: Change, hlc: string): SyncOp[] {
  const columns = getTableColumns(change.table)
  const table = getTableName(change.table)
  return Object.entries(change.values).flatMap(([key, value]) => {
    const column = columns[key]
    if (!column) throw new Error(`Table ${table} has no field "${key}"`)
    // This device's tokens stay here: no op, no clock.
    if (isLocalOnlyField(table, column.name)) return []
    const carried = change.opValues && key in change.opValues ? change.opValues[key] : value
    return [{ table, rowId: change.rowId, field: column.name, value: carried ?? null, hlc }]
  })
}

/**
 * Records rows the caller has just written. Call inside the same
 * transaction as the write.
 */
export function recordChange(tx: Tx, actor: Actor, now: Date, changes: Change[], audit: AuditDetails): void {
  const hlc = nextClock(tx, now)
  const timestamp = now.toISOString()
  const auditRow = {
    id: newId(),
    orgId: actor.orgId,
    userId: actor.userId,
    action: audit.action,
    entityType: audit.entityType,
    entityId: audit.entityId,
    timestamp,
    meta: audit.meta ?? {},
  }
  tx.insert(auditLogs).values(auditRow).run()
  const ops = [...changes, { table: auditLogs, rowId: auditRow.id, values: auditRow }].flatMap((c) => opsFor(c, hlc))

  tx.insert(fieldClocks)
    .values(ops.map((op) => ({ tableName: op.table, rowId: op.rowId, field: op.field, hlc: op.hlc })))
    .onConflictDoUpdate({
      target: [fieldClocks.tableName, fieldClocks.rowId, fieldClocks.field],
      set: { hlc: sql`excluded.hlc` },
    })
    .run()
  const mutationId = (readState(tx, replicaState.lastMutationId) ?? 0) + 1
  writeState(tx, replicaState.lastMutationId, mutationId)
  tx.insert(outbox).values({ mutationId, ops, createdAt: timestamp }).run()
  flagForCommit()
}

/** How many mutations wait to be pushed. */
export const pendingCount = (sqlite: Database.Database): number =>
  (sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n

export interface OutboxBatch {
  mutations: ClientMutation[]
  /**
   * The first row after them whose ops are not the protocol's (written by an older or broken build, or by
   * hand): the server would refuse it whole, so it is taken back rather than sent (see withdraw).
   */
  unreadable: { mutationId: number; reason: string } | null
}

/** The oldest `limit` mutations, in order, as the push sends them, up to the first that cannot be sent. */
export function outboxBatch(sqlite: Database.Database, limit: number): OutboxBatch {
  const client = clientId(sqlite)
  const rows = sqlite
    .prepare<[number], { mutation_id: number; ops: string }>(
      'SELECT mutation_id, ops FROM outbox ORDER BY mutation_id LIMIT ?',
    )
    .all(limit)
  const mutations: ClientMutation[] = []
  for (const row of rows) {
    const ops = syncOpSchema.array().min(1).safeParse(safeJson(row.ops))
    if (!ops.success) {
      const issue = ops.error.issues[0]!
      const where = issue.path.length > 0 ? `op ${issue.path.join('.')} ` : ''
      return { mutations, unreadable: { mutationId: row.mutation_id, reason: `${where}${issue.message}` } }
    }
    mutations.push({ clientId: client, mutationId: row.mutation_id, schemaVersion: SCHEMA_VERSION, ops: ops.data })
  }
  return { mutations, unreadable: null }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Takes back a mutation the server refused as a whole (400 naming it, or too large on its own) and so never
 * recorded: the mutations after it move down one id, since the server expects ids that rise by exactly one
 * and still waits for this one's. In one transaction with the replica's last id, so a change recorded
 * meanwhile takes the next id after them.
 */
export function withdraw(sqlite: Database.Database, mutationId: number): void {
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM outbox WHERE mutation_id = ?').run(mutationId)
    const later = sqlite
      .prepare<[number], { mutation_id: number }>(
        'SELECT mutation_id FROM outbox WHERE mutation_id > ? ORDER BY mutation_id',
      )
      .all(mutationId)
    // Ascending, each id falls into the one just freed, so no two rows ever share one.
    const renumber = sqlite.prepare('UPDATE outbox SET mutation_id = ? WHERE mutation_id = ?')
    for (const row of later) renumber.run(row.mutation_id - 1, row.mutation_id)
    const last = readState(sqlite, replicaState.lastMutationId) ?? mutationId
    writeState(sqlite, replicaState.lastMutationId, last - 1)
  })()
}

/** Drops every mutation up to `mutationId`: the server has them. */
export function dropThrough(sqlite: Database.Database, mutationId: number): void {
  sqlite.prepare('DELETE FROM outbox WHERE mutation_id <= ?').run(mutationId)
}
