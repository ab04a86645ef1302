/**
 * Types of the JSON columns. The database stores them as text; these schemas
 * are what every boundary (IPC, HTTP, sync) validates them against.
 */
import { z } from 'zod'
import { THEME_PREFERENCES, TIME_FORMAT_PREFERENCES } from './enums'

export const userPreferencesSchema = z.object({
  theme: z.enum(THEME_PREFERENCES).default('system'),
  activeOrgId: z.string().nullable().default(null),
  /** Added after the first release: a profile saved before it reads as "system". */
  timeFormat: z.enum(TIME_FORMAT_PREFERENCES).default('system'),
})
export type UserPreferences = z.infer<typeof userPreferencesSchema>

export const commentAuthorSchema = z.object({
  name: z.string(),
  handle: z.string().optional(),
  avatarUrl: z.string().optional(),
})
export type CommentAuthor = z.infer<typeof commentAuthorSchema>

export const mediaItemSchema = z.object({
  /** `media:<sha256>.<ext>` for a file kept in this device's media folder. */
  url: z.string(),
  type: z.enum(['image', 'video', 'gif']),
  altText: z.string().optional(),
  mimeType: z.string().optional(),
  byteLength: z.number().int().nonnegative().optional(),
  fileName: z.string().optional(),
  /** Pixels, where known: some platforms limit them. */
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
})
export type MediaItem = z.infer<typeof mediaItemSchema>

/** One part of a thread after the first (the post's caption is the first part). */
export const threadPartSchema = z.object({
  text: z.string(),
  media: z.array(mediaItemSchema).optional(),
})
export type ThreadPart = z.infer<typeof threadPartSchema>

/**
 * What the platform answered for a reply the post sent after itself: each
 * part of its thread in order (`part`, numbered from 1 after the caption),
 * then its first comment (`first_comment`). Written by the publisher only;
 * a step already here is never sent again.
 */
export const followUpResultSchema = z.object({
  kind: z.enum(['part', 'first_comment']),
  index: z.number().int().nonnegative(),
  platformPostId: z.string(),
  platformUrl: z.string().optional(),
  publishedAt: z.string(),
})
export type FollowUpResult = z.infer<typeof followUpResultSchema>

export const approvalDataSchema = z.object({
  requestedBy: z.string().optional(),
  requestedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  note: z.string().optional(),
})
export type ApprovalData = z.infer<typeof approvalDataSchema>

export const placeholderSchema = z.object({
  key: z.string(),
  label: z.string(),
  fallback: z.string().optional(),
})
export type Placeholder = z.infer<typeof placeholderSchema>

export const draftLinkSchema = z.object({ label: z.string(), url: z.string() })
export type DraftLink = z.infer<typeof draftLinkSchema>

/** Free-form metadata bags (platform answers, audit details) stay open. */
export type JsonObject = { [key: string]: unknown }
