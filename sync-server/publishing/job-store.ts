/**
 * The server publisher's reads of the organizations' synced tables and its
 * writes, which go through writeServerChange like every change the server
 * makes itself, so desktops pull them (and the audit trail) like any other.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import { publishingSettingsSchema, type PublishingSettings } from '../../src-shared/entities/models'
import type { Platform } from '../../src-shared/entities/enums'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { integrations, organizations, posts, scheduleJobs, socialAccounts } from '../db/schema'
import { writeServerChange, type RowChange } from '../sync/server-changes'

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

/** Jobs of these orgs that are waiting or were left running. */
export async function openJobs(db: Db, orgIds: string[]): Promise<ServerJob[]> {
  if (orgIds.length === 0) return []
  return db
    .select()
    .from(scheduleJobs)
    .where(
      and(
        inArray(scheduleJobs.orgId, orgIds),
        inArray(scheduleJobs.status, ['pending', 'running']),
        isNull(scheduleJobs.deletedAt),
      ),
    )
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
  return { id: row.id, platform: row.platform, accountId: row.platformUserId ?? row.id }
}

export interface ServerOutcome {
  /** schedule_jobs columns → values. */
  job: Record<string, unknown>
  /** posts columns → values. */
  post?: Record<string, unknown>
  action: string
  meta?: JsonObject
}

/** Writes a job's (and its post's) new values as one server change; returns the sequence number to poke with. */
export async function writeOutcome(
  tx: Db,
  ctx: ServerContext,
  job: Pick<ServerJob, 'orgId' | 'id' | 'postId'>,
  outcome: ServerOutcome,
): Promise<number> {
  const now = ctx.clock.now().toISOString()
  const changes: RowChange[] = [{ table: 'schedule_jobs', rowId: job.id, values: outcome.job }]
  if (outcome.post && job.postId) {
    changes.unshift({ table: 'posts', rowId: job.postId, values: { ...outcome.post, updated_at: now } })
  }
  return writeServerChange(tx, ctx, job.orgId, changes, {
    userId: null,
    action: outcome.action,
    entityType: 'post',
    entityId: job.postId ?? job.id,
    meta: { jobId: job.id, via: 'server', ...outcome.meta },
  })
}

export const publishedOutcome = (
  now: Date,
  result: { platformPostId: string; url: string },
  via: string,
): ServerOutcome => ({
  job: { status: 'done', last_error: null },
  post: {
    status: 'published',
    published_at: now.toISOString(),
    platform_post_id: result.platformPostId,
    platform_url: result.url,
  },
  action: 'post.published',
  meta: { platformPostId: result.platformPostId, url: result.url, how: via },
})
