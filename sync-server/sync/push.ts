/**
 * Push: a client's outbox mutations, applied in order in one transaction.
 *
 * Checked before anything is read: the schema version (an older client is
 * told to update and keeps its outbox) and the clocks (more than five
 * minutes ahead of the server is refused, naming the skew). Then, per
 * mutation: its id must be the client's last + 1 (lower is a duplicate,
 * acknowledged; higher is out of order and nothing is applied); each op must
 * pass the rules (op-rules.ts), else the mutation is refused with the
 * server's values so the client can restore them, and its id still counts;
 * the rest merge per field and join the change log.
 */
import { and, eq } from 'drizzle-orm'
import { decodeHlc } from '../../src-shared/sync/hlc'
import type { ClientMutation, SyncOp } from '../../src-shared/sync/ops'
import { valueRuleProblem } from '../../src-shared/sync/value-rules'
import {
  MAX_CLOCK_SKEW_MS,
  type MutationResult,
  type PushRequest,
  type PushResponse,
} from '../../src-shared/sync/protocol'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { HttpError } from '../errors'
import type { Auth } from '../services/sessions'
import { mergeOps } from './merge'
import { storageOf, type SyncScope } from './scope'
import type { ScopeRules, Verdict } from './scope-rules'
import { pokeScope } from './server-changes'
import { ZERO_HLC } from './server-clock'
import {
  distinctRows,
  fieldKey,
  lockScope,
  purgedAmong,
  readFields,
  rowKey,
  rowsOfOtherScopes,
  saveLastSeq,
  type ScopeSyncState,
} from './store'
import { ACCEPTED_SCHEMA_VERSIONS } from './versions'

/** Pushes into a scope: an organization's log (org-rules.ts) or the caller's own (user-rules.ts). */
export async function push(
  ctx: ServerContext,
  auth: Auth,
  scope: SyncScope,
  rules: ScopeRules,
  request: PushRequest,
): Promise<PushResponse> {
  checkSchemaVersions(request.mutations)
  checkIdentifiers(request.mutations)
  checkClocks(request.mutations, ctx.clock.now().getTime())
  const now = ctx.clock.now()
  const { entities } = storageOf(scope)
  const outcome = await ctx.db.transaction(async (tx) => {
    // Lock first: member changes take the same lock, so the access read next is the one in force.
    const state = await lockScope(tx, scope)
    const access = await rules.open(tx, scope, auth)
    const startSeq = state.lastSeq
    const cursors = new ClientCursors(tx, scope, auth.userId)
    // Looked up once for every row of the push: neither can change while the scope is locked.
    const rows = distinctRows(request.mutations.flatMap((m) => m.ops.filter((op) => entities(op.table))))
    const lookups: RowLookups = {
      otherScopeRows: await rowsOfOtherScopes(tx, scope, rows),
      purged: await purgedAmong(tx, scope, rows),
    }
    const results: MutationResult[] = []
    for (const mutation of request.mutations) {
      const cursor = await cursors.get(mutation.clientId)
      if (mutation.mutationId <= cursor.last) {
        results.push({ mutationId: mutation.mutationId, status: 'duplicate' })
        continue
      }
      if (mutation.mutationId > cursor.last + 1) {
        // Thrown, so the transaction rolls back: the client resends from the expected id, in order.
        const expected = cursor.committed + 1
        throw new HttpError(
          'out_of_order',
          `Mutation ${mutation.mutationId} of client ${mutation.clientId} came before mutation ${cursor.last + 1}; nothing was applied. Push the outbox again from mutation ${expected}, in order.`,
          { expectedMutationId: expected },
        )
      }
      cursor.last = mutation.mutationId
      const judge = await access.judgeMutation(mutation, lookups.otherScopeRows)
      results.push(await applyMutation(ctx, tx, state, judge, mutation, lookups, now))
    }
    await cursors.save()
    await saveLastSeq(tx, state)
    return { results, cursor: state.lastSeq, advanced: state.lastSeq > startSeq }
  })
  if (outcome.advanced) await pokeScope(ctx, scope, outcome.cursor)
  return { results: outcome.results, cursor: outcome.cursor }
}

