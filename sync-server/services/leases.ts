/**
 * Publish leases: which device (or the server's own loop) may publish a
 * schedule job now. Each grant raises the job's fence, and a result is
 * accepted only under the current fence, so a holder that lost its lease
 * (slept, lost the network) cannot report over the one that took over.
 * The row is created or locked FOR UPDATE inside one transaction, so two
 * racing acquires are serialized and only one wins, on PGlite and PostgreSQL.
 *
 * A lease is bound to its holder: the client id that took it and the
 * session it came with. The fence is a small number anyone can guess, so a
 * release or result is first checked against the holder, then the fence.
 */
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { can } from '../../src-shared/entities/permissions'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { publishLeases, scheduleJobs, type LeaseOutcomeName } from '../db/schema'
import { HttpError } from '../errors'
import { requireMembership } from './memberships'

// The holder name of the server's own loop (clients may not use it), the TTL bounds and the answers' shapes
// are the lease routes' (src-shared/sync/routes/leases.ts).
import type { LeaseGrant, LeaseRelease } from '../../src-shared/sync/routes/leases'
export {
  LEASE_TTL_DEFAULT_MS,
  LEASE_TTL_MAX_MS,
  LEASE_TTL_MIN_MS,
  SERVER_HOLDER,
  type LeaseGrant,
  type LeaseRelease,
} from '../../src-shared/sync/routes/leases'

/** Outcomes that end the job for good: it is never leased again. */
const COMPLETING: readonly LeaseOutcomeName[] = ['published', 'failed', 'needs_attention']

/**
 * Roles that may run the publishing loop: those whose devices may record a post as published. A contributor's
 * device would publish and then have that result refused by sync, so it leaves publishing to its teammates.
 */
export async function requirePublisher(db: Db, orgId: string, userId: string): Promise<void> {
  const membership = await requireMembership(db, orgId, userId)
  if (!can(membership.role, 'posts.publish_without_approval')) {
    const article = /^[aeiou]/.test(membership.role) ? 'An' : 'A'
    throw new HttpError(
      'forbidden',
      `${article} ${membership.role} cannot publish posts in this organization; an editor's, admin's or owner's device (or the server) publishes them.`,
    )
  }
}

/** Who holds a lease: a device's client id and its session's token hash, or the server's loop (no session). */
export interface LeaseHolder {
  holder: string
  session: string | null
}

const holderOf = (by: string | LeaseHolder): LeaseHolder =>
  typeof by === 'string' ? { holder: by, session: null } : by

const sameHolder = (lease: { holder: string; holderSession: string | null }, by: LeaseHolder): boolean =>
  lease.holder === by.holder && lease.holderSession === by.session

/**
 * Grants the job's lease to `by` when it is free, lapsed or already theirs (the same client id under the same
 * session); 409 otherwise. A bare client id means no session: the server's own loop, or a test's.
 */
export async function acquireLease(
  ctx: ServerContext,
  orgId: string,
  jobId: string,
  by: string | LeaseHolder,
  ttlMs: number,
): Promise<LeaseGrant> {
  const { holder, session: holderSession } = holderOf(by)
  const now = ctx.clock.now()
  const expiresAt = new Date(now.getTime() + ttlMs)
  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(publishLeases)
      .values({ orgId, jobId, holder, holderSession, fence: 1, acquiredAt: now, expiresAt })
      .onConflictDoNothing()
      .returning()
    if (created) return { jobId, fence: 1, expiresAt: expiresAt.toISOString(), resumed: false }

    const [lease] = await tx
      .select()
      .from(publishLeases)
      .where(and(eq(publishLeases.orgId, orgId), eq(publishLeases.jobId, jobId)))
      .for('update')
    if (!lease) throw new Error(`The lease of job ${jobId} vanished while it was being taken`)
    if (lease.completedAt) {
      throw new HttpError(
        'conflict',
        `Job "${jobId}" was already finished (${lease.outcome ?? 'completed'}) at ${lease.completedAt.toISOString()}; ` +
          'it is not published again.',
      )
    }
    const held = !lease.releasedAt && lease.expiresAt > now
    if (held && !sameHolder(lease, { holder, session: holderSession })) {
      throw new HttpError(
        'conflict',
        `Job "${jobId}" is held by another device until ${lease.expiresAt.toISOString()}; it publishes it.`,
      )
    }
    // Not released means the last holder never said how it ended (even when it is the same holder asking again).
    const resumed = !lease.releasedAt
    const fence = lease.fence + 1
    await tx
      .update(publishLeases)
      .set({ holder, holderSession, fence, acquiredAt: now, expiresAt, releasedAt: null, outcome: null })
      .where(and(eq(publishLeases.orgId, orgId), eq(publishLeases.jobId, jobId)))
    return { jobId, fence, expiresAt: expiresAt.toISOString(), resumed }
  })
}

/**
 * Reports how a leased job ended, by its holder under the fence it was
 * granted with. 'retry' and 'skipped' free the lease; the others complete
 * the job. The same report twice (a retry after a lost answer) is accepted
 * again. Anyone but the holder gets 409 and changes nothing.
 */
