/**
 * An organization's Engage settings, kept under `engage` in organizations.settings beside the publishing ones:
 * whether a contributor's reply goes out without an approver's yes. Everyone reads them (the reply box says
 * whether a reply will wait for approval); owners and admins change them.
 */
import { eq } from 'drizzle-orm'
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import type { EngageSettings } from '../../src-shared/api/replies'
import { contributorsMayReplyIn } from '../../src-shared/engage/reply-rules'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import type { ServiceContext } from '../core/context'
import type { OrgDb } from '../db/open'
import { organizations } from '../db/schema/org'
import { getOrganization, requireManager } from './org-access'
import { mutateOrg } from './org-mutation'

function storedSettings(db: OrgDb, orgId: string): JsonObject {
  const row = db
    .select({ settings: organizations.settings })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .get()
  return row?.settings ?? {}
}

export function readEngageSettings(db: OrgDb, orgId: string): EngageSettings {
  return { contributorsMayReply: contributorsMayReplyIn(storedSettings(db, orgId)) }
}

export function getEngageSettings(
  ctx: ServiceContext,
  input: ApiParsedInput<'getEngageSettings'>,
): ApiOutput<'getEngageSettings'> {
  const org = getOrganization(ctx, input.orgId)
  return readEngageSettings(ctx.dbs.org(org.id), org.id)
}

export function setEngageSettings(
  ctx: ServiceContext,
  input: ApiParsedInput<'setEngageSettings'>,
): ApiOutput<'setEngageSettings'> {
  return mutateOrg(
    ctx,
    input.orgId,
    { allow: requireManager, changed: ['organizations'] },
    ({ org, db, tx, record }) => {
      const engage = { contributorsMayReply: input.contributorsMayReply }
      // The publishing settings share the column: they stay as they are.
      const settings = { ...storedSettings(db, org.id), engage }
      tx.update(organizations).set({ settings }).where(eq(organizations.id, org.id)).run()
      record([{ table: organizations, rowId: org.id, values: { settings } }], {
        action: 'organization.engage_settings_changed',
        entityType: 'organization',
        entityId: org.id,
        meta: engage,
      })
      return engage
    },
  )
}
