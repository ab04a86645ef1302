/**
 * An organization's stored settings (`organizations.settings`) read with
 * defaults: what the scheduler reads at claim time, what sync reads to know
 * whether the server publishes, and what Settings → Publishing starts from.
 * Kept apart from the publishing-settings service so those readers need
 * nothing of the service (which itself asks sync what the server holds).
 */
import { eq } from 'drizzle-orm'
import { publishingSettingsSchema, type PublishingSettings } from '../../src-shared/entities/models'
import type { OrgDb } from '../db/open'
import { organizations } from '../db/schema/org'

/** The stored settings with defaults for anything missing or unreadable. */
export function readPublishingSettings(db: OrgDb, orgId: string): PublishingSettings {
  const row = db
    .select({ settings: organizations.settings })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .get()
  const parsed = publishingSettingsSchema.safeParse(row?.settings ?? {})
  // serverChannels is an answer, never a stored setting.
  const { serverChannels: _answerOnly, ...settings } = parsed.success ? parsed.data : publishingSettingsSchema.parse({})
  return settings
}
