/**
 * Pull: the org's changes after a cursor, a page at a time. A cursor behind
 * the compaction horizon (its entries are gone) or ahead of the log (the
 * server's data was restored from an older backup) gets a reset instead:
 * every stored field as ops, which the client applies in place of its data.
 * Read in one repeatable-read snapshot, so a compaction running meanwhile
 * cannot make the page skip entries.
 */
import { and, asc, eq, gt } from 'drizzle-orm'
import type { SyncOp } from '../../src-shared/sync/ops'
import { PULL_PAGE_LIMIT, type PullResponse } from '../../src-shared/sync/protocol'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { changeLog, fieldValues } from '../db/schema'
import { requireMembership } from '../services/memberships'
import type { Auth } from '../services/sessions'
import { fieldAsOp, readOrgSync } from './store'

export async function pull(
  ctx: ServerContext,
  auth: Auth,
  orgId: string,
  since: number,
  limit = PULL_PAGE_LIMIT,
): Promise<PullResponse> {
  return ctx.db.transaction(
    async (tx) => {
      await requireMembership(tx, orgId, auth.userId)
      const { lastSeq, horizonSeq } = await readOrgSync(tx, orgId)
      if (since < horizonSeq || since > lastSeq) {
        return { kind: 'reset', snapshot: await snapshot(tx, orgId), cursor: lastSeq }
      }
      const rows = await tx
        .select({ seq: changeLog.seq, ops: changeLog.ops })
        .from(changeLog)
        .where(and(eq(changeLog.orgId, orgId), gt(changeLog.seq, since)))
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

/** Every field the org has, as ops (tombstoned rows included until compaction purges them). */
async function snapshot(tx: Db, orgId: string): Promise<SyncOp[]> {
  const rows = await tx
    .select(fieldAsOp)
    .from(fieldValues)
    .where(eq(fieldValues.orgId, orgId))
    .orderBy(asc(fieldValues.tableName), asc(fieldValues.rowId), asc(fieldValues.field))
  return rows.map((r) => ({ ...r, value: r.value ?? null }))
}
