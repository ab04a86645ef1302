/**
 * The organization's data as tables the server can query (members, Start
 * Pages, the server-side publisher): the desktop's org tables with the same
 * table and column names, every row keyed by org_id. They are a projection
 * of field_values, written field by field from merged ops, so every column
 * but the key may be empty. No unique constraints beyond the key: a merge
 * must never fail on data two devices wrote independently.
 *
 * Memberships and the organization row are also the server's own record of
 * who belongs where: their user_id, role, owner_id and deleted_at fields are
 * changed only by the server's member routes (SERVER_MANAGED in sync/op-rules.ts; the per-field rules of
 * every table are src-shared/sync/field-rules.ts).
 */
import { bigint, doublePrecision, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
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

const orgId = () => text('org_id').notNull()
const id = () => text('id').notNull()
const deletedAt = () => text('deleted_at')
const count = (name: string) => bigint(name, { mode: 'number' })
const jsonObject = (name: string) => jsonb(name).$type<JsonObject>()
const jsonList = <T>(name: string) => jsonb(name).$type<T[]>()

export const organizations = pgTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name'),
  ownerId: text('owner_id'),
  createdAt: text('created_at'),
  timezone: text('timezone'),
  settings: jsonObject('settings'),
  deletedAt: deletedAt(),
})

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    orgId: orgId(),
    userId: text('user_id'),
    role: text('role').$type<Role>(),
    userName: text('user_name'),
    userEmail: text('user_email'),
    createdAt: text('created_at'),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('memberships_org_user_idx').on(t.orgId, t.userId),
    index('memberships_user_idx').on(t.userId),
  ],
)

export const integrations = pgTable(
  'integrations',
  {
    id: id(),
    orgId: orgId(),
    platform: text('platform').$type<Platform>(),
    accessTokenEnc: text('access_token_enc'),
    refreshTokenEnc: text('refresh_token_enc'),
    expiresAt: text('expires_at'),
    meta: jsonObject('meta'),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
)

export const socialAccounts = pgTable(
  'social_accounts',
  {
    id: id(),
    orgId: orgId(),
    integrationId: text('integration_id'),
    platformUserId: text('platform_user_id'),
    username: text('username'),
    meta: jsonObject('meta'),
    inboxCursor: text('inbox_cursor'),
    inboxCheckedAt: text('inbox_checked_at'),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
)

export const comments = pgTable(
  'comments',
  {
    id: id(),
    orgId: orgId(),
    socialAccountId: text('social_account_id'),
    platform: text('platform').$type<Platform>(),
    platformCommentId: text('platform_comment_id'),
    postId: text('post_id'),
    postLink: text('post_link'),
    author: jsonb('author').$type<CommentAuthor>(),
    text: text('text'),
    media: jsonList<MediaItem>('media'),
    timestamp: text('timestamp'),
    status: text('status').$type<CommentStatus>(),
    snoozedUntil: text('snoozed_until'),
    assignedTo: text('assigned_to'),
    tags: jsonList<string>('tags'),
    aiInsights: jsonObject('ai_insights'),
    platformMeta: jsonObject('platform_meta'),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('comments_org_status_time_idx').on(t.orgId, t.status, t.timestamp),
  ],
)

export const replies = pgTable(
  'replies',
  {
    id: id(),
    orgId: orgId(),
    commentId: text('comment_id'),
    authorUserId: text('author_user_id'),
    text: text('text'),
    platformReplyId: text('platform_reply_id'),
    timestamp: text('timestamp'),
    status: text('status').$type<ReplyStatus>(),
    url: text('url'),
    sentAt: text('sent_at'),
    error: text('error'),
    attempts: count('attempts'),
    nextAttemptAt: text('next_attempt_at'),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
)

export const savedReplies = pgTable(
  'saved_replies',
  {
    id: id(),
    orgId: orgId(),
    ownerId: text('owner_id'),
    title: text('title'),
    body: text('body'),
    placeholders: jsonList<Placeholder>('placeholders'),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
)

export const auditLogs = pgTable(
  'audit_logs',
  {
    id: id(),
    orgId: orgId(),
    userId: text('user_id'),
    action: text('action'),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    timestamp: text('timestamp'),
    meta: jsonObject('meta'),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('audit_logs_org_time_idx').on(t.orgId, t.timestamp)],
)

export const posts = pgTable(
  'posts',
  {
    id: id(),
    orgId: orgId(),
    socialAccountId: text('social_account_id'),
    caption: text('caption'),
    mediaUrls: jsonList<MediaItem>('media_urls'),
    status: text('status').$type<PostStatus>(),
    scheduledAt: text('scheduled_at'),
    publishedAt: text('published_at'),
    createdBy: text('created_by'),
    assignedTo: text('assigned_to'),
    tags: jsonList<string>('tags'),
    approvalData: jsonb('approval_data').$type<ApprovalData>(),
    groupId: text('group_id'),
    platformPostId: text('platform_post_id'),
    platformUrl: text('platform_url'),
    // A reply posted right after the post, on platforms that allow it.
    firstComment: text('first_comment'),
    // A thread: the parts after the caption, published in order as replies.
    threadParts: jsonList<ThreadPart>('thread_parts'),
    // The publisher's record of each part and the first comment it sent.
    followUps: jsonList<FollowUpResult>('follow_ups'),
    createdAt: text('created_at'),
    updatedAt: text('updated_at'),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // The server-side publisher looks for due posts across organizations.
    index('posts_status_scheduled_idx').on(t.status, t.scheduledAt),
  ],
)

export const ideas = pgTable(
  'ideas',
  {
    id: id(),
    orgId: orgId(),
    text: text('text'),
    mediaUrls: jsonList<MediaItem>('media_urls'),
    tags: jsonList<string>('tags'),
    createdBy: text('created_by'),
    postId: text('post_id'),
    createdAt: text('created_at'),
    updatedAt: text('updated_at'),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
)

export const postApprovals = pgTable(
  'post_approvals',
  {
    id: id(),
    orgId: orgId(),
    postId: text('post_id'),
    approverId: text('approver_id'),
    status: text('status').$type<ApprovalStatus>(),
    comments: text('comments'),
    timestamp: text('timestamp'),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
)

export const scheduleJobs = pgTable(
  'schedule_jobs',
  {
    id: id(),
    orgId: orgId(),
    postId: text('post_id'),
    runAt: text('run_at'),
    retryCount: count('retry_count'),
    status: text('status').$type<JobStatus>(),
    lastError: text('last_error'),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('schedule_jobs_status_run_at_idx').on(t.status, t.runAt)],
)

export const analytics = pgTable(
  'analytics',
  {
    id: id(),
    orgId: orgId(),
    platform: text('platform').$type<Platform>(),
    socialAccountId: text('social_account_id'),
    date: text('date'),
    impressions: count('impressions'),
    reach: count('reach'),
    engagementRate: doublePrecision('engagement_rate'),
    followers: count('followers'),
    meta: jsonObject('meta'),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('analytics_org_platform_date_idx').on(t.orgId, t.platform, t.date),
  ],
)
