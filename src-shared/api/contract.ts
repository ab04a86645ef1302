/**
 * The one API between the renderer and the main process: method name → zod
 * input and output. The Electron IPC handlers, the preload bridge, browser
 * mode's HTTP bridge and the tests are all typed from this object, so a
 * method cannot exist in one place and not another.
 */
import { IANAZone } from 'luxon'
import { z } from 'zod'
import {
  appInfoSchema,
  auditEntrySchema,
  channelSchema,
  notificationSchema,
  organizationSchema,
  postDetailSchema,
  postSchema,
  profileSchema,
  publishingSettingsSchema,
  sandboxFeedPostSchema,
} from '../entities/models'
import { mediaItemSchema } from '../entities/json-shapes'
import { postingScheduleSchema } from '../scheduling/posting-schedule'
import { POST_STATUSES, ROLES, THEME_PREFERENCES } from '../entities/enums'
import { orgSyncStatusSchema } from '../entities/sync-status'
import { API_METHOD_NAMES, type ApiMethodName } from './methods'

const id = z.string().min(1, 'is required').max(64)
const name = (what: string) =>
  z.string().trim().min(1, `${what} cannot be empty`).max(80, `${what} must be 80 characters or fewer`)
const timezone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Paris')
const empty = z.object({}).strict()

const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  createdAt: z.string(),
})

const syncOverviewSchema = z.object({
  server: z.object({ url: z.string(), email: z.string(), userId: z.string() }).nullable(),
  orgs: z.array(orgSyncStatusSchema),
})

const caption = z.string().max(10_000, 'must be 10,000 characters or fewer')
const tags = z.array(z.string().trim().min(1).max(40)).max(20)
const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time such as 2026-03-01T09:30:00Z' })
const httpsUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http:// or https:// address such as ${example}` })

/**
 * When a post goes out: `queue` takes the channel's next free slot, `next` goes before everything queued,
 * `now` publishes at once, `at` at a chosen time (stored in UTC, planned in the channel's zone).
 */
export const whenSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('queue') }).strict(),
  z.object({ kind: z.literal('next') }).strict(),
  z.object({ kind: z.literal('now') }).strict(),
  z.object({ kind: z.literal('at'), at: isoTime }).strict(),
])
export type When = z.infer<typeof whenSchema>

const connectChannelSchema = z.discriminatedUnion('platform', [
  z.object({ orgId: id, platform: z.literal('sandbox'), name: name('Channel name') }).strict(),
  z
    .object({
      orgId: id,
      platform: z.literal('bluesky'),
      service: httpsUrl('https://bsky.social').default('https://bsky.social'),
      identifier: z.string().trim().min(1, 'is required: your handle, like name.bsky.social').max(253),
      appPassword: z.string().min(1, 'is required: create one in Bluesky under Settings → App passwords').max(200),
    })
    .strict(),
  z
    .object({
      orgId: id,
      platform: z.literal('mastodon'),
      service: httpsUrl('https://mastodon.social'),
      accessToken: z.string().min(1, 'is required: create one under Preferences → Development').max(500),
    })
    .strict(),
])

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output })

