/**
 * The server's job store: the publishing loop's reads of the organizations'
 * synced tables (PostgreSQL or PGlite) and its writes, behind the shared
 * async JobStore port (src-shared/scheduling/loop-ports.ts). Writes go
 * through writeServerChange like every change the server makes itself, so
 * desktops pull them (and the audit trail) like any other; each is poked
 * to the org's devices once it commits.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import { publishingSettingsSchema, type PublishingSettings } from '../../src-shared/entities/models'
import type { Platform } from '../../src-shared/entities/enums'
import {
  decideClaimOutcome,
  outcomeFields,
  type JobOutcome,
  type LoopJob,
} from '../../src-shared/scheduling/job-outcomes'
import type { FollowUpResult } from '../../src-shared/entities/json-shapes'
import { hasFollowUpsLeft } from '../../src-shared/scheduling/follow-ups'
import type { Claim, JobStore, PublishedPostOf } from '../../src-shared/scheduling/loop-ports'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { integrations, organizations, posts, scheduleJobs, socialAccounts } from '../db/schema'
import { pokeOrg, writeServerChange, type RowChange } from '../sync/server-changes'
import { lockOrg } from '../sync/store'

export type ServerJob = typeof scheduleJobs.$inferSelect
export type ServerPost = typeof posts.$inferSelect

/** The organizations that asked the server to publish, with their settings. */
export async function publishingOrgs(db: Db): Promise<Map<string, PublishingSettings>> {
  const rows = await db
    .select({ id: organizations.id, settings: organizations.settings })
    .from(organizations)
    .where(and(isNull(organizations.deletedAt), sql`${organizations.settings} ->> 'serverPublishing' = 'true'`))
  const orgs = new Map<string, PublishingSettings>()
  for (const row of rows) {
    const parsed = publishingSettingsSchema.safeParse(row.settings ?? {})
    // A settings object another version wrote oddly still says serverPublishing; take the defaults for the rest.
    orgs.set(row.id, parsed.success ? parsed.data : publishingSettingsSchema.parse({ serverPublishing: true }))
  }
  return orgs
}

/** An org's jobs in one status (not deleted), soonest first. */
async function jobsIn(db: Db, orgId: string, status: 'pending' | 'running'): Promise<ServerJob[]> {
  return db
    .select()
    .from(scheduleJobs)
    .where(and(eq(scheduleJobs.orgId, orgId), eq(scheduleJobs.status, status), isNull(scheduleJobs.deletedAt)))
    .orderBy(asc(scheduleJobs.runAt))
}

export async function readJob(db: Db, orgId: string, jobId: string): Promise<ServerJob | undefined> {
  const [job] = await db
    .select()
    .from(scheduleJobs)
    .where(and(eq(scheduleJobs.orgId, orgId), eq(scheduleJobs.id, jobId)))
  return job
}

/** The post, deleted or not (a deleted one cancels its job). */
export async function readPost(db: Db, orgId: string, postId: string | null): Promise<ServerPost | undefined> {
  if (!postId) return undefined
  const [post] = await db
    .select()
    .from(posts)
    .where(and(eq(posts.orgId, orgId), eq(posts.id, postId)))
  return post
}

export interface ServerChannel {
  id: string
  orgId: string
  platform: Platform | null
  /** The account the desktop's adapter publishes as (platform_user_id): the server must use the same, so lookups agree. */
  accountId: string
}

/** The channel a post goes out on and its platform, or undefined when it has none (or it was disconnected). */
export async function channelOf(
  db: Db,
  orgId: string,
  post: ServerPost | undefined,
): Promise<ServerChannel | undefined> {
  if (!post?.socialAccountId) return undefined
  const [row] = await db
    .select({
      id: socialAccounts.id,
      platform: integrations.platform,
      platformUserId: socialAccounts.platformUserId,
      accountDeleted: socialAccounts.deletedAt,
      integrationDeleted: integrations.deletedAt,
    })
    .from(socialAccounts)
    .innerJoin(
      integrations,
      and(eq(integrations.orgId, socialAccounts.orgId), eq(integrations.id, socialAccounts.integrationId)),
    )
    .where(and(eq(socialAccounts.orgId, orgId), eq(socialAccounts.id, post.socialAccountId)))
  if (!row || row.accountDeleted || row.integrationDeleted) return undefined
  return { id: row.id, orgId, platform: row.platform, accountId: row.platformUserId ?? row.id }
}

