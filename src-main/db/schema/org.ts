/**
 * orgs/<orgId>.sqlite: one organization's data. Every row carries org_id so
 * the same shape keys the server's tables by organization (and shards there).
 * User ids point at accounts that live in account.sqlite or on the sync
 * server, so they are plain text, not foreign keys across files.
 */
import { sql } from 'drizzle-orm'
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import type {
  ApprovalStatus,
  CommentStatus,
  JobStatus,
  Platform,
  PostStatus,
  ReplyStatus,
  Role,
} from '../../../src-shared/entities/enums'
import type {
  ApprovalData,
  CommentAuthor,
  FollowUpResult,
  JsonObject,
  MediaItem,
  Placeholder,
  ThreadPart,
} from '../../../src-shared/entities/json-shapes'
import { tombstone } from './common'

export { auditLogs, collabDocs, fieldClocks, outbox, syncState } from './common'

const jsonObject = (name: string) =>
  text(name, { mode: 'json' })
    .$type<JsonObject>()
    .notNull()
    .default(sql`'{}'`)
const jsonList = <T>(name: string) =>
  text(name, { mode: 'json' })
    .$type<T[]>()
    .notNull()
    .default(sql`'[]'`)

export const organizations = sqliteTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  ownerId: text('owner_id').notNull(),
  createdAt: text('created_at').notNull(),
  // IANA zone new channels start in.
  timezone: text('timezone').notNull().default('UTC'),
  // PublishingSettings (publish-late window, server publishing).
  settings: jsonObject('settings'),
  deletedAt: tombstone(),
})

const orgId = () =>
  text('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' })

export const memberships = sqliteTable(
  'memberships',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    userId: text('user_id').notNull(),
    role: text('role').$type<Role>().notNull(),
    // A copy of the member's public profile, for assignment and avatars.
    userName: text('user_name').notNull().default(''),
    userEmail: text('user_email'),
    createdAt: text('created_at').notNull(),
    deletedAt: tombstone(),
  },
  (t) => [uniqueIndex('memberships_org_user_idx').on(t.orgId, t.userId)],
)

export const integrations = sqliteTable(
  'integrations',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    platform: text('platform').$type<Platform>().notNull(),
    // AES-256-GCM ciphertext; the key lives in the OS keychain.
    accessTokenEnc: text('access_token_enc'),
    refreshTokenEnc: text('refresh_token_enc'),
    expiresAt: text('expires_at'),
    meta: jsonObject('meta'),
    deletedAt: tombstone(),
  },
  (t) => [index('integrations_org_idx').on(t.orgId, t.platform)],
)

export const socialAccounts = sqliteTable(
  'social_accounts',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    integrationId: text('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    platformUserId: text('platform_user_id').notNull(),
    username: text('username').notNull(),
    meta: jsonObject('meta'),
    // Engage: where the last fetch of the channel's comments stopped (the adapter's own cursor, opaque here)
    // and when it ran; synced, so whichever device fetches next goes on from there. Null: not fetched yet
    // (the first fetch goes back 30 days).
    inboxCursor: text('inbox_cursor'),
    inboxCheckedAt: text('inbox_checked_at'),
    deletedAt: tombstone(),
  },
  (t) => [index('social_accounts_integration_idx').on(t.integrationId)],
)

export const comments = sqliteTable(
  'comments',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    socialAccountId: text('social_account_id')
      .notNull()
      .references(() => socialAccounts.id, { onDelete: 'cascade' }),
    platform: text('platform').$type<Platform>().notNull(),
    platformCommentId: text('platform_comment_id').notNull(),
    postId: text('post_id'),
    postLink: text('post_link'),
    author: text('author', { mode: 'json' }).$type<CommentAuthor>().notNull(),
    text: text('text').notNull(),
    media: jsonList<MediaItem>('media'),
    timestamp: text('timestamp').notNull(),
    status: text('status').$type<CommentStatus>().notNull().default('open'),
    // When a snoozed comment is open again (ISO, UTC); null unless status is snoozed.
    snoozedUntil: text('snoozed_until'),
    assignedTo: text('assigned_to'),
    tags: jsonList<string>('tags'),
    aiInsights: jsonObject('ai_insights'),
    platformMeta: jsonObject('platform_meta'),
    deletedAt: tombstone(),
  },
  (t) => [
    index('comments_org_status_time_idx').on(t.orgId, t.status, t.timestamp),
    index('comments_post_idx').on(t.postId),
    uniqueIndex('comments_platform_id_idx').on(t.socialAccountId, t.platformCommentId),
  ],
)

export const replies = sqliteTable(
  'replies',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    commentId: text('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    authorUserId: text('author_user_id').notNull(),
    text: text('text').notNull(),
    platformReplyId: text('platform_reply_id'),
    timestamp: text('timestamp').notNull(),
    // Every writer sets the status; the column's default is from before the statuses were named as they are.
    status: text('status')
      .$type<ReplyStatus>()
      .notNull()
      .default(sql`'draft'`),
    // Where the platform shows it, once sent.
    url: text('url'),
    sentAt: text('sent_at'),
    // The platform's words when it failed (or why it is in doubt), for the thread and Retry.
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    // Not before this time (backoff after a transient failure, Retry-After).
    nextAttemptAt: text('next_attempt_at'),
    deletedAt: tombstone(),
  },
  (t) => [index('replies_comment_idx').on(t.commentId, t.timestamp)],
)

