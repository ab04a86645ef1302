/**
 * The per-field role rules (src-shared/sync/field-rules.ts) walked over every organization table × every
 * field the server's catalog knows × every role × the row's state (being made, the sender's own, a
 * teammate's, approved or not, deleted), against the rules written out by hand here; and the post's state
 * machine walked over every status × every status × every role.
 */
import { describe, expect, it } from 'vitest'
import { POST_STATUSES, ROLES, type PostStatus, type Role } from '../../src-shared/entities/enums'
import { fieldRefusal, type FieldOp, type StoredRow } from '../../src-shared/sync/field-rules'
import { ORG_TABLES } from '../../src-shared/sync/op-permissions'
import { orgEntities } from '../../sync-server/db/entity-tables'

const ME = 'user-me'
const TEAMMATE = 'user-teammate'

/** Fixed once the row exists, written out by hand: the spec, not a copy of the module's lists. */
const FIXED: Record<string, string[]> = {
  post_approvals: ['post_id', 'approver_id'],
  schedule_jobs: ['post_id'],
  replies: ['comment_id', 'author_user_id'],
  saved_replies: ['owner_id'],
  audit_logs: ['user_id', 'action', 'entity_type', 'entity_id', 'timestamp', 'meta'],
}
const isFixed = (table: string, field: string) =>
  ['id', 'org_id', 'created_at', 'created_by'].includes(field) || (FIXED[table]?.includes(field) ?? false)

const APPROVERS: Role[] = ['owner', 'admin', 'editor']
const PUBLISHERS: Role[] = ['owner', 'admin', 'editor']

type RowState = 'new' | 'own draft' | 'own scheduled' | 'teammate’s draft' | 'teammate’s scheduled' | 'deleted'

function storedRow(state: RowState, table = 'posts'): StoredRow | null {
  if (state === 'new') return null
  // For a job, the author of its post (post-1).
  const author = state.startsWith('own') || state === 'deleted' ? ME : TEAMMATE
  // A reply's "scheduled" is its way out ended: sent; its "draft" is waiting in the outbox.
  const replyStatus = state.endsWith('scheduled') ? 'sent' : 'waiting'
  return {
    id: 'row-1',
    org_id: 'org-1',
    created_at: '2026-01-01T00:00:00.000Z',
    created_by: author,
    status: table === 'replies' ? replyStatus : state.endsWith('scheduled') ? 'scheduled' : 'draft',
    deleted_at: state === 'deleted' ? '2026-02-01T00:00:00.000Z' : null,
    post_id: 'post-1',
    approver_id: TEAMMATE,
    comment_id: 'comment-1',
    author_user_id: table === 'replies' ? author : TEAMMATE,
    owner_id: TEAMMATE,
    user_id: TEAMMATE,
    action: 'post.drafted',
    entity_type: 'post',
    entity_id: 'post-1',
    timestamp: '2026-01-01T00:00:00.000Z',
    meta: {},
  }
}

/** A value other than the stored one; for a new row, the sender's own id where the field names a person. */
function newValue(field: string, state: RowState, table = 'posts'): unknown {
  if (field === 'deleted_at') return state === 'deleted' ? null : '2026-03-01T00:00:00.000Z'
  if (field === 'created_by') return state === 'new' ? ME : 'user-me-instead'
  if (field === 'author_user_id' && table === 'replies') return state === 'new' ? ME : 'user-me-instead'
  if (field === 'status') return table === 'replies' ? 'waiting' : 'draft'
  if (field === 'meta') return { changed: true }
  return `changed-${field}`
}

/** The rules in words, for one op that changes the field (and nothing else in its mutation). */
function expectedAllowed(role: Role, table: string, field: string, state: RowState): boolean {
  const stored = storedRow(state, table)
  if (stored && isFixed(table, field)) return false
  if (state === 'deleted' && field === 'deleted_at') return false
  const approver = APPROVERS.includes(role)
  // A job is its post's: a contributor or viewer changes only the jobs of their own posts (a new job names its post).
  if (table === 'schedule_jobs' && !approver) return stored ? stored.created_by === ME : field === 'post_id'
  // An idea is its author's for a contributor or viewer: they change only their own, and make new ones in their name.
  if (table === 'ideas' && !approver) return stored ? stored.created_by === ME : true
  if (table === 'replies') {
    // A contributor's or viewer's replies are their own: they change no one else's.
    if (!approver && stored && stored.author_user_id !== ME) return false
    const sent = stored?.status === 'sent'
    // A new reply waits to be sent only from an approver (the org here does not let contributors reply); a sent
    // one stays sent; a waiting one sent "waiting" is no change.
    if (field === 'status') return stored ? !sent : approver
    // What the platform answered is written by the sender, on a device of a role that replies directly.
    if (['platform_reply_id', 'url', 'sent_at'].includes(field)) return approver
    // Once out, its words and the row stay.
    if (sent && (field === 'text' || field === 'deleted_at')) return false
    return true
  }
  if (table !== 'posts') return true
  const publisher = PUBLISHERS.includes(role)
  // A contributor or viewer changes only their own posts.
  if (!approver && stored && stored.created_by !== ME) return false
  if (field === 'status') {
    // To draft: from scheduled any writer; from draft it is no change; a new post starts as one.
    return stored?.status === 'draft' || role !== 'viewer'
  }
  if (['published_at', 'platform_post_id', 'platform_url'].includes(field)) return publisher
  // What goes out with the post: its words, media, channel, time, and the first comment and thread parts after it.
  const approvedContent = [
    'caption',
    'media_urls',
    'social_account_id',
    'scheduled_at',
    'first_comment',
    'thread_parts',
  ].includes(field)
  if (approvedContent && stored?.status === 'scheduled' && !publisher) return false
  return true
}