/** The loop's view of a job row; undefined for a row that has no post yet (a sync still on its way). */
export function loopJobOf(job: ServerJob | undefined): LoopJob | undefined {
  if (!job?.postId) return undefined
  return {
    id: job.id,
    postId: job.postId,
    status: job.status ?? '',
    runAt: job.runAt ?? '',
    retryCount: job.retryCount ?? 0,
    deletedAt: job.deletedAt,
  }
}

/** The desktop's field names (src-shared/scheduling/job-outcomes.ts) as the server's columns. */
const COLUMN: Record<string, string> = {
  status: 'status',
  lastError: 'last_error',
  runAt: 'run_at',
  retryCount: 'retry_count',
  publishedAt: 'published_at',
  platformPostId: 'platform_post_id',
  platformUrl: 'platform_url',
}

const columnsOf = (values: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(values).map(([field, value]) => [COLUMN[field] ?? field, value]))

/** Writes an outcome's job (and post) values as one server change; returns the sequence number to poke with. */
async function writeOutcome(
  tx: Db,
  ctx: ServerContext,
  orgId: string,
  job: LoopJob,
  outcome: JobOutcome,
): Promise<number> {
  const now = ctx.clock.now()
  if (outcome.kind === 'published') {
    // A thread or first comment to send keeps the job running, in the same write that makes the post live.
    const post = await readPost(tx, orgId, job.postId)
    const followUpsLeft = post ? hasFollowUpsLeft({ ...post, platformPostId: outcome.platformPostId }) : false
    outcome = { ...outcome, followUpsLeft }
  }
  const fields = outcomeFields(outcome, now)
  const changes: RowChange[] = [{ table: 'schedule_jobs', rowId: job.id, values: columnsOf(fields.job) }]
  if (fields.post) {
    const values = { ...columnsOf(fields.post), updated_at: now.toISOString() }
    changes.unshift({ table: 'posts', rowId: job.postId, values })
  }
  // `via` names the server here; how a post was found published is `how`.
  const { via, ...meta } = fields.meta ?? {}
  return writeServerChange(tx, ctx, orgId, changes, {
    userId: null,
    action: fields.action,
    entityType: 'post',
    entityId: job.postId,
    meta: { jobId: job.id, via: 'server', ...meta, ...(via === undefined ? {} : { how: via }) } as JsonObject,
  })
}

export interface PostgresJobStoreOptions {
  /** An org's publish-late window in minutes (its stored publishing settings by default; undefined: the loop's). */
  lateWindowMinutes?: (orgId: string) => number | undefined
}

