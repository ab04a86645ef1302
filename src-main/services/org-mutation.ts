/**
 * The one way an org-scoped change is made, so a service writes only its
 * rule (as Actual's `mutator(undoable(fn))` does): find the organization
 * (the person must belong to it), check their role, run the write in one
 * transaction that records what it changed (rows, clocks, outbox and audit:
 * sync/outbox.ts), and once that has committed tell windows and the
 * scheduling loop. Sync hears of the change from the outbox itself.
 */
import type { Organization } from '../../src-shared/entities/models'
import type { ServiceContext } from '../core/context'
import type { OrgDb, Tx } from '../db/open'
import { recordChange, type AuditDetails, type Change } from '../sync/outbox'
import { getOrganization } from './org-access'
import { requireProfile } from './profile'

/**
 * What a committed change is announced as: the windows' events ('engage': the inbox, its replies and saved replies),
 * and `schedule` for the scheduling loop.
 */
export type Changed = 'posts' | 'channels' | 'organizations' | 'schedule' | 'engage'

export interface OrgWrite {
  db: OrgDb
  /** The transaction every row of the change is written in. */
  tx: Tx
  now: Date
  /**
   * Records the rows just written as one mutation with its audit row. Call it once, at the end; with no
   * changes it records nothing (and nothing is announced).
   */
  record(changes: Change[], audit: AuditDetails): void
  /** Announces more than the mutation declared, when this write turned out to change it. */
  alsoChanged(what: Changed): void
}

/** A member's change: the organization as they see it, and their id for the rows and the audit. */
export interface MemberWrite extends OrgWrite {
  org: Organization
  userId: string
}

export interface OrgMutation {
  /** Who may: throws an AppError that says who can, when the person's role cannot. */
  allow?: (org: Organization) => void
  /** What to announce once it committed. */
  changed: Changed[]
}

/** A change by the person on this device to an organization they belong to. */
export function mutateOrg<T>(
  ctx: ServiceContext,
  orgId: string,
  mutation: OrgMutation,
  write: (w: MemberWrite) => T,
): T {
  const org = getOrganization(ctx, orgId)
  mutation.allow?.(org)
  const userId = requireProfile(ctx).id
  return writeOrg(ctx, org.id, { userId, changed: mutation.changed }, (w) => write({ ...w, org, userId }))
}

/**
 * The transaction, recording and announcing alone, for a change whose organization is found another way: one
 * being created, or the app acting on its own (the audit then names no one).
 */
export function writeOrg<T>(
  ctx: ServiceContext,
  orgId: string,
  options: { userId: string | null; changed: Changed[] },
  write: (w: OrgWrite) => T,
): T {
  const db = ctx.dbs.org(orgId)
  const now = ctx.clock.now()
  const changed = new Set(options.changed)
  let recorded = false
  const result = db.transaction((tx) =>
    write({
      db,
      tx,
      now,
      record(changes, audit) {
        if (changes.length === 0) return
        recordChange(tx, { userId: options.userId, orgId }, now, changes, audit)
        recorded = true
      },
      alsoChanged: (what) => void changed.add(what),
    }),
  )
  if (recorded) announce(ctx, orgId, changed)
  return result
}

function announce(ctx: ServiceContext, orgId: string, changed: Set<Changed>): void {
  if (changed.has('organizations')) ctx.emit({ type: 'organizations.changed' })
  if (changed.has('channels')) ctx.emit({ type: 'channels.changed', orgId })
  if (changed.has('posts')) ctx.emit({ type: 'posts.changed', orgId })
  // Engage reads again on 'audit.changed', as it does for a pulled change (each carries an audit entry).
  if (changed.has('engage')) ctx.emit({ type: 'audit.changed', orgId })
  if (changed.has('schedule')) ctx.publishing.scheduleChanged(orgId)
}
