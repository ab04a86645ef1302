/** An organization's publishing settings. */
import { eq } from 'drizzle-orm'
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import { publishingSettingsSchema, type Organization, type PublishingSettings } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { organizations } from '../db/schema/org'
import type { ServiceContext } from '../core/context'
import { getOrganization } from './org-access'
import { mutateOrg, type OrgMutation } from './org-mutation'
import { serverCredentialsSummary } from '../sync/channel-credentials'
import { readPublishingSettings } from './stored-settings'
import { attachedServer } from '../sync/sync-state'
import type { publishingSettingsApi } from '../../src-shared/api/publishing-settings'
import type { HandlersFor } from '../core/handlers'

/** The settings with, while server publishing is on in an org that syncs, what the server can publish. */
function withServerChannels(ctx: ServiceContext, orgId: string, settings: PublishingSettings): PublishingSettings {
  const db = ctx.dbs.org(orgId)
  if (!settings.serverPublishing || !attachedServer(db.$client)) return settings
  return { ...settings, serverChannels: serverCredentialsSummary(db) }
}

export function getPublishingSettings(
  ctx: ServiceContext,
  input: ApiParsedInput<'getPublishingSettings'>,
): ApiOutput<'getPublishingSettings'> {
  const org = getOrganization(ctx, input.orgId)
  return withServerChannels(ctx, org.id, readPublishingSettings(ctx.dbs.org(org.id), org.id))
}

function requireSettingsManager(org: Organization): void {
  if (!can(org.role, 'org.manage') && !can(org.role, 'channels.manage')) {
    throw new AppError('forbidden', `As a ${org.role} in "${org.name}" you cannot change its publishing settings.`)
  }
}

/** Settings change what the loop may publish (late window, who holds a channel): it looks again. */
const settingsWrite: OrgMutation = { allow: requireSettingsManager, changed: ['organizations', 'schedule'] }

export function updatePublishingSettings(
  ctx: ServiceContext,
  input: ApiParsedInput<'updatePublishingSettings'>,
): ApiOutput<'updatePublishingSettings'> {
  // The recorded change asks sync for a round, whose end hands channel sign-ins to the server or takes them back.
  const settings = mutateOrg(ctx, input.orgId, settingsWrite, ({ org, db, tx, record }) => {
    const { serverChannels: _answerOnly, ...changes } = input.settings
    const settings = publishingSettingsSchema.parse({ ...readPublishingSettings(db, org.id), ...changes })
    // Other settings share the column (Engage's, services/engage-settings.ts): they are kept as stored.
    const stored = tx
      .select({ settings: organizations.settings })
      .from(organizations)
      .where(eq(organizations.id, org.id))
      .get()
    const column = { ...stored?.settings, ...settings }
    tx.update(organizations).set({ settings: column }).where(eq(organizations.id, org.id)).run()
    record([{ table: organizations, rowId: org.id, values: { settings: column } }], {
      action: 'organization.publishing_settings_changed',
      entityType: 'organization',
      entityId: org.id,
      meta: { ...input.settings },
    })
    return settings
  })
  return withServerChannels(ctx, input.orgId, settings)
}

export const publishingSettingsHandlers = {
  getPublishingSettings: (ctx, input) => getPublishingSettings(ctx, input),
  updatePublishingSettings: (ctx, input) => updatePublishingSettings(ctx, input),
} satisfies HandlersFor<typeof publishingSettingsApi>