interface RowLookups {
  /** rowKeys another scope (organization, person) already uses. */
  otherScopeRows: ReadonlySet<string>
  /** rowKeys deleted and purged past the horizon. */
  purged: ReadonlySet<string>
}

async function applyMutation(
  ctx: ServerContext,
  tx: Db,
  state: ScopeSyncState,
  judge: (op: SyncOp) => Verdict,
  mutation: ClientMutation,
  { otherScopeRows, purged }: RowLookups,
  now: Date,
): Promise<MutationResult> {
  const refusals = new Set<string>()
  const writes: SyncOp[] = []
  const corrections: SyncOp[] = []
  for (const op of mutation.ops) {
    const verdict = judge(op)
    if ('refusal' in verdict) refusals.add(verdict.refusal)
    // A row deleted and purged past the horizon stays deleted: a late edit cannot bring back a fragment of it.
    else if ('write' in verdict && !purged.has(rowKey(op.table, op.rowId))) writes.push(op)
    else if ('correct' in verdict) corrections.push({ ...op, value: verdict.correct })
  }
  if (refusals.size > 0) {
    return {
      mutationId: mutation.mutationId,
      status: 'refused',
      reason: [...refusals].slice(0, 3).join(' '),
      restore: await restoreOps(tx, state.scope, mutation.ops, otherScopeRows),
    }
  }
  await mergeOps(tx, state, writes, { clientId: mutation.clientId, mutationId: mutation.mutationId }, now)
  if (corrections.length > 0) {
    // The server's record wins, and says so with a clock later than the client's, so every device converges on it.
    const hlc = ctx.hlc.next(corrections.map((op) => op.hlc))
    await mergeOps(
      tx,
      state,
      corrections.map((op) => ({ ...op, hlc })),
      { clientId: ctx.hlc.node, mutationId: null },
      now,
    )
  }
  return { mutationId: mutation.mutationId, status: 'applied' }
}

/**
 * The server's current value of every field a refused mutation wrote, so the
 * client can put them back. A field the server has no value for comes with
 * ZERO_HLC and null: when every field of a row does, the row does not exist
 * on the server and the client should remove it. Another organization's rows
 * are never read.
 */
async function restoreOps(
  tx: Db,
  scope: SyncScope,
  ops: readonly SyncOp[],
  otherScopeRows: ReadonlySet<string>,
): Promise<SyncOp[]> {
  const { entities } = storageOf(scope)
  const known = ops.filter((op) => entities(op.table)?.columns.has(op.field))
  const stored = await readFields(
    tx,
    scope,
    distinctRows(known).filter((r) => !otherScopeRows.has(rowKey(r.table, r.rowId))),
  )
  const seen = new Set<string>()
  const restore: SyncOp[] = []
  for (const op of known) {
    const key = fieldKey(op.table, op.rowId, op.field)
    if (seen.has(key)) continue
    seen.add(key)
    const current = stored.get(key)
    restore.push({
      table: op.table,
      rowId: op.rowId,
      field: op.field,
      value: current?.value ?? null,
      hlc: current?.hlc ?? ZERO_HLC,
    })
  }
  return restore
}

export function checkSchemaVersions(
  mutations: readonly ClientMutation[],
  accepted: readonly number[] = ACCEPTED_SCHEMA_VERSIONS,
): void {
  const newest = Math.max(...accepted)
  for (const [index, mutation] of mutations.entries()) {
    if (accepted.includes(mutation.schemaVersion)) continue
    if (mutation.schemaVersion < newest) {
      throw new HttpError(
        'client_too_old',
        `This app's data version (${mutation.schemaVersion}) is older than the server accepts (${accepted.join(', ')}); update the app. Your changes are kept and will sync after the update.`,
        { acceptedSchemaVersions: [...accepted] },
      )
    }
    throw new HttpError(
      'invalid_request',
      `mutations.${index}.schemaVersion ${mutation.schemaVersion} is newer than this server knows (${accepted.join(', ')}); the server needs an update.`,
      { field: `mutations.${index}.schemaVersion`, acceptedSchemaVersions: [...accepted] },
    )
  }
}