const ROW_STATES: RowState[] = [
  'new',
  'own draft',
  'own scheduled',
  'teammate’s draft',
  'teammate’s scheduled',
  'deleted',
]

describe('fieldRefusal: every table × field × role × row', () => {
  for (const table of ORG_TABLES) {
    const fields = [...orgEntities(table)!.columns.keys()]
    it(`${table}: ${fields.length} fields`, () => {
      const wrong: string[] = []
      for (const field of fields) {
        for (const role of ROLES) {
          for (const state of ROW_STATES) {
            const op: FieldOp = { table, rowId: 'row-1', field, value: newValue(field, state, table) }
            const row = storedRow(state, table)
            // The post the row's post_id names is stored, by the row's author (the job's post is whose the job is).
            const postAuthors = new Map(row ? [['post-1', row.created_by as string]] : [])
            const refusal = fieldRefusal(role, op, row, ME, { mutation: [op], holdsPublishLease: true, postAuthors })
            const expected = expectedAllowed(role, table, field, state)
            if ((refusal === null) !== expected) {
              wrong.push(
                `${role} ${field} of a ${state} row: expected ${expected ? 'allowed' : 'refused'}, got ${refusal ?? 'allowed'}`,
              )
            }
            if (refusal !== null) expect(refusal).toMatch(/\.$/)
          }
        }
      }
      expect(wrong).toEqual([])
    })
  }

  it('any stored value of a field counts: a fixed field sent unchanged is no change', () => {
    const stored = storedRow('teammate’s draft')!
    for (const field of ['id', 'org_id', 'created_at']) {
      const op = { table: 'posts', rowId: 'row-1', field, value: stored[field] }
      expect(fieldRefusal('editor', op, stored, ME, { mutation: [op], holdsPublishLease: false })).toBeNull()
    }
  })

  it('a row that exists without an author is nobody’s to take: its created_by is fixed as empty', () => {
    const op = { table: 'posts', rowId: 'row-1', field: 'created_by', value: ME }
    const extras = { mutation: [op], holdsPublishLease: false }
    expect(fieldRefusal('contributor', op, { caption: null }, ME, extras)).toMatch(/never changes/)
    expect(fieldRefusal('owner', op, { caption: null }, ME, extras)).toMatch(/never changes/)
  })

  it('a contributor makes ideas only in their own name, and edits or deletes only their own', () => {
    const named: FieldOp = { table: 'ideas', rowId: 'row-1', field: 'created_by', value: TEAMMATE }
    const extras = (op: FieldOp) => ({ mutation: [op], holdsPublishLease: false })
    expect(fieldRefusal('contributor', named, null, ME, extras(named))).toMatch(/only the ideas they wrote/)
    expect(fieldRefusal('editor', named, null, ME, extras(named))).toBeNull()
    const teammates = storedRow('teammate’s draft')
    for (const [field, value] of [
      ['text', 'mine now'],
      ['deleted_at', '2026-03-01T00:00:00.000Z'],
    ] as const) {
      const op: FieldOp = { table: 'ideas', rowId: 'row-1', field, value }
      expect(fieldRefusal('contributor', op, teammates, ME, extras(op))).toMatch(/only the ideas they wrote/)
      expect(fieldRefusal('contributor', op, storedRow('own draft'), ME, extras(op))).toBeNull()
      expect(fieldRefusal('editor', op, teammates, ME, extras(op))).toBeNull()
    }
  })

  it('a contributor makes posts only in their own name', () => {
    const op = { table: 'posts', rowId: 'row-1', field: 'created_by', value: TEAMMATE }
    expect(fieldRefusal('contributor', op, null, ME, { mutation: [op], holdsPublishLease: false })).toMatch(
      /only the posts they wrote/,
    )
    expect(fieldRefusal('editor', op, null, ME, { mutation: [op], holdsPublishLease: false })).toBeNull()
  })

  it('a contributor’s change to their approved or scheduled post goes with a status that asks again', () => {
    for (const status of ['approved', 'scheduled'] as const) {
      const stored = { ...storedRow('own draft'), status }
      const caption: FieldOp = { table: 'posts', rowId: 'row-1', field: 'caption', value: 'AQID' }
      const ask: FieldOp = { table: 'posts', rowId: 'row-1', field: 'status', value: 'needs_approval' }
      const unschedule: FieldOp = { table: 'posts', rowId: 'row-1', field: 'status', value: 'draft' }
      const stay: FieldOp = { table: 'posts', rowId: 'row-1', field: 'status', value: 'scheduled' }
      const tags: FieldOp = { table: 'posts', rowId: 'row-1', field: 'tags', value: ['new'] }
      const judge = (op: FieldOp, mutation: FieldOp[]) =>
        fieldRefusal('contributor', op, stored, ME, { mutation, holdsPublishLease: false })
      expect(judge(caption, [caption])).toMatch(/sends it back for approval/)
      expect(judge(caption, [caption, stay])).toMatch(/sends it back for approval/)
      expect(judge(caption, [caption, ask])).toBeNull()
      expect(judge(ask, [caption, ask])).toBeNull()
      expect(judge(caption, [caption, unschedule])).toBeNull()
      // Another post's status does not count.
      expect(judge(caption, [caption, { ...ask, rowId: 'row-2' }])).toMatch(/sends it back/)
      // Tags are not what the approver said yes to.
      expect(judge(tags, [tags])).toBeNull()
      expect(fieldRefusal('editor', caption, stored, ME, { mutation: [caption], holdsPublishLease: false })).toBeNull()
    }
  })
})

