/** An organization's publishing settings, and opening published posts' links. */
import { eq } from 'drizzle-orm'
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import { publishingSettingsSchema, type PublishingSettings } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { organizations } from '../db/schema/org'
import { recordChange } from '../sync/outbox'
import type { ServiceContext } from '../core/context'
import { getOrganization } from './organizations'
import { requireProfile } from './profile'
import { serverCredentialsSummary } from '../sync/channel-credentials'
import { readPublishingSettings } from './stored-settings'
import { attachedServer } from '../sync/sync-state'

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

export function updatePublishingSettings(
  ctx: ServiceContext,
  input: ApiParsedInput<'updatePublishingSettings'>,
): ApiOutput<'updatePublishingSettings'> {
  const org = getOrganization(ctx, input.orgId)
  if (!can(org.role, 'org.manage') && !can(org.role, 'channels.manage')) {
    throw new AppError('forbidden', `As a ${org.role} in "${org.name}" you cannot change its publishing settings.`)
  }
  const db = ctx.dbs.org(org.id)
  const { serverChannels: _answerOnly, ...changes } = input.settings
  const settings = publishingSettingsSchema.parse({ ...readPublishingSettings(db, org.id), ...changes })
  db.transaction((tx) => {
    tx.update(organizations).set({ settings }).where(eq(organizations.id, org.id)).run()
    recordChange(
      tx,
      { userId: requireProfile(ctx).id, orgId: org.id },
      ctx.clock.now(),
      [{ table: organizations, rowId: org.id, values: { settings } }],
      {
        action: 'organization.publishing_settings_changed',
        entityType: 'organization',
        entityId: org.id,
        meta: { ...input.settings },
      },
    )
  })
  ctx.emit({ type: 'organizations.changed' })
  // The recorded change asks sync for a round, whose end hands channel sign-ins to the server or takes them back.
  ctx.publishing.scheduleChanged(org.id)
  return withServerChannels(ctx, org.id, settings)
}

export async function openExternal(
  ctx: ServiceContext,
  input: ApiParsedInput<'openExternal'>,
): Promise<ApiOutput<'openExternal'>> {
  // Only web links leave the app: never file:, javascript: or custom schemes.
  if (new URL(input.url).protocol !== 'https:') {
    throw new AppError('invalid_input', `Only https:// links open in the browser; "${input.url}" is not one.`, [
      { path: 'url', message: 'must start with https://' },
    ])
  }
  if (!ctx.openExternal) return { opened: false }
  await ctx.openExternal(input.url)
  return { opened: true }
}
