/**
 * Changes the server makes itself (an organization attached, a member
 * joining, changing role or leaving; a person's account record, their
 * subscription) go through the same merge as a client's, under a clock of
 * this process that is later than every value they replace, so desktops
 * learn of them by pulling like any other change. Each comes with an
 * audit_logs row, as the desktop's own changes do.
 */
import type { SyncOp } from '../../src-shared/sync/ops'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { newServerId } from '../ids'
import { mergeOps } from './merge'
import { orgScope, type SyncScope } from './scope'
import { distinctRows, fieldKey, lockScope, readFields, saveLastSeq } from './store'

export interface RowChange {
  table: string
  rowId: string
  /** Column name → value. */
  values: Record<string, unknown>
}

export interface ScopeChangeOptions {
  /** The clock to write under; a clock of this process, later than every value replaced, by default. */
  hlc?: string
}

export interface ServerAudit {
  /** Null when the server acts for nobody in particular (its publishing loop). */
  userId: string | null
  action: string
  entityType: string
  entityId: string
  meta?: JsonObject
}

/** An organization's change, written inside the caller's transaction; returns the new sequence number to poke with. */
export function writeServerChange(
  tx: Db,
  ctx: ServerContext,
  orgId: string,
  changes: RowChange[],
  audit: ServerAudit,
): Promise<number> {
  return writeScopeChange(tx, ctx, orgScope(orgId), changes, audit)
}

/** A change to any scope's log, written inside the caller's transaction; returns the new sequence number. */
export async function writeScopeChange(
  tx: Db,
  ctx: ServerContext,
  scope: SyncScope,
  changes: RowChange[],
  audit: ServerAudit,
  options: ScopeChangeOptions = {},
): Promise<number> {
  const state = await lockScope(tx, scope)
  const now = ctx.clock.now()
  const auditRow: RowChange = {
    table: 'audit_logs',
    rowId: newServerId(),
    values: {
      id: null,
      // A person's own audit trail belongs to no organization.
      org_id: scope.kind === 'org' ? scope.id : null,
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
  const stored = await readFields(tx, scope, distinctRows(all))
  const replaced = all.flatMap((c) =>
    Object.keys(c.values).flatMap((field) => stored.get(fieldKey(c.table, c.rowId, field))?.hlc ?? []),
  )
  const hlc = options.hlc ?? ctx.hlc.next(replaced)
  const ops: SyncOp[] = all.flatMap((c) =>
    Object.entries(c.values).map(([field, value]) => ({ table: c.table, rowId: c.rowId, field, value, hlc })),
  )
  await mergeOps(tx, state, ops, { clientId: ctx.hlc.node, mutationId: null }, now)
  await saveLastSeq(tx, state)
  return state.lastSeq
}

/** Tells every server process (and so every live client) that the scope has changed; never fails the caller. */
export async function pokeScope(ctx: ServerContext, scope: SyncScope, seq: number): Promise<void> {
  try {
    await ctx.bus.publish({ scope: scope.kind, id: scope.id, seq })
  } catch (error) {
    ctx.log.warn({ err: error, scope, seq }, 'could not publish a poke; clients will catch up when they next pull')
  }
}

/** pokeScope for an organization. */
export const pokeOrg = (ctx: ServerContext, orgId: string, seq: number): Promise<void> =>
  pokeScope(ctx, orgScope(orgId), seq)
