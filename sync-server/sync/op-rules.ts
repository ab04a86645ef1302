/**
 * What a client may write, op by op. A mutation is refused whole when any of
 * its ops is, since its ops were committed together on the client.
 *
 * Beyond the role's permission (refusalFor) and the per-field rules
 * (fieldRefusal: fixed fields, tombstones, whose posts, approval, the post's
 * state machine), both shared with the desktop, the server holds the line on
 * what would break the organization for everyone: only its own tables and
 * columns, values of the column's kind, key fields that match the row, no
 * rows of another organization, and membership fields that only the member
 * routes change.
 */
import type { Role } from '../../src-shared/entities/enums'
import type { SyncOp } from '../../src-shared/sync/ops'
import { collabProblem, isCollabField } from '../../src-shared/sync/collab-text'
import { POST_STATUSES } from '../../src-shared/entities/enums'
import { removalRefusal, type RemovablePost, type RemovalRefusal } from '../../src-shared/entities/post-rules'
import { contributorsMayReplyIn } from '../../src-shared/engage/reply-rules'
import { fieldRefusal, type StoredRow } from '../../src-shared/sync/field-rules'
import { refusalFor } from '../../src-shared/sync/op-permissions'
import { valueRuleProblem } from '../../src-shared/sync/value-rules'
import { orgEntities, valueProblem, type EntityTable } from '../db/entity-tables'
import type { Verdict } from './scope-rules'
import { fieldKey, rowKey, type StoredField } from './store'

/**
 * Fields the server changes only through its own routes (invitations, role
 * changes, removal). A client may send them unchanged (a desktop uploading
 * the org it attached), and such ops are skipped rather than merged.
 */
const SERVER_MANAGED: Readonly<Record<string, readonly string[]>> = {
  organizations: ['owner_id', 'deleted_at'],
  memberships: ['user_id', 'role', 'deleted_at'],
}

export const isServerManaged = (table: string, field: string) => SERVER_MANAGED[table]?.includes(field) ?? false

/** Every field name SERVER_MANAGED lists, whichever table: the values org-rules.ts reads for them. */
export const SERVER_MANAGED_FIELDS: readonly string[] = [...new Set(Object.values(SERVER_MANAGED).flat())]

export interface RuleContext {
  orgId: string
  role: Role
  /** The member sending the ops. */
  userId: string
  /**
   * Stored fields of every row the mutation touches (and of the organization's own row), by fieldKey, as
   * they were before it: the values of the rule and server-managed fields; every other field with null.
   */
  managed: ReadonlyMap<string, StoredField>
  /** The same, by rowKey: field → value. A row absent here is made by the mutation. */
  rows: ReadonlyMap<string, StoredRow>
  /** Every op of the mutation being judged. */
  mutation: readonly SyncOp[]
  /** Posts of the mutation whose publish lease the sender holds (services/leases.ts postsLeasedBy). */
  leasedPosts: ReadonlySet<string>
  /** Replies of the mutation whose lease (`reply-<id>`) the sender holds (services/leases.ts repliesLeasedBy). */
  leasedReplies?: ReadonlySet<string>
  /** For a role that changes only its own rows: the stored authors of the posts the mutation's jobs name. */
  postAuthors?: ReadonlyMap<string, string | null>
  /** rowKeys another organization already uses. */
  otherOrgRows: ReadonlySet<string>
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * Null when the op names a table and field of the catalog and carries a value of the field's kind (a Yjs
 * update for collaborative text, whose text is checked too) that follows the value rules (no NUL, not too
 * deep: value-rules.ts), and its id field, if any, is its row id; else why not. The same for every scope.
 * A value the database would refuse is refused here, so it refuses its mutation instead of failing the push.
 */
export function shapeRefusal(op: SyncOp, entity: EntityTable | undefined, tableOf: string): string | null {
  if (!entity) return `"${op.table}" is not a table of ${tableOf}.`
  const kind = entity.columns.get(op.field)
  if (!kind) return `${op.table} has no field "${op.field}".`
  const problem =
    valueRuleProblem(op.value) ??
    (isCollabField(op.table, op.field) ? collabProblem(op.value) : valueProblem(kind, op.value))
  if (problem) return `${op.table}.${op.field} ${problem}.`
  if (op.field === entity.rowIdColumn && op.value !== op.rowId) return `${op.table}.${op.field} must equal the row id.`
  return null
}

