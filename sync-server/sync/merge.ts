/**
 * The merge: per field, last writer wins by hybrid logical clock. Ops are
 * written to field_values only where their clock is later than the stored
 * one (clocks carry a node id, so two writers never tie); the ops that won
 * become one change-log entry under the scope's next sequence number, and
 * are copied into the scope's entity tables so the server can query them.
 * The same for an organization's log and a person's (scope.ts).
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
import type { ColumnKind, EntityTable } from '../db/entity-tables'
import { storageOf, type SyncScope } from './scope'
import { fieldKey, type ScopeSyncState } from './store'

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
 * Merges ops into the scope's state. Returns the ops that won (possibly
 * none, when every field already holds a later write) and the sequence
 * number of their change-log entry. Call with the scope locked (lockScope).
 */
export async function mergeOps(
  tx: Db,
  state: ScopeSyncState,
  ops: readonly SyncOp[],
  source: ChangeSource,
  now: Date,
): Promise<{ winners: SyncOp[]; seq: number | null }> {
  // Collaborative text is merged, not overwritten: every update counts, so none is dropped as an older duplicate.
  const collabOps = ops.filter(isCollabOp)
  const candidates = lastPerField(ops.filter((op) => !isCollabOp(op)))
  if (candidates.length === 0 && collabOps.length === 0) return { winners: [], seq: null }
  const seq = state.lastSeq + 1
  const { scope } = state
  const { fieldValues, changeLog } = storageOf(scope)
  const collab = await mergeCollabFields(tx, scope, collabOps, seq)
  const won = new Set<string>()
  for (const chunk of chunks(candidates, ROWS_PER_STATEMENT)) {
    const rows = await tx
      .insert(fieldValues)
      .values(
        chunk.map((op) => ({
          scopeId: scope.id,
          tableName: op.table,
          rowId: op.rowId,
          field: op.field,
          value: op.value ?? null,
          hlc: op.hlc,
          seq,
        })),
      )
      .onConflictDoUpdate({
        target: [fieldValues.scopeId, fieldValues.tableName, fieldValues.rowId, fieldValues.field],
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
    scopeId: scope.id,
    seq,
    clientId: source.clientId,
    mutationId: source.mutationId,
    ops: winners,
    createdAt: now,
  })
  // The entity tables hold the merged text, not the update.
  await writeEntities(
    tx,
    scope,
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
  scope: SyncScope,
  ops: (SyncOp & { value: CollabValue })[],
  seq: number,
): Promise<Map<string, string>> {
  const texts = new Map<string, string>()
  const { fieldValues } = storageOf(scope)
  for (const op of ops) {
    const where = and(
      eq(fieldValues.scopeId, scope.id),
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
      .values({ scopeId: scope.id, tableName: op.table, rowId: op.rowId, field: op.field, value, hlc, seq })
      .onConflictDoUpdate({
        target: [fieldValues.scopeId, fieldValues.tableName, fieldValues.rowId, fieldValues.field],
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

/** Copies the winning ops into the entity tables: one statement per table and set of fields written. */
async function writeEntities(tx: Db, scope: SyncScope, winners: readonly SyncOp[]): Promise<void> {
  const { entities } = storageOf(scope)
  const groups = new Map<string, { table: string; fields: string[]; rows: Map<string, Map<string, unknown>> }>()
  const rowsByTable = new Map<string, Map<string, Map<string, unknown>>>()
  for (const op of winners) {
    const entity = entities(op.table)
    if (!entity) continue
    const rows = rowsByTable.get(op.table) ?? new Map<string, Map<string, unknown>>()
    rowsByTable.set(op.table, rows)
    const fields = rows.get(op.rowId) ?? new Map<string, unknown>()
    rows.set(op.rowId, fields)
    // The key columns come from the row id and the scope, which the rules have checked the ops against.
    if (isKeyColumn(entity, op.field) || !isProjected(entity, op.field)) continue
    fields.set(op.field, op.value)
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
    const entity = entities(group.table)!
    if (entity.write === 'update') await updateRows(tx, entity, group.fields, group.rows)
    else await upsertRows(tx, scope, entity, group.fields, group.rows)
  }
}

const isKeyColumn = (entity: EntityTable, field: string) => field === entity.rowIdColumn || field === entity.scopeColumn
const isProjected = (entity: EntityTable, field: string) => !entity.projected || entity.projected.has(field)

function keyColumnsOf(entity: EntityTable): string[] {
  return [...new Set([entity.scopeColumn, entity.rowIdColumn].filter((c): c is string => c !== null))]
}

function keyValues(entity: EntityTable, scope: SyncScope, rowId: string): SQL[] {
  return keyColumnsOf(entity).map((column) => (column === entity.rowIdColumn ? sql`${rowId}` : sql`${scope.id}`))
}

async function upsertRows(
  tx: Db,
  scope: SyncScope,
  entity: EntityTable,
  fields: string[],
  rows: Map<string, Map<string, unknown>>,
): Promise<void> {
  const keyColumns = keyColumnsOf(entity)
  const columns = [...keyColumns, ...fields]
  const update =
    fields.length === 0
      ? sql`do nothing`
      : sql`do update set ${sql.join(
          fields.map((f) => sql`${sql.identifier(f)} = excluded.${sql.identifier(f)}`),
          sql`, `,
        )}`
  for (const chunk of chunks([...rows], Math.floor(ROWS_PER_STATEMENT / columns.length) || 1)) {
    const values = chunk.map(([rowId, written]) => {
      const rest = fields.map((f) => param(entity.columns.get(f)!, written.get(f)))
      return sql`(${sql.join([...keyValues(entity, scope, rowId), ...rest], sql`, `)})`
    })
    await tx.execute(
      sql`insert into ${sql.identifier(entity.sqlName)} (${sql.join(
        columns.map((c) => sql.identifier(c)),
        sql`, `,
      )}) values ${sql.join(values, sql`, `)} on conflict (${sql.join(
        keyColumns.map((c) => sql.identifier(c)),
        sql`, `,
      )}) ${update}`,
    )
  }
}

/** Rows that exist already (the account's own row): only the projected columns change. */
async function updateRows(
  tx: Db,
  entity: EntityTable,
  fields: string[],
  rows: Map<string, Map<string, unknown>>,
): Promise<void> {
  if (fields.length === 0) return
  for (const [rowId, written] of rows) {
    const sets = fields.map((f) => sql`${sql.identifier(f)} = ${param(entity.columns.get(f)!, written.get(f))}`)
    await tx.execute(
      sql`update ${sql.identifier(entity.sqlName)} set ${sql.join(sets, sql`, `)} where ${sql.identifier(entity.rowIdColumn)} = ${rowId}`,
    )
  }
}
