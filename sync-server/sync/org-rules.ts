/**
 * The rules of an organization's change log for a push: the caller must be a
 * member, and each op passes judgeOp (op-rules.ts) under their role. Reads,
 * per mutation and in one query, what those rules need of every row the
 * mutation touches (field-rules.ts's RULE_FIELDS and the server-managed
 * fields; the rest only as present), and which of its posts the sender may
 * record as published (their publish lease).
 */
import { RULE_FIELDS } from '../../src-shared/sync/field-rules'
import { postsLeasedBy } from '../services/leases'
import { requireMembership } from '../services/memberships'
import { judgeOp, SERVER_MANAGED_FIELDS } from './op-rules'
import type { ScopeRules } from './scope-rules'
import { distinctRows, readFieldsNamed, type StoredField } from './store'

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
        const managed = await readFieldsNamed(tx, scope, touched, WANTED)
        const published = mutation.ops.filter(
          (op) => op.table === 'posts' && op.field === 'status' && op.value === 'published',
        )
        const leasedPosts = await postsLeasedBy(tx, scope.id, [...new Set(published.map((op) => op.rowId))], {
          holder: mutation.clientId,
          session: auth.tokenHash,
        })
        const rc = {
          orgId: scope.id,
          role,
          userId: auth.userId,
          managed,
          rows: byRow(managed),
          mutation: mutation.ops,
          leasedPosts,
          otherOrgRows,
        }
        return (op) => judgeOp(op, rc)
      },
    }
  },
}
