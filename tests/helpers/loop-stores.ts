/**
 * The shared publishing loop (src-shared/scheduling/publishing-loop.ts) over
 * each real job store, for tests that must hold on both: the desktop's
 * SQLite store on a real org file, and the server's PostgreSQL store on a
 * real PGlite database. Each gives the same handles (schedule a post, read
 * its rows and audit trail, restart after a crash), with a clock and timers
 * the test moves by hand.
 */
import { and, asc, eq } from 'drizzle-orm'
import { newId } from '../../src-main/core/ids'
import { integrations, posts, scheduleJobs, socialAccounts } from '../../src-main/db/schema/org'
import { createSqliteJobStore } from '../../src-main/scheduler/job-store'
import { auditLogs, posts as serverPosts, scheduleJobs as serverJobs } from '../../sync-server/db/schema'
import { createPostgresJobStore } from '../../sync-server/publishing/job-store'
import { writeServerChange, type RowChange } from '../../sync-server/sync/server-changes'
import type { PublishingEvent } from '../../src-shared/scheduling/job-run'
import {
  localLeases,
  type JobStore,
  type LeaseProvider,
  type LoopChannel,
  type Publisher,
} from '../../src-shared/scheduling/loop-ports'
import { PublishingLoop, type PublishingLoopSettings } from '../../src-shared/scheduling/publishing-loop'
import type { FollowUpResult } from '../../src-shared/entities/json-shapes'
import { startOnboardedCore, startTestCore, type TestCore } from './core'
import { ClockTimers, type MovableClock } from './fake-timers'
import { writeScheduled } from './schedule-rows'
import { startTestServer, type TestServer } from './sync-server'
import { writeRows } from './write-rows'

const MINUTE = 60_000

/** A thread after the caption and a first comment, for a post scheduled with follow-ups. */
export interface FollowUpPlan {
  parts: string[]
  firstComment?: string
}

/** What a test platform sees of a post, on either side. */
export interface LoopPost {
  id: string
  caption: string | null
}

export type TestPublisher = Publisher<LoopPost, LoopChannel>

export interface LoopOptions {
  settings?: Partial<PublishingLoopSettings>
  random?: () => number
  leases?: LeaseProvider
  log?: (error: unknown) => void
}

export interface LoopRows {
  post: { status: string | null; publishedAt: string | null; platformPostId: string | null; platformUrl: string | null }
  job: { status: string | null; runAt: string; retryCount: number; lastError: string | null }
}

export interface LoopHarness {
  store: 'sqlite' | 'postgres'
  orgId: string
  channelId: string
  clock: MovableClock
  timers: ClockTimers
  events: PublishingEvent[]
  inMinutes(minutes: number): Date
  /** A draft, then scheduled on the channel with its pending job due at `runAt`. */
  schedulePost(runAt: Date, caption?: string): Promise<{ postId: string; jobId: string }>
  /** Like schedulePost, with a thread and a first comment to send after it. */
  scheduleThread(runAt: Date, caption: string, plan: FollowUpPlan): Promise<{ postId: string; jobId: string }>
  /** The post's posts.follow_ups, in the order they were recorded. */
  followUpsOf(postId: string): Promise<FollowUpResult[]>
  /** What the Retry button does (services/follow-ups.ts): the job pending again now, its note cleared. */
  retryFollowUps(jobId: string): Promise<void>
  /** Takes the post off the schedule (back to a draft), its job left pending. */
  unschedule(postId: string): Promise<void>
  rowOf(ids: { postId: string; jobId: string }): Promise<LoopRows>
  auditActions(postId: string): Promise<string[]>
  makeLoop(platform: TestPublisher, options?: LoopOptions): PublishingLoop<LoopPost, LoopChannel>
  /** Closes everything as a kill would and opens it again, two minutes later: a new harness on the same data. */
  restart(): Promise<LoopHarness>
}

const loops: PublishingLoop<LoopPost, LoopChannel>[] = []
const cleanups: (() => Promise<void> | void)[] = []

/** Stops every loop and closes every core and server the harnesses opened; call it in afterEach. */
export async function disposeLoopStores(): Promise<void> {
  for (const loop of loops.splice(0)) loop.stop()
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
}

function loopOver(
  store: JobStore<LoopPost, LoopChannel>,
  clock: MovableClock,
  timers: ClockTimers,
  events: PublishingEvent[],
  platform: TestPublisher,
  options: LoopOptions,
): PublishingLoop<LoopPost, LoopChannel> {
  const loop = new PublishingLoop<LoopPost, LoopChannel>({
    store,
    clock,
    timers,
    publisherFor: () => platform,
    leasesFor: () => options.leases ?? localLeases,
    settings: options.settings,
    random: options.random ?? (() => 0.5),
    onEvent: (event) => events.push(event),
    log:
      options.log ??
      ((error) => {
        throw error
      }),
  })
  loops.push(loop)
  return loop
}

