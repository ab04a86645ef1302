/**
 * The scheduling loop's reads and writes on an org file. Every write is one
 * transaction that updates the job and its post together and records the
 * change (clocks, outbox, audit) through recordChange, so the outcome syncs
 * and is audited like any other edit.
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import { decideClaim } from '../../src-shared/scheduling/publish-rules'
import type { Post } from '../../src-shared/entities/models'
import type { OrgDb, Tx } from '../db/open'
import { integrations, posts, scheduleJobs, socialAccounts } from '../db/schema/org'
import { recordChange, type Change } from '../sync/outbox'
import type { Channel, Fence, PublishedPost } from './ports'

export type ScheduleJob = typeof scheduleJobs.$inferSelect
type PostRow = typeof posts.$inferSelect

/**
 * The key a job's publish carries: the job's own id. It is durable with the
 * job row before the platform is called, the same for every attempt, and a
 * UUIDv7, whose embedded time Bluesky's record keys keep; so it needs no
 * column of its own, and a lookup after a crash asks for exactly what was sent.
 */
export const idempotencyKeyFor = (job: Pick<ScheduleJob, 'id'>): string => job.id

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

export interface Outcome {
  job: Partial<ScheduleJob>
  post?: Partial<PostRow>
  action: string
  meta?: JsonObject
}

/** Writes a job's (and its post's) new values and records them, inside `tx`. */
function writeOutcome(tx: Tx, orgId: string, now: Date, job: ScheduleJob, outcome: Outcome): void {
  const changes: Change[] = []
  if (outcome.post) {
    const values = { ...outcome.post, updatedAt: now.toISOString() }
    tx.update(posts).set(values).where(eq(posts.id, job.postId)).run()
    changes.push({ table: posts, rowId: job.postId, values })
  }
  tx.update(scheduleJobs).set(outcome.job).where(eq(scheduleJobs.id, job.id)).run()
  changes.push({ table: scheduleJobs, rowId: job.id, values: outcome.job })
  // The scheduler acts for nobody in particular: the audit row names no user.
  recordChange(tx, { userId: null, orgId }, now, changes, {
    action: outcome.action,
    entityType: 'post',
    entityId: job.postId,
    meta: { jobId: job.id, ...outcome.meta },
  })
}

export function recordOutcome(db: OrgDb, orgId: string, now: Date, job: ScheduleJob, outcome: Outcome): void {
  db.transaction((tx) => writeOutcome(tx, orgId, now, job, outcome))
}

export type Claim =
  | { kind: 'claimed'; job: ScheduleJob; post: Post; channel: Channel; idempotencyKey: string }
  /** Someone else moved the job on, or it is not due yet: nothing to do. */
  | { kind: 'skipped' }
  /** The job was recorded as something other than a publish (missed, cancelled, failed); tell the user. */
  | { kind: 'settled'; job: ScheduleJob; post: Post | undefined; outcome: Outcome }

export interface ClaimRules {
  now: Date
  /** Due longer ago than this, the post is not published late but flagged. */
  lateWindowMs: number
  fence: Fence
}

/**
 * In one transaction: check the job is still due and its post still
 * scheduled, then mark the job running and the post publishing. Once this
 * commits, a crash leaves a trace the next start looks up instead of
 * publishing blindly.
 */
export function claimJob(db: OrgDb, orgId: string, jobId: string, rules: ClaimRules): Claim {
  return db.transaction((tx): Claim => {
    const now = rules.now
    const job = readJob(tx, jobId)
    const post = job && readPost(tx, job.postId)
    const decision = decideClaim(job, post, now, rules.lateWindowMs)
    if (!job || decision.kind === 'skip') return { kind: 'skipped' }
    const settle = (outcome: Outcome): Claim => {
      writeOutcome(tx, orgId, now, job, outcome)
      return { kind: 'settled', job, post, outcome }
    }
    if (decision.kind === 'cancel') {
      return settle({ job: { status: 'cancelled', lastError: decision.reason }, action: 'schedule_job.cancelled' })
    }
    if (decision.kind === 'missed') {
      return settle({
        job: { status: 'failed', lastError: decision.reason },
        post: { status: 'needs_attention' },
        action: 'post.missed',
        meta: { reason: 'missed', dueAt: job.runAt },
      })
    }
    if (!post) return { kind: 'skipped' }
    const channel = readChannel(tx, post.socialAccountId)
    if (!channel) {
      const reason = 'the post has no connected channel to go out on; pick a channel and schedule it again'
      return settle({
        job: { status: 'failed', lastError: reason },
        post: { status: 'failed' },
        action: 'post.failed',
        meta: { reason },
      })
    }
    const idempotencyKey = idempotencyKeyFor(job)
    writeOutcome(tx, orgId, now, job, {
      job: { status: 'running' },
      post: { status: 'publishing' },
      action: 'post.publishing',
      meta: { idempotencyKey, fence: rules.fence, attempt: job.retryCount + 1 },
    })
    return { kind: 'claimed', job, post: { ...post, status: 'publishing' }, channel, idempotencyKey }
  })
}

export const publishedOutcome = (now: Date, result: PublishedPost, via: string): Outcome => ({
  job: { status: 'done', lastError: null },
  post: {
    status: 'published',
    publishedAt: now.toISOString(),
    platformPostId: result.platformPostId,
    platformUrl: result.url,
  },
  action: 'post.published',
  meta: { platformPostId: result.platformPostId, url: result.url, via },
})
