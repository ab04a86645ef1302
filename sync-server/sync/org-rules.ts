/**
 * The rules of an organization's change log for a push: the caller must be a
 * member, and each op passes judgeOp (op-rules.ts) under their role. Reads,
 * per mutation, what those rules need: the organization's and memberships'
 * managed fields, and the author and status of the posts it deletes.
 */
import { requireMembership } from '../services/memberships'
import { judgeOp } from './op-rules'
import type { ScopeRules } from './scope-rules'
import { distinctRows, readFields } from './store'

export const orgRules: ScopeRules = {
  async requireReader(tx, scope, auth) {
    await requireMembership(tx, scope.id, auth.userId)
  },
  async open(tx, scope, auth) {
    const { role } = await requireMembership(tx, scope.id, auth.userId)
    return {
      async judgeMutation(mutation, otherOrgRows) {
        // Read per mutation: an earlier mutation of the same push may have written them.
        const managedRows = distinctRows(mutation.ops).filter(
          (r) => r.table === 'memberships' || r.table === 'organizations',
        )
        // Who wrote the posts deleted and where they stand: the shared rule of who may remove a post.
        const deletedPosts = distinctRows(
          mutation.ops.filter((op) => op.table === 'posts' && op.field === 'deleted_at' && op.value !== null),
        )
        const managed = await readFields(tx, scope, [...managedRows, ...deletedPosts])
        return (op) => judgeOp(op, { orgId: scope.id, role, userId: auth.userId, managed, otherOrgRows })
      },
    }
  },
}