// ─── The desktop: SQLite org files ───────────────────────────────────────────

function sqliteHarness(core: TestCore, orgId: string, channelId: string): LoopHarness {
  const timers = new ClockTimers(() => core.clock)
  const events: PublishingEvent[] = []
  const db = () => core.ctx.dbs.org(orgId)
  // The loop's own window setting, as the tests set it: not the org's stored one.
  const store = createSqliteJobStore({
    ctx: core.ctx,
    clock: core.clock,
    orgIds: () => [orgId],
    lateWindowMinutes: () => undefined,
  })
  return {
    store: 'sqlite',
    orgId,
    channelId,
    clock: core.clock,
    timers,
    events,
    inMinutes: (minutes) => new Date(core.clock.now().getTime() + minutes * MINUTE),
    async schedulePost(runAt, caption = 'Fresh roast') {
      const post = await core.ok('createDraft', { orgId, caption })
      return writeScheduled(core, orgId, post.id, runAt, { socialAccountId: channelId })
    },
    async scheduleThread(runAt, caption, plan) {
      const post = await core.ok('createDraft', { orgId, caption })
      const values = { threadParts: plan.parts.map((text) => ({ text })), firstComment: plan.firstComment ?? null }
      writeRows(core, orgId, [{ table: posts, rowId: post.id, values }], 'post.updated')
      return writeScheduled(core, orgId, post.id, runAt, { socialAccountId: channelId })
    },
    async followUpsOf(postId) {
      return db().select({ f: posts.followUps }).from(posts).where(eq(posts.id, postId)).get()!.f
    },
    async retryFollowUps(jobId) {
      const values = {
        status: 'pending' as const,
        runAt: core.clock.now().toISOString(),
        retryCount: 0,
        lastError: null,
      }
      writeRows(core, orgId, [{ table: scheduleJobs, rowId: jobId, values }], 'post.follow_ups_retried')
    },
    async unschedule(postId) {
      writeRows(core, orgId, [{ table: posts, rowId: postId, values: { status: 'draft' } }], 'post.unscheduled')
    },
    async rowOf(ids) {
      const post = db().select().from(posts).where(eq(posts.id, ids.postId)).get()!
      const job = db().select().from(scheduleJobs).where(eq(scheduleJobs.id, ids.jobId)).get()!
      return { post, job }
    },
    async auditActions(postId) {
      const rows = db().$client.prepare('SELECT action FROM audit_logs WHERE entity_id = ? ORDER BY rowid').all(postId)
      return (rows as { action: string }[]).map((r) => r.action)
    },
    makeLoop: (platform, options = {}) => loopOver(store, core.clock, timers, events, platform, options),
    async restart() {
      const now = core.clock.now().getTime()
      core.close()
      const reopened = startTestCore(core.dataDir)
      cleanups.push(() => reopened.dispose())
      reopened.clock.advance(now - reopened.clock.now().getTime() + 2 * MINUTE)
      return sqliteHarness(reopened, orgId, channelId)
    },
  }
}

async function setupSqlite(): Promise<LoopHarness> {
  const { core, org } = await startOnboardedCore()
  cleanups.push(() => core.dispose())
  const integration = { id: newId(), orgId: org.id, platform: 'sandbox' as const, meta: { label: 'Sandbox' } }
  const account = {
    id: newId(),
    orgId: org.id,
    integrationId: integration.id,
    platformUserId: 'acme',
    username: 'acme',
  }
  writeRows(
    core,
    org.id,
    [
      { table: integrations, rowId: integration.id, values: integration },
      { table: socialAccounts, rowId: account.id, values: account },
    ],
    'channel.connected',
  )
  return sqliteHarness(core, org.id, account.id)
}

// ─── The server: PostgreSQL (PGlite) ─────────────────────────────────────────

