/**
 * Snoozed comments come back by themselves: a timer to the earliest snoozed_until across this device's
 * organizations (at most a minute away, so a snooze made on another device and pulled since is never late by
 * more than that), and at each pass every due comment is opened again, one synced write per organization with
 * the app as its actor. Only devices whose person may triage do it (a viewer's write would be refused); two
 * devices waking the same comment write the same values, which merge to one.
 */
import { and, eq, isNotNull, isNull, lte, min } from 'drizzle-orm'
import { can } from '../../src-shared/entities/permissions'
import { systemTimers, type TimerHandle, type Timers } from '../../src-shared/scheduling/loop-ports'
import type { ServiceContext } from '../core/context'
import { comments } from '../db/schema/org'
import type { Change } from '../sync/outbox'
import { findProfile } from '../services/profile'
import { readOrganization } from '../services/org-access'
import { writeOrg } from '../services/org-mutation'

const MAX_WAIT_MS = 60_000

/** Opens the organization's snoozed comments that are due; answers how many. */
export function wakeDueComments(ctx: ServiceContext, orgId: string): number {
  const me = findProfile(ctx)
  const db = ctx.dbs.org(orgId)
  const org = me && readOrganization(db, orgId, me.id)
  if (!org || !can(org.role, 'comments.reply')) return 0
  const now = ctx.clock.now().toISOString()
  const woken = writeOrg(ctx, orgId, { userId: null, changed: [] }, (w) => {
    const due = w.tx
      .select({ id: comments.id })
      .from(comments)
      .where(
        and(
          eq(comments.orgId, orgId),
          eq(comments.status, 'snoozed'),
          isNull(comments.deletedAt),
          lte(comments.snoozedUntil, now),
        ),
      )
      .all()
    const changes: Change[] = due.map(({ id }) => {
      const values = { status: 'open' as const, snoozedUntil: null }
      w.tx.update(comments).set(values).where(eq(comments.id, id)).run()
      return { table: comments, rowId: id, values }
    })
    const ids = changes.map((change) => change.rowId)
    w.record(changes, {
      action: 'comment.woke',
      entityType: 'comment',
      entityId: ids[0] ?? orgId,
      meta: { count: ids.length, commentIds: ids },
    })
    return ids.length
  })
  if (woken > 0) ctx.emit({ type: 'audit.changed', orgId })
  return woken
}

function nextDue(ctx: ServiceContext, orgId: string): number | null {
  const row = ctx.dbs
    .org(orgId)
    .select({ at: min(comments.snoozedUntil) })
    .from(comments)
    .where(and(eq(comments.status, 'snoozed'), isNotNull(comments.snoozedUntil), isNull(comments.deletedAt)))
    .get()
  return row?.at ? Date.parse(row.at) : null
}

export interface SnoozeWake {
  /** Wakes what is due now and sets the timer to the next one. */
  pass(): void
  stop(): void
}

export function startSnoozeWake(
  ctx: ServiceContext,
  options: { timers?: Timers; log?: (error: unknown) => void } = {},
): SnoozeWake {
  const timers = options.timers ?? systemTimers
  const log = options.log ?? console.error
  let handle: TimerHandle | null = null
  let stopped = false
  const pass = () => {
    if (handle !== null) timers.clearTimeout(handle)
    handle = null
    if (stopped) return
    let wait = MAX_WAIT_MS
    for (const orgId of ctx.dbs.listOrgIds()) {
      try {
        wakeDueComments(ctx, orgId)
        const due = nextDue(ctx, orgId)
        if (due !== null) wait = Math.min(wait, Math.max(due - ctx.clock.now().getTime(), 0) + 50)
      } catch (error) {
        // One organization's trouble must not keep the others' comments asleep.
        log(error)
      }
    }
    handle = timers.setTimeout(pass, wait)
  }
  return {
    pass,
    stop() {
      stopped = true
      if (handle !== null) timers.clearTimeout(handle)
      handle = null
    },
  }
}
