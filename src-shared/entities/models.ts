/**
 * What the API returns: the entities as the renderer (and later the sync
 * server) sees them, with camelCase fields and parsed JSON.
 */
import { z } from 'zod'
import { APPROVAL_STATUSES, JOB_STATUSES, PLATFORMS, POST_STATUSES, ROLES } from './enums'
import { postingScheduleSchema } from '../scheduling/posting-schedule'
import {
  approvalDataSchema,
  followUpResultSchema,
  mediaItemSchema,
  threadPartSchema,
  userPreferencesSchema,
} from './json-shapes'

export const profileSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  preferences: userPreferencesSchema,
  createdAt: z.string(),
})
export type Profile = z.infer<typeof profileSchema>

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  ownerId: z.string(),
  timezone: z.string(),
  createdAt: z.string(),
  role: z.enum(ROLES),
  // Until it is attached to a sync server, an organization lives on this device only.
  syncMode: z.enum(['local', 'synced']),
})
export type Organization = z.infer<typeof organizationSchema>

export const postSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  socialAccountId: z.string().nullable(),
  caption: z.string(),
  mediaUrls: z.array(mediaItemSchema),
  status: z.enum(POST_STATUSES),
  scheduledAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdBy: z.string(),
  assignedTo: z.string().nullable(),
  tags: z.array(z.string()),
  approvalData: approvalDataSchema,
  /** Posts composed together for several channels share a group id. */
  groupId: z.string().nullable(),
  /** Where the platform published it (Sent links). */
  platformPostId: z.string().nullable(),
  platformUrl: z.string().nullable(),
  /** Posted as a reply right after the post (and after its thread), where the platform allows it. */
  firstComment: z.string().nullable(),
  /** The thread after the caption, in order (Bluesky and Mastodon). */
  threadParts: z.array(threadPartSchema),
  /** What the platform answered for each part and the first comment already sent; written by the publisher. */
  followUps: z.array(followUpResultSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Post = z.infer<typeof postSchema>

export const auditEntrySchema = z.object({
  id: z.string(),
  /** Who did it; null for the app itself (the scheduling loop, the sync server's publisher). */
  userId: z.string().nullable(),
  /** Their name as the organization's members list has it, when it does. */
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  timestamp: z.string(),
  meta: z.record(z.string(), z.unknown()),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

export const SECRET_STORE_KINDS = ['keychain', 'safe-storage', 'key-file'] as const
export const secretStoreInfoSchema = z.object({
  kind: z.enum(SECRET_STORE_KINDS),
  // Human words for Settings: where the key that encrypts tokens is kept.
  description: z.string(),
})
export type SecretStoreInfo = z.infer<typeof secretStoreInfoSchema>

export const appInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web']),
  dataDir: z.string(),
  os: z.string(),
  secretStore: secretStoreInfoSchema,
  platforms: z.array(z.enum(PLATFORMS)),
})
export type AppInfo = z.infer<typeof appInfoSchema>

/** A connected social account the org publishes to, with its posting schedule. */
export const channelSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  platform: z.enum(PLATFORMS),
  /** The platform's handle (@name.bsky.social, name@instance, a sandbox name). */
  username: z.string(),
  displayName: z.string(),
  /** The PDS or instance the account lives on; '' for the sandbox. */
  service: z.string(),
  schedule: postingScheduleSchema,
  /** False when this device holds no token for it (connected on another device): it cannot publish from here. */
  canPublishHere: z.boolean(),
  /** Set when the platform refused the saved token: reconnect to publish again. */
  needsReconnect: z.boolean(),
  /** Where the account's public posts can be seen, when there is such a page. */
  profileUrl: z.string().nullable(),
})
export type Channel = z.infer<typeof channelSchema>

export const postApprovalSchema = z.object({
  id: z.string(),
  postId: z.string(),
  approverId: z.string(),
  approverName: z.string(),
  status: z.enum(APPROVAL_STATUSES),
  comments: z.string().nullable(),
  timestamp: z.string(),
})
export type PostApproval = z.infer<typeof postApprovalSchema>

/** A post with what its detail view shows: approvals, its job's state and where it was published. */
export const postDetailSchema = postSchema.extend({
  approvals: z.array(postApprovalSchema),
  job: z
    .object({
      id: z.string(),
      status: z.enum(JOB_STATUSES),
      runAt: z.string(),
      retryCount: z.number(),
      lastError: z.string().nullable(),
    })
    .nullable(),
})
export type PostDetail = z.infer<typeof postDetailSchema>

export const NOTIFICATION_KINDS = [
  'approval.requested',
  'approval.approved',
  'approval.rejected',
  'post.published',
  'post.failed',
  'post.needs_attention',
  'comment.assigned',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/** What a person is told about (native notification, and the in-app list); clicking opens the post. */
export const notificationSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  postId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
})
export type AppNotification = z.infer<typeof notificationSchema>

/** An organization's publishing settings (organizations.settings). */
export const publishingSettingsSchema = z.object({
  /** A post found due longer ago than this (the laptop was asleep) is not published late: it needs attention. */
  publishLateWithinMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  /** The sync server publishes this org's due posts too, so they go out while every desktop is closed. */
  serverPublishing: z.boolean().default(false),
  /**
   * Answered (never stored) while serverPublishing is on in an org that syncs: how many of its channels the server
   * can publish (Sandbox ones, and those whose sign-in it holds), and why not the others, where known.
   */
  serverChannels: z
    .object({ ready: z.number().int(), total: z.number().int(), problem: z.string().nullable() })
    .optional(),
})
export type PublishingSettings = z.infer<typeof publishingSettingsSchema>

/** One sandbox post as its public feed shows it. */
const sandboxFeedEntrySchema = z.object({
  id: z.string(),
  text: z.string(),
  contentWarning: z.string().nullable(),
  mediaCount: z.number(),
  /**
   * The attachments that can be shown: `url` is a `media:` name in the app (readMedia), an address on the public
   * feed; null when the post does not say which file it was (posted before the Sandbox kept it).
   */
  media: z
    .array(z.object({ url: z.string().nullable(), mimeType: z.string(), altText: z.string().nullable() }))
    .optional(),
  publishedAt: z.string(),
  url: z.string(),
  /** On a thread's parts: the post this one answers. */
  replyTo: z.string().optional(),
})
/**
 * A post of the feed with, in `thread`, the channel's own replies that continue it (its thread's parts, then its
 * first comment) in reading order (src-shared/platforms/sandbox-threads.ts); absent when nothing continues it.
 */
export const sandboxFeedPostSchema = sandboxFeedEntrySchema.extend({
  thread: z.array(sandboxFeedEntrySchema).optional(),
})
export type SandboxFeedPost = z.infer<typeof sandboxFeedPostSchema>
export type SandboxFeedPart = z.infer<typeof sandboxFeedEntrySchema>