/**
 * The names an op is filed under are keys the database looks up before any rule runs, so one it would refuse
 * (a NUL character) refuses the push, naming the op. Row ids and clocks need no check here: the op schema
 * (ops.ts) takes only their one strict form. Values are judged per op (op-rules.ts), refusing only their mutation.
 */
export function checkIdentifiers(mutations: readonly ClientMutation[]): void {
  const refuse = (field: string, text: string) => {
    const problem = valueRuleProblem(text)
    if (problem) throw new HttpError('invalid_request', `Invalid request: ${field} ${problem}.`, { field })
  }
  for (const [m, mutation] of mutations.entries()) {
    refuse(`mutations.${m}.clientId`, mutation.clientId)
    for (const [o, op] of mutation.ops.entries()) {
      for (const key of ['table', 'field'] as const) refuse(`mutations.${m}.ops.${o}.${key}`, op[key])
    }
  }
}

export function checkClocks(mutations: readonly ClientMutation[], nowMs: number): void {
  let worst = 0
  for (const [m, mutation] of mutations.entries()) {
    for (const [o, op] of mutation.ops.entries()) {
      const field = `mutations.${m}.ops.${o}`
      if (!('value' in op)) {
        throw new HttpError('invalid_request', `Invalid request: ${field}.value is required (null for empty).`, {
          field: `${field}.value`,
        })
      }
      let wallMs: number
      try {
        wallMs = decodeHlc(op.hlc).wallMs
      } catch {
        throw new HttpError('invalid_request', `Invalid request: ${field}.hlc is not a hybrid logical clock.`, {
          field: `${field}.hlc`,
        })
      }
      worst = Math.max(worst, wallMs - nowMs)
    }
  }
  if (worst > MAX_CLOCK_SKEW_MS) {
    throw new HttpError(
      'clock_skew',
      `This device's clock is ${describeDuration(worst)} ahead of the server's (at most ${describeDuration(MAX_CLOCK_SKEW_MS)} is allowed). Set the date and time automatically, then sync again; nothing was applied.`,
      { skewMs: worst },
    )
  }
}

export function describeDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000)
  const units: [number, string][] = [
    [Math.floor(totalSeconds / 86400), 'day'],
    [Math.floor((totalSeconds % 86400) / 3600), 'hour'],
    [Math.floor((totalSeconds % 3600) / 60), 'minute'],
    [totalSeconds % 60, 'second'],
  ]
  const parts = units.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`)
  return parts.slice(0, 2).join(' ') || '0 seconds'
}

/** The last mutation id of each client seen in this push, read once and written back at the end. */
class ClientCursors {
  private readonly cursors = new Map<string, { last: number; committed: number }>()
  private readonly storage

  constructor(
    private readonly tx: Db,
    private readonly scope: SyncScope,
    private readonly userId: string,
  ) {
    this.storage = storageOf(scope)
  }

  async get(clientId: string): Promise<{ last: number; committed: number }> {
    const cached = this.cursors.get(clientId)
    if (cached) return cached
    const { clientCursors, cursorsHaveOwner } = this.storage
    const [row] = await this.tx
      .select()
      .from(clientCursors)
      .where(and(eq(clientCursors.scopeId, this.scope.id), eq(clientCursors.clientId, clientId)))
    // A client id is one device's replica of the org; another person cannot push under it.
    if (row && cursorsHaveOwner && row.userId !== this.userId) {
      throw new HttpError(
        'forbidden',
        `Client ${clientId} belongs to another person's device; use this device's own client id.`,
      )
    }
    const cursor = { last: row?.lastMutationId ?? 0, committed: row?.lastMutationId ?? 0 }
    this.cursors.set(clientId, cursor)
    return cursor
  }

  async save(): Promise<void> {
    const { clientCursors } = this.storage
    for (const [clientId, cursor] of this.cursors) {
      if (cursor.last === cursor.committed) continue
      await this.tx
        .insert(clientCursors)
        // A user scope's cursors have no owner column; the extra key is not written there.
        .values({ scopeId: this.scope.id, clientId, userId: this.userId, lastMutationId: cursor.last })
        .onConflictDoUpdate({
          target: [clientCursors.scopeId, clientCursors.clientId],
          set: { lastMutationId: cursor.last },
        })
    }
  }
}
