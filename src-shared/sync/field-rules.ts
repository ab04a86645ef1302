/**
 * The role rules per field, as data: which fields never change once a row exists, how a tombstone may be set
 * and never cleared, whose posts a role may change, what a change to an approved post costs, and the post's
 * state machine. Written once here; the sync server judges every pushed op with fieldRefusal (after
 * refusalFor, op-permissions.ts, the table-level rule) and the desktop asks the same before it writes.
 *
 * The row's state comes from what is stored before the op's mutation: the server's field values, the
 * desktop's replica. Every op of a mutation is judged against that same state, so a mutation that creates a
 * row and fills it is judged as a creation throughout.
 */
import type { PostStatus, ReplyStatus, Role } from '../entities/enums'
import { POST_STATUSES, REPLY_STATUSES } from '../entities/enums'
import { mayReplyDirectly, REPLY_RESULT_FIELDS, replyStatusRefusal } from '../engage/reply-rules'
import { can, type Permission } from '../entities/permissions'
import type { SyncOp } from './ops'

export type FieldOp = Pick<SyncOp, 'table' | 'rowId' | 'field' | 'value'>

/** Fields every table's rows keep from their creation on (where the table has them). */
export const IMMUTABLE_FIELDS_EVERYWHERE = ['id', 'org_id', 'created_at', 'created_by'] as const

/**
 * Per table, the further fields set when the row is made and never changed: who made it and what it is
 * about. An audit log's entry is a record, so all of it is fixed but its tombstone.
 */
export const IMMUTABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  posts: [],
  post_approvals: ['post_id', 'approver_id'],
  schedule_jobs: ['post_id'],
  replies: ['comment_id', 'author_user_id'],
  saved_replies: ['owner_id'],
  audit_logs: ['user_id', 'action', 'entity_type', 'entity_id', 'timestamp', 'meta'],
}

export const isImmutableField = (table: string, field: string): boolean =>
  (IMMUTABLE_FIELDS_EVERYWHERE as readonly string[]).includes(field) ||
  (IMMUTABLE_FIELDS[table]?.includes(field) ?? false)

/**
 * Tables whose rows belong to their author for roles that may not approve: such a role changes only the rows
 * whose author field names them, and makes new ones only in their own name.
 */
export const AUTHOR_FIELD: Readonly<Record<string, string>> = {
  posts: 'created_by',
  ideas: 'created_by',
  replies: 'author_user_id',
}

/**
 * Tables whose rows belong to a post's author, by the field naming the post: a schedule job is its post's, so
 * a contributor cannot cancel or move the job of a post they may not change.
 */
export const OWNED_THROUGH_POST: Readonly<Record<string, string>> = { schedule_jobs: 'post_id' }

/** A role that changes only its own rows of the AUTHOR_FIELD and OWNED_THROUGH_POST tables (a contributor). */
export const changesOnlyOwnRows = (role: Role): boolean => !can(role, 'posts.approve')

/**
 * What an approver said yes to: a change to any of these by a role that needs approval, on an approved or
 * scheduled post, sends the post back for approval in the same mutation (status needs_approval), or takes it
 * off the schedule (draft); either way no approved status survives it. Tags and notes are not what goes out,
 * so they change freely.
 */
export const APPROVED_CONTENT_FIELDS = [
  'caption',
  'media_urls',
  'social_account_id',
  'scheduled_at',
  // Published right after the post, in its name: as much what was approved as the caption.
  'first_comment',
  'thread_parts',
] as const

/** The statuses whose content an approver has said yes to. */
export const APPROVED_STATUSES: readonly PostStatus[] = ['approved', 'scheduled']

/** A change to these fields of an approved or scheduled post must come with this status, for a role that needs approval. */
export const NEEDS_APPROVAL_AGAIN: PostStatus = 'needs_approval'

/** A publish result's fields: written by the publishing loop of a role that may publish. */
export const PUBLISH_RESULT_FIELDS = ['published_at', 'platform_post_id', 'platform_url'] as const

/** Not out yet and not going out: what a person may still send back, reschedule or take off the schedule. */
const NOT_OUT: readonly PostStatus[] = [
  'draft',
  'needs_approval',
  'approved',
  'rejected',
  'scheduled',
  'failed',
  'needs_attention',
]
const not = (...statuses: PostStatus[]) => NOT_OUT.filter((s) => !statuses.includes(s))

/**
 * One edge of the post's state machine: from any of `from` ('new' for a post being made) to `to`, by a role
 * with `permission`. `lease`: only a publish result under the current publish lease of the post's job.
 */
export interface StatusTransition {
  from: readonly (PostStatus | 'new')[]
  to: PostStatus
  permission: Permission
  lease?: true
  why: string
}

