/**
 * The closed vocabularies of the data model. Stored as text in SQLite and
 * PostgreSQL; validated with these lists at every boundary.
 */
export const ROLES = ['owner', 'admin', 'editor', 'contributor', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export const POST_STATUSES = [
  'draft',
  'needs_approval',
  'approved',
  'rejected',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'needs_attention',
] as const
export type PostStatus = (typeof POST_STATUSES)[number]

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number]

export const JOB_STATUSES = ['pending', 'running', 'done', 'failed', 'cancelled'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/**
 * Where a comment is in triage: open (new, needs someone), pending (waiting on someone: a teammate, the
 * customer), snoozed (out of the way until `snoozed_until`, when it is open again by itself), done.
 */
export const COMMENT_STATUSES = ['open', 'pending', 'snoozed', 'done'] as const
export type CommentStatus = (typeof COMMENT_STATUSES)[number]

/**
 * A reply's way out: needs_approval (a contributor's, where the org wants replies approved), waiting (in the
 * outbox until a device that may send is online), sending (handed to the platform under its idempotency key),
 * sent, failed (with the platform's words, and Retry).
 */
export const REPLY_STATUSES = ['needs_approval', 'waiting', 'sending', 'sent', 'failed'] as const
export type ReplyStatus = (typeof REPLY_STATUSES)[number]

export const PLATFORMS = ['sandbox', 'bluesky', 'mastodon'] as const
export type Platform = (typeof PLATFORMS)[number]

export const PLANS = ['free', 'essentials', 'team', 'agency'] as const
export type Plan = (typeof PLANS)[number]

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const
export type ThemePreference = (typeof THEME_PREFERENCES)[number]

/** How times read: as the person's locale writes them, or always 12-hour ("9:00 AM") or 24-hour ("09:00"). */
export const TIME_FORMAT_PREFERENCES = ['system', '12h', '24h'] as const
export type TimeFormatPreference = (typeof TIME_FORMAT_PREFERENCES)[number]