export async function releaseLease(
  ctx: ServerContext,
  orgId: string,
  jobId: string,
  by: string | LeaseHolder,
  fence: number,
  outcome: LeaseOutcomeName,
): Promise<LeaseRelease> {
  const now = ctx.clock.now()
  return ctx.db.transaction(async (tx) => {
    const [lease] = await tx
      .select()
      .from(publishLeases)
      .where(and(eq(publishLeases.orgId, orgId), eq(publishLeases.jobId, jobId)))
      .for('update')
    if (!lease) throw new HttpError('not_found', `Job "${jobId}" has no lease to release; acquire one first.`)
    // Before the fence: a fence is easy to guess, the holder's session is not.
    if (!sameHolder(lease, holderOf(by))) {
      throw new HttpError(
        'conflict',
        `The lease of job "${jobId}" is held by another device or session; only the device that took it, ` +
          'signed in as it was then, can report how it ended.',
      )
    }
    if (lease.fence !== fence) {
      throw new HttpError(
        'conflict',
        `A newer lease (fence ${lease.fence}) was granted for job "${jobId}" after yours (fence ${fence}); ` +
          'your result is not accepted.',
      )
    }
    const completed = COMPLETING.includes(outcome)
    if (lease.releasedAt) {
      if (lease.outcome === outcome) return { jobId, fence, outcome, completed }
      throw new HttpError(
        'conflict',
        `Job "${jobId}" was already released under fence ${fence} as ${lease.outcome ?? 'done'}; it cannot be changed to ${outcome}.`,
      )
    }
    await tx
      .update(publishLeases)
      .set({ releasedAt: now, outcome, completedAt: completed ? now : null })
      .where(and(eq(publishLeases.orgId, orgId), eq(publishLeases.jobId, jobId)))
    return { jobId, fence, outcome, completed }
  })
}

/** The lease row of a job (tests and the server's loop). */
export async function readLease(db: Db, orgId: string, jobId: string) {
  const [lease] = await db
    .select()
    .from(publishLeases)
    .where(and(eq(publishLeases.orgId, orgId), eq(publishLeases.jobId, jobId)))
  return lease
}

/** Jobs whose lease is completed, among these (the server's loop leaves them alone). */
export async function completedJobIds(db: Db, orgId: string, jobIds: string[]): Promise<Set<string>> {
  if (jobIds.length === 0) return new Set()
  const rows = await db
    .select({ jobId: publishLeases.jobId })
    .from(publishLeases)
    .where(
      and(
        eq(publishLeases.orgId, orgId),
        sql`${publishLeases.jobId} in (${sql.join(
          jobIds.map((id) => sql`${id}`),
          sql`, `,
        )})`,
        sql`${publishLeases.completedAt} is not null`,
      ),
    )
  return new Set(rows.map((r) => r.jobId))
}

/**
 * Posts, among these, whose publish result `by` may record: a job of the post has its lease held by exactly
 * that client id under that session (the current grant: a later one to anyone else replaces the holder), not
 * yet given back or given back as published. The one way a pushed op sets a post's status to published.
 */
export async function postsLeasedBy(db: Db, orgId: string, postIds: string[], by: LeaseHolder): Promise<Set<string>> {
  if (postIds.length === 0 || by.session === null) return new Set()
  const rows = await db
    .select({ postId: scheduleJobs.postId })
    .from(publishLeases)
    .innerJoin(scheduleJobs, and(eq(scheduleJobs.orgId, publishLeases.orgId), eq(scheduleJobs.id, publishLeases.jobId)))
    .where(
      and(
        eq(publishLeases.orgId, orgId),
        inArray(scheduleJobs.postId, postIds),
        eq(publishLeases.holder, by.holder),
        eq(publishLeases.holderSession, by.session),
        or(isNull(publishLeases.releasedAt), eq(publishLeases.outcome, 'published')),
      ),
    )
  return new Set(rows.flatMap((r) => (r.postId ? [r.postId] : [])))
}

/**
 * Replies, among these, whose sent result `by` may record: their lease `reply-<id>` (the desktop's reply sender,
 * src-main/scheduler/reply-sender.ts) held by that client id under that session, not yet given back or given back
 * as published. The one way a pushed op sets a reply's status to sent.
 */
export async function repliesLeasedBy(
  db: Db,
  orgId: string,
  replyIds: string[],
  by: LeaseHolder,
): Promise<Set<string>> {
  if (replyIds.length === 0 || by.session === null) return new Set()
  const rows = await db
    .select({ jobId: publishLeases.jobId })
    .from(publishLeases)
    .where(
      and(
        eq(publishLeases.orgId, orgId),
        inArray(
          publishLeases.jobId,
          replyIds.map((id) => `reply-${id}`),
        ),
        eq(publishLeases.holder, by.holder),
        eq(publishLeases.holderSession, by.session),
        or(isNull(publishLeases.releasedAt), eq(publishLeases.outcome, 'published')),
      ),
    )
  return new Set(rows.map((r) => r.jobId.slice('reply-'.length)))
}