function postgresHarness(server: TestServer, orgId: string, channelId: string): LoopHarness {
  const ctx = server.app.ctx
  const db = server.database.db
  const timers = new ClockTimers(() => server.clock)
  const events: PublishingEvent[] = []
  const store = createPostgresJobStore(ctx, { lateWindowMinutes: () => undefined })
  /** One change the server makes itself, with its audit row, as the loop's own writes are made. */
  const change = (changes: RowChange[], action: string, entityType: string, entityId: string) =>
    db.transaction((tx) => writeServerChange(tx, ctx, orgId, changes, { userId: null, action, entityType, entityId }))
  async function schedule(runAt: Date, caption: string, plan: FollowUpPlan) {
    const postId = newId()
    const jobId = newId()
    const createdAt = server.clock.now().toISOString()
    const post = {
      id: postId,
      org_id: orgId,
      caption,
      status: 'draft',
      created_at: createdAt,
      updated_at: createdAt,
      ...(plan.parts.length ? { thread_parts: plan.parts.map((text) => ({ text })) } : {}),
      ...(plan.firstComment ? { first_comment: plan.firstComment } : {}),
    }
    await change([{ table: 'posts', rowId: postId, values: post }], 'post.drafted', 'post', postId)
    const at = runAt.toISOString()
    await change(
      [
        {
          table: 'posts',
          rowId: postId,
          values: { social_account_id: channelId, status: 'scheduled', scheduled_at: at },
        },
        {
          table: 'schedule_jobs',
          rowId: jobId,
          values: { id: jobId, org_id: orgId, post_id: postId, run_at: at, status: 'pending', retry_count: 0 },
        },
      ],
      'post.scheduled',
      'schedule_jobs',
      jobId,
    )
    return { postId, jobId }
  }
  return {
    store: 'postgres',
    orgId,
    channelId,
    clock: server.clock,
    timers,
    events,
    inMinutes: (minutes) => new Date(server.clock.now().getTime() + minutes * MINUTE),
    schedulePost: (runAt, caption = 'Fresh roast') => schedule(runAt, caption, { parts: [] }),
    scheduleThread: (runAt, caption, plan) => schedule(runAt, caption, plan),
    async followUpsOf(postId) {
      const [post] = await db
        .select({ f: serverPosts.followUps })
        .from(serverPosts)
        .where(and(eq(serverPosts.orgId, orgId), eq(serverPosts.id, postId)))
      return post?.f ?? []
    },
    async retryFollowUps(jobId) {
      const values = { status: 'pending', run_at: server.clock.now().toISOString(), retry_count: 0, last_error: null }
      await change([{ table: 'schedule_jobs', rowId: jobId, values }], 'post.follow_ups_retried', 'post', jobId)
    },
    async unschedule(postId) {
      await change(
        [{ table: 'posts', rowId: postId, values: { status: 'draft' } }],
        'post.unscheduled',
        'posts',
        postId,
      )
    },
    async rowOf(ids) {
      const [post] = await db
        .select()
        .from(serverPosts)
        .where(and(eq(serverPosts.orgId, orgId), eq(serverPosts.id, ids.postId)))
      const [job] = await db
        .select()
        .from(serverJobs)
        .where(and(eq(serverJobs.orgId, orgId), eq(serverJobs.id, ids.jobId)))
      return {
        post: {
          status: post!.status,
          publishedAt: post!.publishedAt,
          platformPostId: post!.platformPostId,
          platformUrl: post!.platformUrl,
        },
        job: {
          status: job!.status,
          runAt: job!.runAt ?? '',
          retryCount: job!.retryCount ?? 0,
          lastError: job!.lastError,
        },
      }
    },
    async auditActions(postId) {
      const rows = await db
        .select({ action: auditLogs.action })
        .from(auditLogs)
        .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.entityId, postId)))
        .orderBy(asc(auditLogs.id))
      return rows.map((r) => r.action ?? '')
    },
    makeLoop: (platform, options = {}) => loopOver(store, server.clock, timers, events, platform, options),
    async restart() {
      // The server keeps nothing of a pass outside its database: a new loop on it is a restarted server.
      for (const loop of loops.splice(0)) loop.stop()
      server.clock.advance(2 * MINUTE)
      return postgresHarness(server, orgId, channelId)
    },
  }
}

async function setupPostgres(): Promise<LoopHarness> {
  const server = await startTestServer()
  cleanups.push(() => server.close())
  const ctx = server.app.ctx
  const orgId = newId()
  const integrationId = newId()
  const channelId = newId()
  await server.database.db.transaction((tx) =>
    writeServerChange(
      tx,
      ctx,
      orgId,
      [
        {
          table: 'organizations',
          rowId: orgId,
          values: { id: orgId, name: 'Acme Coffee', timezone: 'Europe/Paris', settings: { serverPublishing: true } },
        },
        {
          table: 'integrations',
          rowId: integrationId,
          values: { id: integrationId, org_id: orgId, platform: 'sandbox', meta: { label: 'Sandbox' } },
        },
        {
          table: 'social_accounts',
          rowId: channelId,
          values: {
            id: channelId,
            org_id: orgId,
            integration_id: integrationId,
            platform_user_id: 'acme',
            username: 'acme',
          },
        },
      ],
      { userId: null, action: 'channel.connected', entityType: 'social_accounts', entityId: channelId },
    ),
  )
  return postgresHarness(server, orgId, channelId)
}

/** Both stores, for describe.each: `describe.each(loopStores)('… ($name)', ({ setup }) => …)`. */
export const loopStores = [
  { name: 'desktop SQLite store', setup: setupSqlite },
  { name: 'server PostgreSQL store', setup: setupPostgres },
]