export const contract = {
  getAppInfo: method(empty, appInfoSchema),

  getProfile: method(empty, profileSchema.nullable()),
  createProfile: method(
    z.object({ name: name('Your name'), email: z.email('must be an email address').nullable().default(null) }).strict(),
    profileSchema,
  ),
  updatePreferences: method(z.object({ theme: z.enum(THEME_PREFERENCES) }).strict(), profileSchema),

  listOrganizations: method(empty, z.array(organizationSchema)),
  createOrganization: method(
    z.object({ name: name('Organization name'), timezone: timezone.default('UTC') }).strict(),
    organizationSchema,
  ),
  renameOrganization: method(z.object({ orgId: id, name: name('Organization name') }).strict(), organizationSchema),
  setActiveOrganization: method(z.object({ orgId: id }).strict(), profileSchema),
  deleteOrganization: method(z.object({ orgId: id }).strict(), z.object({ deleted: z.literal(true) })),

  listPosts: method(
    z
      .object({
        orgId: id,
        status: z.enum(POST_STATUSES).optional(),
        /** Any of these statuses (the Sent tab asks for published; the queue for scheduled and needs_approval). */
        statuses: z.array(z.enum(POST_STATUSES)).max(POST_STATUSES.length).optional(),
        channelId: id.optional(),
        /** Posts scheduled (or published) in [from, to): the calendar's range. */
        from: isoTime.optional(),
        to: isoTime.optional(),
        /** newest: by last edit; schedule: by scheduled time, soonest first; published: newest published first. */
        order: z.enum(['newest', 'schedule', 'published']).default('newest'),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    z.array(postSchema),
  ),
  getPost: method(z.object({ orgId: id, postId: id }).strict(), postDetailSchema),
  createDraft: method(
    z
      .object({
        orgId: id,
        caption,
        tags: tags.default([]),
        socialAccountId: id.nullable().default(null),
        mediaUrls: z.array(mediaItemSchema).max(10).default([]),
        groupId: id.nullable().default(null),
      })
      .strict(),
    postSchema,
  ),

  getSyncOverview: method(empty, syncOverviewSchema),
  connectServer: method(
    z
      .object({
        serverUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }),
        email: z.email('must be an email address'),
        password: z.string().min(1, 'is required').max(1024),
        mode: z.enum(['signin', 'signup']),
      })
      .strict(),
    syncOverviewSchema,
  ),
  disconnectServer: method(empty, syncOverviewSchema),
  attachOrganization: method(z.object({ orgId: id }).strict(), organizationSchema),
  joinOrganization: method(
    z.object({ code: z.string().trim().min(1, 'is required').max(200) }).strict(),
    organizationSchema,
  ),
  createInvitation: method(
    z.object({ orgId: id, role: z.enum(ROLES).exclude(['owner']) }).strict(),
    z.object({ code: z.string(), url: z.string(), role: z.enum(ROLES), expiresAt: z.string() }),
  ),
  listMembers: method(z.object({ orgId: id }).strict(), z.array(memberSchema)),
  changeMemberRole: method(z.object({ orgId: id, userId: id, role: z.enum(ROLES) }).strict(), z.array(memberSchema)),
  removeMember: method(z.object({ orgId: id, userId: id }).strict(), z.array(memberSchema)),
  syncNow: method(z.object({ orgId: id }).strict(), orgSyncStatusSchema),

  updateDraft: method(
    z
      .object({
        orgId: id,
        postId: id,
        caption: caption.optional(),
        tags: tags.optional(),
        socialAccountId: id.nullable().optional(),
        mediaUrls: z.array(mediaItemSchema).max(10).optional(),
      })
      .strict(),
    postSchema,
  ),
  /**
   * Puts a post on the schedule (draft, rejected, failed, needs attention, or already scheduled: a reschedule).
   * A contributor's post goes to needs_approval instead, keeping the time asked for.
   */
  schedulePost: method(z.object({ orgId: id, postId: id, when: whenSchema }).strict(), postSchema),
  /** Takes a post off the schedule (or out of approval) back to drafts. */
  unschedulePost: method(z.object({ orgId: id, postId: id }).strict(), postSchema),
  deletePost: method(z.object({ orgId: id, postId: id }).strict(), z.object({ deleted: z.literal(true) })),
  /** The channel's queued posts in their new order: they take its slots in this order. */
  reorderQueue: method(
    z.object({ orgId: id, channelId: id, postIds: z.array(id).min(1).max(1000) }).strict(),
    z.array(postSchema),
  ),
  decideApproval: method(
    z
      .object({
        orgId: id,
        postId: id,
        decision: z.enum(['approved', 'rejected']),
        comment: z.string().trim().max(2000, 'must be 2,000 characters or fewer').default(''),
      })
      .strict()
      .refine((input) => input.decision === 'approved' || input.comment.length > 0, {
        message: 'Say what to change: a rejection needs a comment.',
        path: ['comment'],
      }),
    postSchema,
  ),
  /** Keeps a picked file in this device's media folder; the answer goes into a post's mediaUrls. */
  importMedia: method(
    z
      .object({
        orgId: id,
        fileName: z.string().trim().min(1).max(255),
        mimeType: z.string().min(1).max(100),
        /** The file's bytes, base64. */
        data: z.string().min(1, 'the file is empty').max(140_000_000, 'the file is larger than 100 MB'),
        altText: z.string().max(1500).optional(),
      })
      .strict(),
    mediaItemSchema,
  ),
  /** A kept file as a data: URL, for previews. */
  readMedia: method(
    z.object({ orgId: id, url: z.string().min(1).max(200) }).strict(),
    z.object({ dataUrl: z.string() }),
  ),

  listChannels: method(z.object({ orgId: id }).strict(), z.array(channelSchema)),
  connectChannel: method(connectChannelSchema, channelSchema),
  updateChannel: method(
    z.object({ orgId: id, channelId: id, schedule: postingScheduleSchema }).strict(),
    channelSchema,
  ),
  disconnectChannel: method(z.object({ orgId: id, channelId: id }).strict(), z.object({ deleted: z.literal(true) })),
  /** A sandbox channel's public feed, newest first (the sync server hosts the same as a public page). */
  listSandboxFeed: method(
    z.object({ orgId: id, channelId: id, limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.array(sandboxFeedPostSchema),
  ),

  getPublishingSettings: method(z.object({ orgId: id }).strict(), publishingSettingsSchema),
  updatePublishingSettings: method(
    z.object({ orgId: id, settings: publishingSettingsSchema.partial() }).strict(),
    publishingSettingsSchema,
  ),

  listNotifications: method(
    z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.array(notificationSchema),
  ),
  markNotificationsRead: method(
    z.object({ ids: z.array(id).max(200).optional() }).strict(),
    z.object({ unread: z.number() }),
  ),
  /** Opens a link in the person's browser (Sent links); in browser mode the renderer opens a tab itself. */
  openExternal: method(
    z.object({ url: httpsUrl('https://bsky.app/profile/…') }).strict(),
    z.object({ opened: z.boolean() }),
  ),

  listAuditLog: method(
    z.object({ orgId: id, limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.array(auditEntrySchema),
  ),
} as const

export type Contract = typeof contract
export type ApiMethod = keyof Contract
export type ApiInput<M extends ApiMethod> = z.input<Contract[M]['input']>
export type ApiParsedInput<M extends ApiMethod> = z.output<Contract[M]['input']>
export type ApiOutput<M extends ApiMethod> = z.output<Contract[M]['output']>

// Both lists must name the same methods: a method missing from either is a type error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameMethods: Same<ApiMethod, ApiMethodName> = true
void sameMethods

export const API_METHODS: readonly ApiMethod[] = API_METHOD_NAMES
