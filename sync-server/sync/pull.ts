/**
 * Pull: a scope's changes after a cursor, a page at a time (an
 * organization's, or the caller's own). A cursor behind the compaction
 * horizon (its entries are gone) or ahead of the log (the server's data was
 * restored from an older backup) gets a reset instead: every stored field as
 * ops, which the client applies in place of its data. Read in one
 * repeatable-read snapshot, so a compaction running meanwhile cannot make
 * the page skip entries.
 */
import { and, asc, eq, gt } from 'drizzle-orm'
import type { SyncOp } from '../../src-shared/sync/ops'
import { PULL_PAGE_LIMIT, type PullResponse } from '../../src-shared/sync/protocol'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import type { Auth } from '../services/sessions'
import { storageOf, type SyncScope } from './scope'
import type { ScopeRules } from './scope-rules'
import { fieldAsOp, readScopeSync } from './store'

export async function pull(
  ctx: ServerContext,
  auth: Auth,
  scope: SyncScope,
  rules: ScopeRules,
  since: number,
  limit = PULL_PAGE_LIMIT,
): Promise<PullResponse> {
  const { changeLog } = storageOf(scope)
  return ctx.db.transaction(
    async (tx) => {
      await rules.requireReader(tx, scope, auth)
      const { lastSeq, horizonSeq } = await readScopeSync(tx, scope)
      if (since < horizonSeq || since > lastSeq) {
        return { kind: 'reset', snapshot: await snapshot(tx, scope), cursor: lastSeq }
      }
      const rows = await tx
        .select({ seq: changeLog.seq, ops: changeLog.ops })
        .from(changeLog)
        .where(and(eq(changeLog.scopeId, scope.id), gt(changeLog.seq, since)))
        .orderBy(asc(changeLog.seq))
        .limit(limit + 1)
      const changes = rows.slice(0, limit)
      return {
        kind: 'changes',
        changes,
        cursor: changes.at(-1)?.seq ?? since,
        hasMore: rows.length > limit,
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  )
}

/** Every field the scope has, as ops (tombstoned rows included until compaction purges them). */
async function snapshot(tx: Db, scope: SyncScope): Promise<SyncOp[]> {
  const { fieldValues } = storageOf(scope)
  const rows = await tx
    .select(fieldAsOp(scope))
    .from(fieldValues)
    .where(eq(fieldValues.scopeId, scope.id))
    .orderBy(asc(fieldValues.tableName), asc(fieldValues.rowId), asc(fieldValues.field))
  return rows.map((r) => ({ ...r, value: r.value ?? null }))
}
