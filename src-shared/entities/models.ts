/**
 * What the API returns: the entities as the renderer (and later the sync
 * server) sees them, with camelCase fields and parsed JSON.
 */
import { z } from 'zod'
import { PLATFORMS, POST_STATUSES, ROLES } from './enums'
import { approvalDataSchema, mediaItemSchema, userPreferencesSchema } from './json-shapes'

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
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Post = z.infer<typeof postSchema>

export const auditEntrySchema = z.object({
  id: z.string(),
  userId: z.string().nullable(),
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
