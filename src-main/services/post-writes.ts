/**
 * The one way a person's change to a post row is written on this device: the shared per-field rules
 * (src-shared/sync/field-rules.ts, the ones the sync server judges every pushed op by) are asked first,
 * against the row as it is stored, and a refusal throws before anything is written. So this device never
 * writes, and never queues, a change the server would refuse: a contributor's edit of someone else's post,
 * a content change that keeps an approved post approved, a status the post's state machine has no edge for.
 *
 * The scheduling loop's own writes (scheduler/job-store.ts) are the loop's, not a person's, and the server
 * judges them with the lease it granted.
 */
import { eq, getTableColumns } from 'drizzle-orm'
import { AppError } from '../../src-shared/api/errors'
import { fieldRefusal, type FieldOp } from '../../src-shared/sync/field-rules'
import { posts } from '../db/schema/org'
import type { Change } from '../sync/outbox'
import type { MemberWrite } from './org-mutation'

type PostRow = typeof posts.$inferSelect

const COLUMNS = getTableColumns(posts)

/** A post's fields by their synced names (snake_case), as the rules read them. */
function asFields(values: Partial<PostRow>): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) {
    const column = COLUMNS[key as keyof typeof COLUMNS]
    if (column) fields[column.name] = value ?? null
  }
  return fields
}

/**
 * Throws the rules' sentence when `w`'s person may not make this change to the post (read as stored, in this
 * transaction, before it is written); its fields are judged together, as the server judges one mutation.
 */
export function requirePostChange(w: MemberWrite, postId: string, values: Partial<PostRow>): void {
  const ops: FieldOp[] = Object.entries(asFields(values)).map(([field, value]) => ({
    table: 'posts',
    rowId: postId,
    field,
    value,
  }))
  const row = w.tx.select().from(posts).where(eq(posts.id, postId)).get()
  const stored = row ? asFields(row) : null
  for (const op of ops) {
    const refusal = fieldRefusal(w.org.role, op, stored, w.userId, { mutation: ops, holdsPublishLease: false })
    if (refusal) throw new AppError('forbidden', refusal)
  }
}

/** Writes a person's change to one post once the rules allow it, and returns the change to record. */
export function writePost(w: MemberWrite, postId: string, values: Partial<PostRow>): Change {
  requirePostChange(w, postId, values)
  w.tx.update(posts).set(values).where(eq(posts.id, postId)).run()
  return { table: posts, rowId: postId, values }
}
