/**
 * The desktop's job store: the publishing loop's reads and writes on the org
 * files (SQLite), behind the shared async JobStore port
 * (src-shared/scheduling/loop-ports.ts). Every write is one transaction that
 * updates the job and its post together and records the change (clocks,
 * outbox, audit) through recordChange, so the outcome syncs and is audited
 * like any other edit; then the windows hear that posts changed.
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Post } from '../../src-shared/entities/models'
import {
  decideClaimOutcome,
  idempotencyKeyFor,
  outcomeFields,
  type JobOutcome,
  type LoopJob,
} from '../../src-shared/scheduling/job-outcomes'
import type { FollowUpResult } from '../../src-shared/entities/json-shapes'
import { hasFollowUpsLeft } from '../../src-shared/scheduling/follow-ups'
import type { Claim, JobStore, PublishedPostOf } from '../../src-shared/scheduling/loop-ports'
import type { Clock } from '../core/clock'
import type { ServiceContext } from '../core/context'
import type { OrgDb, Tx } from '../db/open'
import { integrations, posts, scheduleJobs, socialAccounts } from '../db/schema/org'
import { recordChange, type Change } from '../sync/outbox'
import type { Channel } from './ports'

export type ScheduleJob = typeof scheduleJobs.$inferSelect
type PostRow = typeof posts.$inferSelect

/** The key a job's publish carries: the job's own id (src-shared/scheduling/job-outcomes.ts). */
export { idempotencyKeyFor }

const toPost = ({ deletedAt: _deleted, ...row }: PostRow): Post => row

export function pendingJobs(db: OrgDb): ScheduleJob[] {
  return db
    .select()
    .from(scheduleJobs)
    .where(and(eq(scheduleJobs.status, 'pending'), isNull(scheduleJobs.deletedAt)))
    .orderBy(asc(scheduleJobs.runAt))
    .all()
}

export function runningJobs(db: OrgDb): ScheduleJob[] {
  return db
    .select()
    .from(scheduleJobs)
    .where(and(eq(scheduleJobs.status, 'running'), isNull(scheduleJobs.deletedAt)))
    .all()
}

export function readJob(db: Tx, jobId: string): ScheduleJob | undefined {
  return db.select().from(scheduleJobs).where(eq(scheduleJobs.id, jobId)).get()
}

export function readPost(db: Tx, postId: string): Post | undefined {
  const row = db.select().from(posts).where(eq(posts.id, postId)).get()
  return row && !row.deletedAt ? toPost(row) : undefined
}

export function readChannel(db: Tx, socialAccountId: string | null): Channel | undefined {
  if (!socialAccountId) return undefined
  const row = db
    .select({
      id: socialAccounts.id,
      platform: integrations.platform,
      platformUserId: socialAccounts.platformUserId,
      username: socialAccounts.username,
      integrationId: socialAccounts.integrationId,
      accountDeleted: socialAccounts.deletedAt,
      integrationDeleted: integrations.deletedAt,
    })
    .from(socialAccounts)
    .innerJoin(integrations, eq(integrations.id, socialAccounts.integrationId))
    .where(eq(socialAccounts.id, socialAccountId))
    .get()
  if (!row || row.accountDeleted || row.integrationDeleted) return undefined
  const { accountDeleted: _a, integrationDeleted: _i, ...channel } = row
  return channel
}

/** The channel of a post, deleted or not: an interrupted publish is looked up wherever it went. */
export function channelOfPost(db: Tx, postId: string): Channel | undefined {
  const row = db.select({ socialAccountId: posts.socialAccountId }).from(posts).where(eq(posts.id, postId)).get()
  return readChannel(db, row?.socialAccountId ?? null)
}

/** Writes an outcome's job (and post) values and records them, inside `tx`. */
function writeOutcome(tx: Tx, orgId: string, now: Date, job: LoopJob, outcome: JobOutcome): void {
  if (outcome.kind === 'published') {
    // A thread or first comment to send keeps the job running, in the same write that makes the post live.
    const post = tx.select().from(posts).where(eq(posts.id, job.postId)).get()
    const followUpsLeft = post ? hasFollowUpsLeft({ ...post, platformPostId: outcome.platformPostId }) : false
    outcome = { ...outcome, followUpsLeft }
  }
  const fields = outcomeFields(outcome, now)
  const changes: Change[] = []
  if (fields.post) {
    const values = { ...fields.post, updatedAt: now.toISOString() } as Partial<PostRow>
    tx.update(posts).set(values).where(eq(posts.id, job.postId)).run()
    changes.push({ table: posts, rowId: job.postId, values })
  }
  const values = fields.job as Partial<ScheduleJob>
  tx.update(scheduleJobs).set(values).where(eq(scheduleJobs.id, job.id)).run()
  changes.push({ table: scheduleJobs, rowId: job.id, values })
  // The scheduler acts for nobody in particular: the audit row names no user.
  recordChange(tx, { userId: null, orgId }, now, changes, {
    action: fields.action,
    entityType: 'post',
    entityId: job.postId,
    meta: { jobId: job.id, ...fields.meta },
  })
}

