/**
 * The merge: per field, last writer wins by hybrid logical clock. Ops are
 * written to field_values only where their clock is later than the stored
 * one (clocks carry a node id, so two writers never tie); the ops that won
 * become one change-log entry under the org's next sequence number, and are
 * copied into the org's entity tables so the server can query them.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm'
import {
  fromBase64,
  isCollabField,
  isCollabValue,
  mergeCollab,
  toBase64,
  type CollabValue,
} from '../../src-shared/sync/collab-text'
import type { SyncOp } from '../../src-shared/sync/ops'
import type { Db } from '../db/open'
import { entityTable, type ColumnKind } from '../db/entity-tables'
import { changeLog, fieldValues } from '../db/schema'
import { fieldKey, type OrgSyncState } from './store'

export interface ChangeSource {
  clientId: string
  /** Null for changes the server makes itself. */
  mutationId: number | null
}

// PostgreSQL takes at most 65,535 parameters per statement.
const ROWS_PER_STATEMENT = 5000

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** One op per field: a mutation's ops share one clock, so the later op in the list is the newer intent. */
function lastPerField(ops: readonly SyncOp[]): SyncOp[] {
  const byField = new Map<string, SyncOp>()
  for (const op of ops) {
    const key = fieldKey(op.table, op.rowId, op.field)
    const previous = byField.get(key)
    if (!previous || op.hlc >= previous.hlc) {
      byField.delete(key)
      byField.set(key, op)
    }
  }
  return [...byField.values()]
}

/**
 * Merges ops into the org's state. Returns the ops that won (possibly none,
 * when every field already holds a later write) and the sequence number of
 * their change-log entry. Call with the org locked (lockOrg).
 */
export async function mergeOps(
  tx: Db,
  state: OrgSyncState,
  ops: readonly SyncOp[],
  source: ChangeSource,
  now: Date,
): Promise<{ winners: SyncOp[]; seq: number | null }> {
  // Collaborative text is merged, not overwritten: every update counts, so none is dropped as an older duplicate.
  const collabOps = ops.filter(isCollabOp)
  const candidates = lastPerField(ops.filter((op) => !isCollabOp(op)))
  if (candidates.length === 0 && collabOps.length === 0) return { winners: [], seq: null }
  const seq = state.lastSeq + 1
  const collab = await mergeCollabFields(tx, state.orgId, collabOps, seq)
  const won = new Set<string>()
  for (const chunk of chunks(candidates, ROWS_PER_STATEMENT)) {
    const rows = await tx
      .insert(fieldValues)
      .values(
        chunk.map((op) => ({
          orgId: state.orgId,
          tableName: op.table,
          rowId: op.rowId,
          field: op.field,
          value: op.value ?? null,
          hlc: op.hlc,
          seq,
        })),
      )
      .onConflictDoUpdate({
        target: [fieldValues.orgId, fieldValues.tableName, fieldValues.rowId, fieldValues.field],
        set: { value: sql`excluded.value`, hlc: sql`excluded.hlc`, seq: sql`excluded.seq` },
        setWhere: sql`excluded.hlc > ${fieldValues.hlc}`,
      })
      .returning({ table: fieldValues.tableName, rowId: fieldValues.rowId, field: fieldValues.field })
    for (const row of rows) won.add(fieldKey(row.table, row.rowId, row.field))
  }
  const winners = [...candidates.filter((op) => won.has(fieldKey(op.table, op.rowId, op.field))), ...collabOps]
  if (winners.length === 0) return { winners, seq: null }

  state.lastSeq = seq
  await tx.insert(changeLog).values({
    orgId: state.orgId,
    seq,
    clientId: source.clientId,
    mutationId: source.mutationId,
    ops: winners,
    createdAt: now,
  })
  // The entity tables hold the merged text, not the update.
  await writeEntities(
    tx,
    state.orgId,
    winners.map((op) =>
      collab.has(fieldKey(op.table, op.rowId, op.field))
        ? { ...op, value: collab.get(fieldKey(op.table, op.rowId, op.field)) }
        : op,
    ),
  )
  return { winners, seq }
}

const isCollabOp = (op: SyncOp): op is SyncOp & { value: CollabValue } =>
  isCollabField(op.table, op.field) && isCollabValue(op.value)

/**
 * Collaborative text merges instead of last-writer-wins: every update is
 * folded into the stored Yjs state (kept compacted) and always joins the
 * change log, since replicas need each update to converge. Returns the
 * merged text per field.
 */
