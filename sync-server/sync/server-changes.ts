/**
 * Changes the server makes itself (an organization attached, a member
 * joining, changing role or leaving) go through the same merge as a
 * client's, under a clock of this process that is later than every value
 * they replace, so desktops learn of them by pulling like any other change.
 * Each comes with an audit_logs row, as the desktop's own changes do.
 */
import type { SyncOp } from '../../src-shared/sync/ops'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { newServerId } from '../ids'
import { mergeOps } from './merge'
import { distinctRows, fieldKey, lockOrg, readFields, saveLastSeq } from './store'

export interface RowChange {
  table: string
  rowId: string
  /** Column name → value. */
  values: Record<string, unknown>
}

export interface ServerAudit {
  /** Null when the server acts for nobody in particular (its publishing loop). */
  userId: string | null
  action: string
  entityType: string
  entityId: string
  meta?: JsonObject
}

/** Writes the changes inside the caller's transaction; returns the new sequence number to poke with. */
export async function writeServerChange(
  tx: Db,
  ctx: ServerContext,
  orgId: string,
  changes: RowChange[],
  audit: ServerAudit,
): Promise<number> {
  const state = await lockOrg(tx, orgId)
  const now = ctx.clock.now()
  const auditRow: RowChange = {
    table: 'audit_logs',
    rowId: newServerId(),
    values: {
      id: null,
      org_id: orgId,
      user_id: audit.userId,
      action: audit.action,
      entity_type: audit.entityType,
      entity_id: audit.entityId,
      timestamp: now.toISOString(),
      meta: audit.meta ?? {},
    },
  }
  auditRow.values.id = auditRow.rowId
  const all = [...changes, auditRow]
  const stored = await readFields(tx, orgId, distinctRows(all))
  const replaced = all.flatMap((c) =>
    Object.keys(c.values).flatMap((field) => stored.get(fieldKey(c.table, c.rowId, field))?.hlc ?? []),
  )
  const hlc = ctx.hlc.next(replaced)
  const ops: SyncOp[] = all.flatMap((c) =>
    Object.entries(c.values).map(([field, value]) => ({ table: c.table, rowId: c.rowId, field, value, hlc })),
  )
  await mergeOps(tx, state, ops, { clientId: ctx.hlc.node, mutationId: null }, now)
  await saveLastSeq(tx, state)
  return state.lastSeq
}

/** Tells every server process (and so every live client) that the org has changed; never fails the caller. */
export async function pokeOrg(ctx: ServerContext, orgId: string, seq: number): Promise<void> {
  try {
    await ctx.bus.publish(orgId, seq)
  } catch (error) {
    ctx.log.warn({ err: error, orgId, seq }, 'could not publish a poke; clients will catch up when they next pull')
  }
}