export interface SqliteJobStoreOptions {
  ctx: Pick<ServiceContext, 'dbs' | 'emit'>
  clock: Clock
  /** The orgs to run (every org file on this device by default). */
  orgIds?: () => string[]
  /** An org's own publish-late window in minutes (the loop's setting when not given). */
  lateWindowMinutes?: (orgId: string) => number | undefined
}

/** The desktop's JobStore over the org files. */
export function createSqliteJobStore(options: SqliteJobStoreOptions): JobStore<Post, Channel> {
  const { ctx, clock } = options
  const db = (orgId: string) => ctx.dbs.org(orgId)
  const changed = (orgId: string) => ctx.emit({ type: 'posts.changed', orgId })
  return {
    orgIds: async () => options.orgIds?.() ?? ctx.dbs.listOrgIds(),
    lateWindowMinutes: async (orgId) => options.lateWindowMinutes?.(orgId),
    pending: async (orgId) => pendingJobs(db(orgId)),
    running: async (orgId) => runningJobs(db(orgId)),
    read: async (orgId, jobId) => readJob(db(orgId), jobId),
    channelOf: async (orgId, job) => channelOfPost(db(orgId), job.postId),
    async claim(orgId, jobId, rules) {
      const claim = db(orgId).transaction((tx): Claim<Post, Channel> => {
        const job = readJob(tx, jobId)
        const post = job && readPost(tx, job.postId)
        const channel = post && readChannel(tx, post.socialAccountId)
        const followUpsLeft = post !== undefined && hasFollowUpsLeft(post)
        const outcome = decideClaimOutcome(job, post && { ...post, followUpsLeft }, channel !== undefined, rules)
        if (!job || outcome === 'skip') return { kind: 'skipped' }
        writeOutcome(tx, orgId, rules.now, job, outcome)
        if (outcome.kind === 'following_up' && post && channel) {
          const idempotencyKey = idempotencyKeyFor(job)
          return {
            kind: 'claimed',
            job: { ...job, status: 'running' },
            post,
            channel,
            idempotencyKey,
            followingUp: true,
          }
        }
        if (outcome.kind !== 'publishing' || !post || !channel) return { kind: 'settled', job, outcome }
        const claimed = { ...post, status: 'publishing' as const }
        return { kind: 'claimed', job, post: claimed, channel, idempotencyKey: outcome.idempotencyKey }
      })
      if (claim.kind !== 'skipped') changed(orgId)
      return claim
    },
    async record(orgId, job, outcome) {
      db(orgId).transaction((tx) => writeOutcome(tx, orgId, clock.now(), job, outcome))
      changed(orgId)
    },
    publishedPost: async (orgId, jobId) => publishedPostOf(db(orgId), jobId),
    async recordFollowUp(orgId, job, result) {
      const wrote = db(orgId).transaction((tx) => writeFollowUp(tx, orgId, clock.now(), job, result))
      if (wrote) changed(orgId)
    },
  }
}

/** The job's post once it is live, with what its follow-ups are planned from. */
export function publishedPostOf(db: Tx, jobId: string): PublishedPostOf<Post, Channel> | undefined {
  const job = readJob(db, jobId)
  const post = job && !job.deletedAt ? readPost(db, job.postId) : undefined
  if (!job || !post || post.status !== 'published' || !post.platformPostId) return undefined
  return { job, post, channel: readChannel(db, post.socialAccountId), source: post }
}

/** Adds one sent follow-up to its post, unless it is there already; false when it was. */
function writeFollowUp(tx: Tx, orgId: string, now: Date, job: LoopJob, result: FollowUpResult): boolean {
  const row = tx.select({ followUps: posts.followUps }).from(posts).where(eq(posts.id, job.postId)).get()
  const done = row?.followUps ?? []
  if (!row || done.some((r) => r.kind === result.kind && r.index === result.index)) return false
  const values = { followUps: [...done, result], updatedAt: now.toISOString() }
  tx.update(posts).set(values).where(eq(posts.id, job.postId)).run()
  recordChange(tx, { userId: null, orgId }, now, [{ table: posts, rowId: job.postId, values }], {
    action: 'post.follow_up_published',
    entityType: 'post',
    entityId: job.postId,
    meta: { jobId: job.id, kind: result.kind, index: result.index, platformPostId: result.platformPostId },
  })
  return true
}
