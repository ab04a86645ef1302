/**
 * Organizations on this device. Creating one needs no server: it gets its
 * own database file with the creator as owner. Deleting a local one removes
 * the file.
 */
import { eq } from 'drizzle-orm'
import type { organizationsApi } from '../../src-shared/api/organizations'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { Organization } from '../../src-shared/entities/models'
import type { ServiceContext } from '../core/context'
import type { HandlersFor } from '../core/handlers'
import { newId } from '../core/ids'
import { memberships, organizations } from '../db/schema/org'
import { getOrganization, readOrganization, requireManager } from './org-access'
import { mutateOrg, writeOrg } from './org-mutation'
import { requireProfile, updatePreferences } from './profile'
import { replanQueue } from './queue-replan'

export function listOrganizations(ctx: ServiceContext): Organization[] {
  const profile = requireProfile(ctx)
  return ctx.dbs
    .listOrgIds()
    .map((orgId) => readOrganization(ctx.dbs.org(orgId), orgId, profile.id))
    .filter((org): org is Organization => org !== null)
    .sort((a, b) => a.name.localeCompare(b.name))
}

export function createOrganization(ctx: ServiceContext, input: ApiParsedInput<'createOrganization'>): Organization {
  const profile = requireProfile(ctx)
  const createdAt = ctx.clock.now().toISOString()
  const org = { id: newId(), name: input.name, ownerId: profile.id, timezone: input.timezone, createdAt }
  const member = {
    id: newId(),
    orgId: org.id,
    userId: profile.id,
    role: 'owner' as const,
    userName: profile.name,
    userEmail: profile.email,
    createdAt,
  }
  // A new organization is its own file; nobody can be a member of it before this write.
  ctx.dbs.org(org.id, { create: true })
  writeOrg(ctx, org.id, { userId: profile.id, changed: ['organizations'] }, ({ tx, record }) => {
    tx.insert(organizations).values(org).run()
    tx.insert(memberships).values(member).run()
    record(
      [
        { table: organizations, rowId: org.id, values: org },
        { table: memberships, rowId: member.id, values: member },
      ],
      { action: 'organization.created', entityType: 'organization', entityId: org.id, meta: { name: org.name } },
    )
  })
  updatePreferences(ctx, { activeOrgId: org.id })
  return getOrganization(ctx, org.id)
}

export function renameOrganization(ctx: ServiceContext, input: ApiParsedInput<'renameOrganization'>): Organization {
  return mutateOrg(ctx, input.orgId, { allow: requireManager, changed: ['organizations'] }, ({ org, tx, record }) => {
    tx.update(organizations).set({ name: input.name }).where(eq(organizations.id, org.id)).run()
    record([{ table: organizations, rowId: org.id, values: { name: input.name } }], {
      action: 'organization.renamed',
      entityType: 'organization',
      entityId: org.id,
      meta: { from: org.name, to: input.name },
    })
    return { ...org, name: input.name }
  })
}

/**
 * The zone the organization plans in. Every post keeps its instant (times are stored in UTC); channels keep
 * their own schedules, so nothing moves until someone asks for replanQueue.
 */
export function setOrganizationTimezone(
  ctx: ServiceContext,
  input: ApiParsedInput<'setOrganizationTimezone'>,
): Organization {
  return mutateOrg(ctx, input.orgId, { allow: requireManager, changed: ['organizations'] }, ({ org, tx, record }) => {
    if (org.timezone === input.timezone) return org
    tx.update(organizations).set({ timezone: input.timezone }).where(eq(organizations.id, org.id)).run()
    record([{ table: organizations, rowId: org.id, values: { timezone: input.timezone } }], {
      action: 'organization.timezone_changed',
      entityType: 'organization',
      entityId: org.id,
      meta: { from: org.timezone, to: input.timezone },
    })
    return { ...org, timezone: input.timezone }
  })
}

export function setActiveOrganization(ctx: ServiceContext, orgId: string) {
  getOrganization(ctx, orgId)
  return updatePreferences(ctx, { activeOrgId: orgId })
}

export function deleteOrganization(ctx: ServiceContext, orgId: string): { deleted: true } {
  const org = getOrganization(ctx, orgId)
  if (org.role !== 'owner') throw new AppError('forbidden', `Only the owner can delete "${org.name}".`)
  ctx.dbs.removeOrg(orgId)
  const profile = requireProfile(ctx)
  if (profile.preferences.activeOrgId === orgId) {
    updatePreferences(ctx, { activeOrgId: listOrganizations(ctx)[0]?.id ?? null })
  }
  ctx.emit({ type: 'organizations.changed' })
  return { deleted: true }
}

export const organizationsHandlers = {
  listOrganizations: (ctx) => listOrganizations(ctx),
  createOrganization: (ctx, input) => createOrganization(ctx, input),
  renameOrganization: (ctx, input) => renameOrganization(ctx, input),
  setOrganizationTimezone: (ctx, input) => setOrganizationTimezone(ctx, input),
  replanQueue: (ctx, input) => replanQueue(ctx, input),
  setActiveOrganization: (ctx, input) => setActiveOrganization(ctx, input.orgId),
  deleteOrganization: (ctx, input) => deleteOrganization(ctx, input.orgId),
} satisfies HandlersFor<typeof organizationsApi>