/** The server's JobStore over the organizations that asked the server to publish. */
export function createPostgresJobStore(
  ctx: ServerContext,
  options: PostgresJobStoreOptions = {},
): JobStore<ServerPost, ServerChannel> {
  const db = ctx.db
  // Each org's settings as of the last listing, for the late window at claim time.
  let settings = new Map<string, PublishingSettings>()
  const listed = (jobs: ServerJob[]) => jobs.map(loopJobOf).filter((job) => job !== undefined)
  return {
    async orgIds() {
      settings = await publishingOrgs(db)
      return [...settings.keys()]
    },
    async lateWindowMinutes(orgId) {
      if (options.lateWindowMinutes) return options.lateWindowMinutes(orgId)
      if (!settings.has(orgId)) settings = await publishingOrgs(db)
      return settings.get(orgId)?.publishLateWithinMinutes
    },
    pending: async (orgId) => listed(await jobsIn(db, orgId, 'pending')),
    running: async (orgId) => listed(await jobsIn(db, orgId, 'running')),
    read: async (orgId, jobId) => loopJobOf(await readJob(db, orgId, jobId)),
    channelOf: async (orgId, job) => channelOf(db, orgId, await readPost(db, orgId, job.postId)),
    async claim(orgId, jobId, rules) {
      const { claim, seq } = await db.transaction(async (tx) => {
        await lockOrg(tx, orgId)
        const job = loopJobOf(await readJob(tx, orgId, jobId))
        const post = await readPost(tx, orgId, job?.postId ?? null)
        const live =
          post && !post.deletedAt
            ? { status: post.status ?? 'draft', followUpsLeft: hasFollowUpsLeft(post) }
            : undefined
        const channel = live ? await channelOf(tx, orgId, post) : undefined
        const outcome = decideClaimOutcome(job, live, channel?.platform != null, rules)
        if (!job || outcome === 'skip') return { claim: { kind: 'skipped' } as Claim<ServerPost, ServerChannel> }
        const seq = await writeOutcome(tx, ctx, orgId, job, outcome)
        if (outcome.kind === 'following_up' && post && channel) {
          const running = { ...job, status: 'running' }
          const claim = { kind: 'claimed', job: running, post, channel, idempotencyKey: job.id, followingUp: true }
          return { claim: claim as Claim<ServerPost, ServerChannel>, seq }
        }
        if (outcome.kind !== 'publishing' || !post || !channel) {
          return { claim: { kind: 'settled', job, outcome } as Claim<ServerPost, ServerChannel>, seq }
        }
        const claimed = { ...post, status: 'publishing' as const }
        const idempotencyKey = outcome.idempotencyKey
        return { claim: { kind: 'claimed', job, post: claimed, channel, idempotencyKey } as const, seq }
      })
      if (seq !== undefined) await pokeOrg(ctx, orgId, seq)
      return claim
    },
    async record(orgId, job, outcome) {
      const seq = await db.transaction((tx) => writeOutcome(tx, ctx, orgId, job, outcome))
      await pokeOrg(ctx, orgId, seq)
    },
    publishedPost: (orgId, jobId) => publishedPostOf(db, orgId, jobId),
    async recordFollowUp(orgId, job, result) {
      const seq = await db.transaction((tx) => writeFollowUp(tx, ctx, orgId, job, result))
      if (seq !== undefined) await pokeOrg(ctx, orgId, seq)
    },
  }
}

/** The job's post once it is live, with what its follow-ups are planned from. */
export async function publishedPostOf(
  db: Db,
  orgId: string,
  jobId: string,
): Promise<PublishedPostOf<ServerPost, ServerChannel> | undefined> {
  const job = loopJobOf(await readJob(db, orgId, jobId))
  const post = job && !job.deletedAt ? await readPost(db, orgId, job.postId) : undefined
  if (!job || !post || post.deletedAt || post.status !== 'published' || !post.platformPostId) return undefined
  return { job, post, channel: await channelOf(db, orgId, post), source: post }
}

/** Adds one sent follow-up to its post as a server change, unless it is there already (then undefined). */
async function writeFollowUp(
  tx: Db,
  ctx: ServerContext,
  orgId: string,
  job: LoopJob,
  result: FollowUpResult,
): Promise<number | undefined> {
  await lockOrg(tx, orgId)
  const post = await readPost(tx, orgId, job.postId)
  const done = post?.followUps ?? []
  if (!post || done.some((r) => r.kind === result.kind && r.index === result.index)) return undefined
  const values = { follow_ups: [...done, result], updated_at: ctx.clock.now().toISOString() }
  return writeServerChange(tx, ctx, orgId, [{ table: 'posts', rowId: job.postId, values }], {
    userId: null,
    action: 'post.follow_up_published',
    entityType: 'post',
    entityId: job.postId,
    meta: {
      jobId: job.id,
      via: 'server',
      kind: result.kind,
      index: result.index,
      platformPostId: result.platformPostId,
    },
  })
}