export const POST_TRANSITIONS: readonly StatusTransition[] = [
  { from: ['new'], to: 'draft', permission: 'posts.create', why: 'a new draft' },
  {
    from: ['new', ...not('needs_approval')],
    to: 'needs_approval',
    permission: 'posts.create',
    why: 'asking for approval',
  },
  {
    from: ['new', ...not('scheduled', 'needs_approval')],
    to: 'scheduled',
    permission: 'posts.publish_without_approval',
    why: 'scheduling without approval',
  },
  { from: ['new'], to: 'approved', permission: 'posts.publish_without_approval', why: 'a post made approved' },
  { from: ['needs_approval'], to: 'scheduled', permission: 'posts.approve', why: 'approving' },
  { from: ['needs_approval'], to: 'approved', permission: 'posts.approve', why: 'approving' },
  { from: ['needs_approval'], to: 'rejected', permission: 'posts.approve', why: 'rejecting' },
  { from: not('draft'), to: 'draft', permission: 'posts.create', why: 'taking it off the schedule' },
  // The publishing loop (a device of a role that may publish; the server's own loop writes without these rules).
  {
    from: ['scheduled'],
    to: 'publishing',
    permission: 'posts.publish_without_approval',
    why: 'claiming it to publish',
  },
  {
    from: ['scheduled', 'publishing'],
    to: 'failed',
    permission: 'posts.publish_without_approval',
    why: 'a publish that failed',
  },
  {
    from: ['scheduled', 'publishing'],
    to: 'needs_attention',
    permission: 'posts.publish_without_approval',
    why: 'a publish nobody can tell',
  },
  { from: ['publishing'], to: 'scheduled', permission: 'posts.publish_without_approval', why: 'a publish to retry' },
  {
    from: ['scheduled', 'publishing', 'needs_attention'],
    to: 'published',
    permission: 'posts.publish_without_approval',
    lease: true,
    why: 'a publish result',
  },
]

/** The edge a post's status takes from `from` to `to`, or undefined when the state machine has none. */
export function transitionFor(from: PostStatus | 'new', to: PostStatus): StatusTransition | undefined {
  return POST_TRANSITIONS.find((t) => t.to === to && t.from.includes(from))
}

/**
 * A row's stored fields before the op's mutation, by field name (a field the store has no value for is
 * absent), or null when nothing of the row is stored: the op's mutation makes it.
 */
export type StoredRow = Readonly<Record<string, unknown>>

/** The fields whose stored values these rules read: the rest need only be known to exist. */
export const RULE_FIELDS: readonly string[] = [
  ...new Set([
    ...IMMUTABLE_FIELDS_EVERYWHERE,
    ...Object.values(IMMUTABLE_FIELDS).flat(),
    ...Object.values(AUTHOR_FIELD),
    ...Object.values(OWNED_THROUGH_POST),
    'status',
    'deleted_at',
    ...PUBLISH_RESULT_FIELDS,
    // The organization's own row: its Engage setting says whether a contributor's reply needs approval.
    'settings',
  ]),
]

