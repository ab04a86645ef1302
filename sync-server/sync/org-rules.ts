/**
 * The rules of an organization's change log for a push: the caller must be a
 * member, and each op passes judgeOp (op-rules.ts) under their role. Reads,
 * per mutation and in one query, what those rules need of every row the
 * mutation touches (field-rules.ts's RULE_FIELDS and the server-managed
 * fields; the rest only as present), and which of its posts the sender may
 * record as published (their publish lease).
 */
import { changesOnlyOwnRows, OWNED_THROUGH_POST, RULE_FIELDS } from '../../src-shared/sync/field-rules'
import { postsLeasedBy, repliesLeasedBy } from '../services/leases'
import { requireMembership } from '../services/memberships'
import { judgeOp, SERVER_MANAGED_FIELDS } from './op-rules'
import type { Db } from '../db/open'
import type { SyncOp } from '../../src-shared/sync/ops'
import type { SyncScope } from './scope'
import type { ScopeRules } from './scope-rules'
import { distinctRows, fieldKey, readFields, rowKey, type StoredField } from './store'

const WANTED = [...new Set([...RULE_FIELDS, ...SERVER_MANAGED_FIELDS])]

/** The stored fields grouped by row: rowKey → field → value. */
function byRow(stored: ReadonlyMap<string, StoredField>): Map<string, Record<string, unknown>> {
  const rows = new Map<string, Record<string, unknown>>()
  for (const [key, { value }] of stored) {
    const cut = key.lastIndexOf('\u0000')
    const row = key.slice(0, cut)
    const fields = rows.get(row) ?? {}
    fields[key.slice(cut + 1)] = value
    rows.set(row, fields)
  }
  return rows
}

/** The stored created_by of each post that a job of the mutation names (stored, or in the mutation). */
async function authorsOfJobPosts(
  tx: Db,
  scope: SyncScope,
  ops: readonly SyncOp[],
  stored: ReadonlyMap<string, StoredField>,
): Promise<Map<string, string | null>> {
  const postIds = new Set<string>()
  for (const op of ops) {
    const field = OWNED_THROUGH_POST[op.table]
    if (!field) continue
    const named = [stored.get(fieldKey(op.table, op.rowId, field))?.value, op.field === field ? op.value : null]
    for (const id of named) if (typeof id === 'string') postIds.add(id)
  }
  const rows = [...postIds].map((rowId) => ({ table: 'posts', rowId }))
  const found = byRow(await readFields(tx, scope, rows, ['created_by']))
  const authors = new Map<string, string | null>()
  for (const { rowId } of rows) {
    const row = found.get(rowKey('posts', rowId))
    if (row) authors.set(rowId, typeof row.created_by === 'string' ? row.created_by : null)
  }
  return authors
}

export const orgRules: ScopeRules = {
  async requireReader(tx, scope, auth) {
    await requireMembership(tx, scope.id, auth.userId)
  },
  async open(tx, scope, auth) {
    const { role } = await requireMembership(tx, scope.id, auth.userId)
    return {
      async judgeMutation(mutation, otherOrgRows) {
        // Read per mutation: an earlier mutation of the same push may have written them. The organization's own
        // row comes too: the clock of its id says when the server took the organization on (see judgeOp).
        const touched = distinctRows([...mutation.ops, { table: 'organizations', rowId: scope.id }])
        const managed = await readFields(tx, scope, touched, WANTED)
        const published = mutation.ops.filter(
          (op) => op.table === 'posts' && op.field === 'status' && op.value === 'published',
        )
        const leasedPosts = await postsLeasedBy(tx, scope.id, [...new Set(published.map((op) => op.rowId))], {
          holder: mutation.clientId,
          session: auth.tokenHash,
        })
        const sent = mutation.ops.filter((op) => op.table === 'replies' && op.field === 'status' && op.value === 'sent')
        const leasedReplies = await repliesLeasedBy(tx, scope.id, [...new Set(sent.map((op) => op.rowId))], {
          holder: mutation.clientId,
          session: auth.tokenHash,
        })
        const postAuthors = changesOnlyOwnRows(role)
          ? await authorsOfJobPosts(tx, scope, mutation.ops, managed)
          : undefined
        const rc = {
          orgId: scope.id,
          role,
          userId: auth.userId,
          managed,
          rows: byRow(managed),
          mutation: mutation.ops,
          leasedPosts,
          leasedReplies,
          postAuthors,
          otherOrgRows,
        }
        return (op) => judgeOp(op, rc)
      },
    }
  },
}
