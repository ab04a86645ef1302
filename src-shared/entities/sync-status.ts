/** What the UI shows about each organization's sync, always visible, and about the person's own data. */
import { z } from 'zod'

export const SYNC_STATES = ['local', 'idle', 'syncing', 'offline', 'error', 'signed_out'] as const
export type SyncState = (typeof SYNC_STATES)[number]

export const orgSyncStatusSchema = z.object({
  orgId: z.string(),
  state: z.enum(SYNC_STATES),
  // Why it is offline or failing, in words that say what to do.
  message: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
  // Local changes not yet accepted by the server.
  pending: z.number().int().nonnegative(),
})
export type OrgSyncStatus = z.infer<typeof orgSyncStatusSchema>

/**
 * The sync of the person's own data (account.sqlite: profile and preferences, subscriptions, Start Pages, the
 * onboarding draft) with their own change log: as an organization's, without an org.
 */
export const ownDataSyncStatusSchema = orgSyncStatusSchema.omit({ orgId: true })
export type OwnDataSyncStatus = z.infer<typeof ownDataSyncStatusSchema>