async function mergeCollabFields(
  tx: Db,
  orgId: string,
  ops: (SyncOp & { value: CollabValue })[],
  seq: number,
): Promise<Map<string, string>> {
  const texts = new Map<string, string>()
  for (const op of ops) {
    const where = and(
      eq(fieldValues.orgId, orgId),
      eq(fieldValues.tableName, op.table),
      eq(fieldValues.rowId, op.rowId),
      eq(fieldValues.field, op.field),
    )
    const [stored] = await tx.select({ value: fieldValues.value, hlc: fieldValues.hlc }).from(fieldValues).where(where)
    const before = stored && isCollabValue(stored.value) ? fromBase64(stored.value.yjs) : null
    const merged = mergeCollab(before, [fromBase64(op.value.yjs)])
    const value = { yjs: toBase64(merged.state) }
    const hlc = stored && stored.hlc > op.hlc ? stored.hlc : op.hlc
    await tx
      .insert(fieldValues)
      .values({ orgId, tableName: op.table, rowId: op.rowId, field: op.field, value, hlc, seq })
      .onConflictDoUpdate({
        target: [fieldValues.orgId, fieldValues.tableName, fieldValues.rowId, fieldValues.field],
        set: { value, hlc, seq },
      })
    texts.set(fieldKey(op.table, op.rowId, op.field), merged.text)
  }
  return texts
}

function param(kind: ColumnKind, value: unknown): SQL {
  if (value === null || value === undefined) return sql`null`
  // Sent as JSON text and cast, so an array stays a JSON array (node-postgres would make it a PostgreSQL array).
  if (kind === 'json') return sql`cast(${JSON.stringify(value)} as jsonb)`
  return sql`${value}`
}

/** Copies the winning ops into the entity tables: one upsert per table and set of fields written. */
async function writeEntities(tx: Db, orgId: string, winners: readonly SyncOp[]): Promise<void> {
  const groups = new Map<string, { table: string; fields: string[]; rows: Map<string, Map<string, unknown>> }>()
  const rowsByTable = new Map<string, Map<string, Map<string, unknown>>>()
  for (const op of winners) {
    const rows = rowsByTable.get(op.table) ?? new Map<string, Map<string, unknown>>()
    rowsByTable.set(op.table, rows)
    const fields = rows.get(op.rowId) ?? new Map<string, unknown>()
    rows.set(op.rowId, fields)
    // The key columns come from the row id and the org, which the rules have checked the ops against.
    if (op.field !== 'id' && op.field !== 'org_id') fields.set(op.field, op.value)
  }
  for (const [table, rows] of rowsByTable) {
    for (const [rowId, fields] of rows) {
      const names = [...fields.keys()].sort()
      const signature = `${table}\u0000${names.join(',')}`
      const group = groups.get(signature) ?? { table, fields: names, rows: new Map() }
      groups.set(signature, group)
      group.rows.set(rowId, fields)
    }
  }
  for (const group of groups.values()) {
    const entity = entityTable(group.table)
    if (!entity) continue
    const keyColumns = entity.keyedByOrg ? ['org_id', 'id'] : ['id']
    const columns = [...keyColumns, ...group.fields]
    const update =
      group.fields.length === 0
        ? sql`do nothing`
        : sql`do update set ${sql.join(
            group.fields.map((f) => sql`${sql.identifier(f)} = excluded.${sql.identifier(f)}`),
            sql`, `,
          )}`
    for (const chunk of chunks([...group.rows], Math.floor(ROWS_PER_STATEMENT / columns.length) || 1)) {
      const values = chunk.map(([rowId, fields]) => {
        const keys = entity.keyedByOrg ? [sql`${orgId}`, sql`${rowId}`] : [sql`${rowId}`]
        const rest = group.fields.map((f) => param(entity.columns.get(f)!, fields.get(f)))
        return sql`(${sql.join([...keys, ...rest], sql`, `)})`
      })
      await tx.execute(
        sql`insert into ${sql.identifier(group.table)} (${sql.join(
          columns.map((c) => sql.identifier(c)),
          sql`, `,
        )}) values ${sql.join(values, sql`, `)} on conflict (${sql.join(
          keyColumns.map((c) => sql.identifier(c)),
          sql`, `,
        )}) ${update}`,
      )
    }
  }
}