const REMOVAL_REFUSALS: Record<RemovalRefusal, (role: Role) => string> = {
  not_a_writer: (role) => `A ${role} cannot delete posts.`,
  not_theirs: (role) => `A ${role} can delete only the posts they wrote; ask an editor, admin or owner.`,
  publishing: () => 'This post is being published right now; delete it once it is out.',
}

/**
 * The post a delete names, as stored. A post the server has no author for was written in this same push, so
 * by the sender; one with no known status is not going out.
 */
function storedPost(rc: RuleContext, rowId: string): RemovablePost {
  const author = rc.managed.get(fieldKey('posts', rowId, 'created_by'))?.value
  const status = rc.managed.get(fieldKey('posts', rowId, 'status'))?.value
  return {
    createdBy: typeof author === 'string' ? author : rc.userId,
    status: POST_STATUSES.find((s) => s === status) ?? 'draft',
  }
}

export function judgeOp(op: SyncOp, rc: RuleContext): Verdict {
  const malformed = shapeRefusal(op, orgEntities(op.table), 'an organization')
  if (malformed) return { refusal: malformed }
  if (op.field === 'org_id' && op.value !== rc.orgId) {
    return { refusal: `${op.table}.org_id must be this organization's id.` }
  }
  if (op.table === 'organizations' && op.rowId !== rc.orgId) {
    return { refusal: 'Only this organization’s own row of organizations can be written.' }
  }
  if (rc.otherOrgRows.has(rowKey(op.table, op.rowId))) {
    return { refusal: `Row "${op.rowId}" of ${op.table} belongs to another organization.` }
  }
  const permission = refusalFor(rc.role, op)
  if (permission) return { refusal: permission }
  if (op.table === 'posts' && op.field === 'deleted_at' && op.value !== null) {
    const refusal = removalRefusal(rc.role, storedPost(rc, op.rowId), rc.userId)
    if (refusal) return { refusal: REMOVAL_REFUSALS[refusal](rc.role) }
  }
  if (op.table === 'memberships' && !hasRow(rc.managed, op.table, op.rowId)) {
    return { refusal: 'People join an organization by invitation, not by sync.' }
  }
  if (isServerManaged(op.table, op.field)) {
    const stored = rc.managed.get(fieldKey(op.table, op.rowId, op.field))
    if (same(stored?.value, op.value)) return { skip: true }
    return {
      refusal: `${op.table}.${op.field} is changed by owners and admins through the members settings, not by sync.`,
    }
  }
  const fields = fieldRefusal(rc.role, op, rc.rows.get(rowKey(op.table, op.rowId)) ?? null, rc.userId, {
    mutation: rc.mutation,
    holdsPublishLease:
      (op.table === 'replies' ? (rc.leasedReplies ?? new Set<string>()) : rc.leasedPosts).has(op.rowId) ||
      madeBeforeAttach(op, rc),
    postAuthors: rc.postAuthors,
    contributorsMayReply: contributorsMayReplyIn(rc.rows.get(rowKey('organizations', rc.orgId))?.settings),
  })
  if (fields) return { refusal: fields }
  return { write: true }
}

/**
 * A change made while the organization was the device's own, before it was put on this server: the
 * attaching device uploads its outbox from the start, publish results under its own leases included. Its
 * clock is older than the one the server stamped on the organization's id when it took it on. (An op that
 * claims an old clock to pass here loses the merge to any status written since the attach.)
 */
function madeBeforeAttach(op: SyncOp, rc: RuleContext): boolean {
  const attached = rc.managed.get(fieldKey('organizations', rc.orgId, 'id'))?.hlc
  return attached !== undefined && op.hlc < attached
}

function hasRow(stored: ReadonlyMap<string, StoredField>, table: string, rowId: string): boolean {
  const prefix = `${rowKey(table, rowId)}\u0000`
  for (const key of stored.keys()) if (key.startsWith(prefix)) return true
  return false
}