export interface FieldRuleExtras {
  /** Every op of the op's mutation: a change that asks for approval again carries its status there. */
  mutation: readonly FieldOp[]
  /** The sender holds the current publish lease of a job of this post, or of this reply (the server looks it up). */
  holdsPublishLease: boolean
  /**
   * The stored author (created_by, null when none) of each post the OWNED_THROUGH_POST rows of the mutation
   * name; a post absent here is not stored, so the mutation makes it. Needed only for roles that change only
   * their own rows.
   */
  postAuthors?: ReadonlyMap<string, string | null>
  /** The organization lets contributors reply without approval (its Engage setting); false when absent. */
  contributorsMayReply?: boolean
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
const words = (name: string) => name.replace(/_/g, ' ')
const articled = (role: Role) => `${/^[aeiou]/.test(role) ? 'An' : 'A'} ${role}`
const postStatusOf = (value: unknown): PostStatus | undefined => POST_STATUSES.find((s) => s === value)

/**
 * Null when `userId`, with `role`, may write `op` to the row as stored (`stored`, null for a new row); else
 * why not, in a sentence. Removal (who may delete a post) is post-rules.ts's, and table-level permission is
 * refusalFor's; this is the rest: fixed fields, tombstones, authorship, approval and the state machine.
 */
export function fieldRefusal(
  role: Role,
  op: FieldOp,
  stored: StoredRow | null,
  userId: string,
  extras: FieldRuleExtras,
): string | null {
  const table = words(op.table)
  const creating = stored === null
  const storedValue = stored?.[op.field] ?? null

  if (!creating && isImmutableField(op.table, op.field) && !same(storedValue, op.value)) {
    return `${op.table}.${op.field} is set when the row is made and never changes.`
  }
  if (op.field === 'deleted_at' && !creating && storedValue !== null && !same(storedValue, op.value)) {
    return op.value === null
      ? `This row of ${table} was deleted; a deleted row is not brought back.`
      : `This row of ${table} was deleted already.`
  }

  const authorField = AUTHOR_FIELD[op.table]
  if (authorField && changesOnlyOwnRows(role)) {
    if (creating ? op.field === authorField && op.value !== userId : stored[authorField] !== userId) {
      return `${articled(role)} changes only the ${table} they wrote; ask an editor, admin or owner.`
    }
  }

  const postField = OWNED_THROUGH_POST[op.table]
  if (postField && changesOnlyOwnRows(role)) {
    const postId =
      stored?.[postField] ??
      extras.mutation.find((o) => o.table === op.table && o.rowId === op.rowId && o.field === postField)?.value
    const authors = extras.postAuthors ?? new Map<string, string | null>()
    const theirs = typeof postId === 'string' && (!authors.has(postId) || authors.get(postId) === userId)
    if (!theirs)
      return `${articled(role)} changes only the ${table} of the posts they wrote; ask an editor, admin or owner.`
  }

  if (op.table === 'replies') return replyFieldRefusal(role, op, stored, extras)
  if (op.table !== 'posts' || same(storedValue, op.value)) return null
  const status = creating ? 'new' : (postStatusOf(stored.status) ?? 'draft')

  if (op.field === 'status') {
    const to = postStatusOf(op.value)
    if (!to) return `posts.status must be one of ${POST_STATUSES.join(', ')}.`
    const edge = transitionFor(status, to)
    if (!edge) {
      return status === 'new'
        ? `A post is not made "${to}"; make it a draft, or ask for approval or schedule it.`
        : `A post that is ${words(status)} does not become ${words(to)}.`
    }
    if (!can(role, edge.permission)) return `${articled(role)} cannot move a post to "${to}" (${edge.why}).`
    if (edge.lease && !extras.holdsPublishLease) {
      return 'Only the device that holds the publish lease of this post’s job records it as published.'
    }
    return null
  }
  if ((PUBLISH_RESULT_FIELDS as readonly string[]).includes(op.field) && !can(role, 'posts.publish_without_approval')) {
    return `${articled(role)} cannot record posts.${op.field}; the publishing loop of an editor, admin or owner does.`
  }
  if (
    !creating &&
    (APPROVED_CONTENT_FIELDS as readonly string[]).includes(op.field) &&
    (APPROVED_STATUSES as readonly string[]).includes(status) &&
    !can(role, 'posts.publish_without_approval') &&
    !extras.mutation.some(
      (o) =>
        o.table === 'posts' &&
        o.rowId === op.rowId &&
        o.field === 'status' &&
        !(APPROVED_STATUSES as readonly unknown[]).includes(o.value),
    )
  ) {
    return `This post was approved as it is; ${articled(role).toLowerCase()}'s change to its ${words(op.field)} sends it back for approval (status "${NEEDS_APPROVAL_AGAIN}" in the same change) or takes it off the schedule.`
  }
  return null
}

/** A reply on its way or out: its words and its row stay as they are. */
const REPLY_OUT: readonly ReplyStatus[] = ['sending', 'sent']

/** The replies' part of fieldRefusal: their state machine by role, the sender's fields, and what stays once out. */
function replyFieldRefusal(role: Role, op: FieldOp, stored: StoredRow | null, extras: FieldRuleExtras) {
  const storedValue = stored?.[op.field] ?? null
  if (same(storedValue, op.value)) return null
  const contributorsMayReply = extras.contributorsMayReply ?? false
  const status = stored === null ? 'new' : (REPLY_STATUSES.find((s) => s === stored.status) ?? 'waiting')
  if (op.field === 'status') {
    const refusal = replyStatusRefusal(role, status, op.value, contributorsMayReply)
    if (refusal) return refusal
    // As a post's publish result: only from the device that held the reply's lease (its sender).
    if (op.value === 'sent' && !extras.holdsPublishLease) {
      return 'Only the device that holds the lease of this reply records it as sent.'
    }
    return null
  }
  if ((REPLY_RESULT_FIELDS as readonly string[]).includes(op.field) && !mayReplyDirectly(role, contributorsMayReply)) {
    return `${articled(role)} cannot record replies.${op.field}; the device that sends the reply does.`
  }
  const out = status !== 'new' && REPLY_OUT.includes(status)
  if (out && op.field === 'text') return 'This reply is on its way or sent already; its words no longer change.'
  if (out && op.field === 'deleted_at' && op.value !== null) {
    return 'This reply is on its way or sent already; delete it on the platform if it should not stay.'
  }
  return null
}