/** The post's state machine written out by hand: from → to → the roles that may take the edge. */
const ANY_WRITER: Role[] = ['owner', 'admin', 'editor', 'contributor']
const NOT_OUT: PostStatus[] = [
  'draft',
  'needs_approval',
  'approved',
  'rejected',
  'scheduled',
  'failed',
  'needs_attention',
]
function expectedEdge(from: PostStatus | 'new', to: PostStatus): Role[] {
  if (from === to) return [...ROLES] // no change
  if (from === 'new') {
    if (to === 'draft' || to === 'needs_approval') return ANY_WRITER
    if (to === 'scheduled' || to === 'approved') return PUBLISHERS
    return []
  }
  if (from === 'needs_approval' && ['approved', 'scheduled', 'rejected'].includes(to)) return APPROVERS
  if (to === 'needs_approval' && NOT_OUT.includes(from)) return ANY_WRITER
  if (to === 'draft' && NOT_OUT.includes(from)) return ANY_WRITER
  if (to === 'scheduled' && ['draft', 'approved', 'rejected', 'failed', 'needs_attention', 'publishing'].includes(from))
    return PUBLISHERS
  if (from === 'scheduled' && ['publishing', 'failed', 'needs_attention'].includes(to)) return PUBLISHERS
  if (from === 'publishing' && ['failed', 'needs_attention'].includes(to)) return PUBLISHERS
  if (to === 'published' && ['scheduled', 'publishing', 'needs_attention'].includes(from)) return PUBLISHERS
  return []
}

describe('the post state machine: every status × status × role', () => {
  for (const from of ['new', ...POST_STATUSES] as const) {
    it(`from ${from}`, () => {
      const wrong: string[] = []
      for (const to of POST_STATUSES) {
        for (const role of ROLES) {
          const op = { table: 'posts', rowId: 'row-1', field: 'status', value: to }
          const stored = from === 'new' ? null : { id: 'row-1', created_by: ME, status: from }
          const refusal = fieldRefusal(role, op, stored, ME, { mutation: [op], holdsPublishLease: true })
          const expected = expectedEdge(from, to).includes(role)
          if ((refusal === null) !== expected) wrong.push(`${role} ${from} → ${to}: ${refusal ?? 'allowed'}`)
        }
      }
      expect(wrong).toEqual([])
    })
  }

  it('only a publish result under the current lease sets published', () => {
    for (const from of ['scheduled', 'publishing', 'needs_attention'] as const) {
      const op = { table: 'posts', rowId: 'row-1', field: 'status', value: 'published' }
      const stored = { id: 'row-1', created_by: TEAMMATE, status: from }
      expect(fieldRefusal('owner', op, stored, ME, { mutation: [op], holdsPublishLease: false })).toMatch(/lease/)
      expect(fieldRefusal('owner', op, stored, ME, { mutation: [op], holdsPublishLease: true })).toBeNull()
    }
  })

  it('a status outside the vocabulary is refused', () => {
    const op = { table: 'posts', rowId: 'row-1', field: 'status', value: 'live' }
    expect(fieldRefusal('owner', op, null, ME, { mutation: [op], holdsPublishLease: true })).toMatch(/one of/)
  })
})
