/**
 * The rules of a person's own change log: only they read it and push to it
 * (the server's own routes write to it too: the account record, billing).
 * Each op must be of their own tables and rows: their profile row, Start
 * Pages and links of theirs, their onboarding draft, their audit trail. The
 * account's email, role and creation time are the server's record: a
 * device's other value is corrected, not merged. Subscriptions change only
 * through billing.
 */
import { eq } from 'drizzle-orm'
import { userPreferencesSchema } from '../../src-shared/entities/json-shapes'
import { ROW_ID_PATTERN, type SyncOp } from '../../src-shared/sync/ops'
import type { Db } from '../db/open'
import { userEntities } from '../db/entity-tables'
import { users } from '../db/schema'
import { HttpError } from '../errors'
import { shapeRefusal } from './op-rules'
import type { SyncScope } from './scope'
import type { ScopeRules, Verdict } from './scope-rules'
import { distinctRows, fieldKey, readFields, rowKey } from './store'

/** The account's fields the server keeps, by the name ops give them. */
export interface AccountRecord {
  id: string
  email: string
  role: string
  created_at: string
  deleted_at: null
}

export async function readAccountRecord(tx: Db, userId: string): Promise<AccountRecord> {
  const [row] = await tx
    .select({ id: users.id, email: users.email, role: users.role, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId))
  if (!row) throw new HttpError('unauthorized', 'This account no longer exists; sign up again.')
  return { id: row.id, email: row.email, role: row.role, created_at: row.createdAt.toISOString(), deleted_at: null }
}

const MAX_NAME_LENGTH = 80

function requireSelf(scope: SyncScope, userId: string): void {
  if (scope.kind !== 'user' || scope.id !== userId) {
    throw new HttpError('forbidden', 'A person’s own data can be read and written only by that person.')
  }
}

export const userRules: ScopeRules = {
  async requireReader(_tx, scope, auth) {
    requireSelf(scope, auth.userId)
  },
  async open(tx, scope, auth) {
    requireSelf(scope, auth.userId)
    const account = await readAccountRecord(tx, auth.userId)
    return {
      async judgeMutation(mutation, otherPeoplesRows) {
        // A link may point only at a page of this person's: one stored here, or made in this same mutation.
        // Only values of a row id's form are looked up: any other (a NUL, say) names no page, and the
        // database would fail on it rather than find nothing; judgeUserOp refuses those links.
        const linkedPages = distinctRows(
          mutation.ops
            .filter(
              (op) =>
                op.table === 'start_page_links' &&
                op.field === 'page_id' &&
                typeof op.value === 'string' &&
                ROW_ID_PATTERN.test(op.value),
            )
            .map((op) => ({ table: 'start_pages', rowId: op.value as string })),
        )
        const stored = await readFields(tx, scope, linkedPages)
        const ownPages = new Set(
          linkedPages.filter((page) => stored.has(fieldKey(page.table, page.rowId, 'id'))).map((page) => page.rowId),
        )
        for (const op of mutation.ops) if (op.table === 'start_pages') ownPages.add(op.rowId)
        return (op) => judgeUserOp(op, { userId: auth.userId, account, ownPages, otherPeoplesRows })
      },
    }
  },
}

interface UserRuleContext {
  userId: string
  account: AccountRecord
  /** Ids of the person's Start Pages that the mutation's links may point at. */
  ownPages: ReadonlySet<string>
  /** rowKeys another person already uses. */
  otherPeoplesRows: ReadonlySet<string>
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

export function judgeUserOp(op: SyncOp, rc: UserRuleContext): Verdict {
  const malformed = shapeRefusal(op, userEntities(op.table), 'your own data')
  if (malformed) return { refusal: malformed }
  if (rc.otherPeoplesRows.has(rowKey(op.table, op.rowId))) {
    return { refusal: `Row "${op.rowId}" of ${op.table} belongs to someone else; make a new one.` }
  }
  if (op.field === 'user_id' && op.value !== rc.userId) {
    return { refusal: `${op.table}.user_id must be your own user id.` }
  }
  switch (op.table) {
    case 'users':
      return judgeProfileOp(op, rc)
    case 'subscriptions':
      return { refusal: 'Subscriptions change through billing on the server, not by sync.' }
    case 'onboarding_draft_state':
      return op.rowId === rc.userId ? { write: true } : { refusal: 'Only your own onboarding draft can be written.' }
    case 'start_page_links':
      if (op.field === 'page_id' && (typeof op.value !== 'string' || !rc.ownPages.has(op.value))) {
        return { refusal: 'A Start Page link must belong to one of your own Start Pages.' }
      }
      return { write: true }
    case 'audit_logs':
      if (op.field === 'org_id' && op.value !== null) {
        return { refusal: 'Your own audit trail belongs to no organization: audit_logs.org_id must be empty.' }
      }
      return { write: true }
    default:
      return { write: true }
  }
}

function judgeProfileOp(op: SyncOp, rc: UserRuleContext): Verdict {
  if (op.rowId !== rc.userId) return { refusal: 'Only your own profile can be written.' }
  if (op.field === 'name') {
    const name = typeof op.value === 'string' ? op.value.trim() : ''
    if (name.length === 0) return { refusal: 'Your name cannot be empty.' }
    if (name.length > MAX_NAME_LENGTH) return { refusal: `Your name must be ${MAX_NAME_LENGTH} characters or fewer.` }
    return { write: true }
  }
  if (op.field === 'preferences') {
    const parsed = userPreferencesSchema.strict().safeParse(op.value)
    return parsed.success
      ? { write: true }
      : {
          refusal:
            'Your preferences must be a theme (system, light or dark), a time format (system, 12-hour or 24-hour) and an active organization.',
        }
  }
  const kept = rc.account[op.field as keyof AccountRecord]
  if (kept === undefined) return { write: true }
  return same(kept, op.value) ? { skip: true } : { correct: kept }
}