export const savedReplies = sqliteTable(
  'saved_replies',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    ownerId: text('owner_id').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    placeholders: jsonList<Placeholder>('placeholders'),
    deletedAt: tombstone(),
  },
  (t) => [index('saved_replies_org_idx').on(t.orgId, t.title)],
)

export const posts = sqliteTable(
  'posts',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    // Empty while a draft has no channel yet.
    socialAccountId: text('social_account_id').references(() => socialAccounts.id, {
      onDelete: 'set null',
    }),
    caption: text('caption').notNull().default(''),
    mediaUrls: jsonList<MediaItem>('media_urls'),
    status: text('status').$type<PostStatus>().notNull().default('draft'),
    scheduledAt: text('scheduled_at'),
    publishedAt: text('published_at'),
    createdBy: text('created_by').notNull(),
    assignedTo: text('assigned_to'),
    tags: jsonList<string>('tags'),
    approvalData: text('approval_data', { mode: 'json' })
      .$type<ApprovalData>()
      .notNull()
      .default(sql`'{}'`),
    // Posts composed together for several channels.
    groupId: text('group_id'),
    // Where the platform published it: Sent links, look-ups, comments.
    platformPostId: text('platform_post_id'),
    platformUrl: text('platform_url'),
    // A reply posted right after the post, on platforms that allow it.
    firstComment: text('first_comment'),
    // A thread: the parts after the caption, published in order as replies.
    threadParts: jsonList<ThreadPart>('thread_parts'),
    // The publisher's record of each part and the first comment it sent.
    followUps: jsonList<FollowUpResult>('follow_ups'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    deletedAt: tombstone(),
  },
  (t) => [
    index('posts_org_status_scheduled_idx').on(t.orgId, t.status, t.scheduledAt),
    index('posts_account_scheduled_idx').on(t.socialAccountId, t.scheduledAt),
  ],
)

export const postApprovals = sqliteTable(
  'post_approvals',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    postId: text('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    approverId: text('approver_id').notNull(),
    status: text('status').$type<ApprovalStatus>().notNull(),
    comments: text('comments'),
    timestamp: text('timestamp').notNull(),
    deletedAt: tombstone(),
  },
  (t) => [index('post_approvals_post_idx').on(t.postId, t.timestamp)],
)

export const scheduleJobs = sqliteTable(
  'schedule_jobs',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    postId: text('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    runAt: text('run_at').notNull(),
    retryCount: integer('retry_count').notNull().default(0),
    status: text('status').$type<JobStatus>().notNull().default('pending'),
    lastError: text('last_error'),
    deletedAt: tombstone(),
  },
  (t) => [index('schedule_jobs_status_run_at_idx').on(t.status, t.runAt), index('schedule_jobs_post_idx').on(t.postId)],
)

/** Ideas: unscheduled notes for posts (text, media, tags), turned into a post in one step. */
export const ideas = sqliteTable(
  'ideas',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    text: text('text').notNull().default(''),
    mediaUrls: jsonList<MediaItem>('media_urls'),
    tags: jsonList<string>('tags'),
    createdBy: text('created_by').notNull(),
    // The post it became, once it did.
    postId: text('post_id'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    deletedAt: tombstone(),
  },
  (t) => [index('ideas_org_created_idx').on(t.orgId, t.createdAt)],
)

export const analytics = sqliteTable(
  'analytics',
  {
    id: text('id').primaryKey(),
    orgId: orgId(),
    platform: text('platform').$type<Platform>().notNull(),
    socialAccountId: text('social_account_id').references(() => socialAccounts.id, {
      onDelete: 'cascade',
    }),
    date: text('date').notNull(),
    impressions: integer('impressions').notNull().default(0),
    reach: integer('reach').notNull().default(0),
    engagementRate: real('engagement_rate').notNull().default(0),
    followers: integer('followers').notNull().default(0),
    meta: jsonObject('meta'),
    deletedAt: tombstone(),
  },
  (t) => [
    index('analytics_org_platform_date_idx').on(t.orgId, t.platform, t.date),
    uniqueIndex('analytics_account_date_idx').on(t.socialAccountId, t.date),
  ],
)

/**
 * The built-in Sandbox platform's posts for an org that publishes on this
 * device only (a syncing org's sandbox lives on its sync server). Local to
 * this device, never synced: it stands in for a platform's servers.
 */
export const sandboxPosts = sqliteTable(
  'sandbox_posts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    text: text('text').notNull(),
    contentWarning: text('content_warning'),
    media: text('media', { mode: 'json' })
      .$type<{ mimeType: string; altText?: string; byteLength: number; file?: string }[]>()
      .notNull()
      .default(sql`'[]'`),
    replyTo: text('reply_to'),
    publishedAt: text('published_at').notNull(),
  },
  (t) => [
    uniqueIndex('sandbox_posts_key_idx').on(t.accountId, t.idempotencyKey),
    index('sandbox_posts_feed_idx').on(t.accountId, t.publishedAt),
  ],
)
