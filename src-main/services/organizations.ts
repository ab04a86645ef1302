/**
 * Organizations on this device. Creating one needs no server: it gets its
 * own database file with the creator as owner. Deleting a local one removes
 * the file.
 */
import { and, eq, isNull } from 'drizzle-orm'
import { AppError } from '../../src-shared/api/errors'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import type { Organization } from '../../src-shared/entities/models'
import { newId } from '../core/ids'
import type { OrgDb } from '../db/open'
import { memberships, organizations } from '../db/schema/org'
import { attachedServer } from '../sync/sync-state'
import { recordChange } from '../sync/outbox'
import type { ServiceContext } from '../core/context'
import { requireProfile, updatePreferences } from './profile'

function readOrganization(db: OrgDb, orgId: string, userId: string): Organization | null {
  const org = db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, orgId), isNull(organizations.deletedAt)))
    .get()
  if (!org) return null
  const member = db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId), isNull(memberships.deletedAt)))
    .get()
  if (!member) return null
  return {
    id: org.id,
    name: org.name,
    ownerId: org.ownerId,
    timezone: org.timezone,
    createdAt: org.createdAt,
    role: member.role,
    syncMode: attachedServer(db.$client) ? 'synced' : 'local',
  }
}

export function listOrganizations(ctx: ServiceContext): Organization[] {
  const profile = requireProfile(ctx)
  return ctx.dbs
    .listOrgIds()
    .map((orgId) => readOrganization(ctx.dbs.org(orgId), orgId, profile.id))
    .filter((org): org is Organization => org !== null)
    .sort((a, b) => a.name.localeCompare(b.name))
}

export function getOrganization(ctx: ServiceContext, orgId: string): Organization {
  const profile = requireProfile(ctx)
  const org = readOrganization(ctx.dbs.org(orgId), orgId, profile.id)
  if (!org) throw new AppError('not_found', `There is no organization with id "${orgId}" that you belong to.`)
  return org
}

export function createOrganization(ctx: ServiceContext, input: ApiParsedInput<'createOrganization'>): Organization {
  const profile = requireProfile(ctx)
  const now = ctx.clock.now()
  const org = {
    id: newId(),
    name: input.name,
    ownerId: profile.id,
    timezone: input.timezone,
    createdAt: now.toISOString(),
  }
  const member = {
    id: newId(),
    orgId: org.id,
    userId: profile.id,
    role: 'owner' as const,
    userName: profile.name,
    userEmail: profile.email,
    createdAt: org.createdAt,
  }
  const db = ctx.dbs.org(org.id, { create: true })
  db.transaction((tx) => {
    tx.insert(organizations).values(org).run()
    tx.insert(memberships).values(member).run()
    recordChange(
      tx,
      { userId: profile.id, orgId: org.id },
      now,
      [
        { table: organizations, rowId: org.id, values: org },
        { table: memberships, rowId: member.id, values: member },
      ],
      { action: 'organization.created', entityType: 'organization', entityId: org.id, meta: { name: org.name } },
    )
  })
  updatePreferences(ctx, { activeOrgId: org.id })
  ctx.emit({ type: 'organizations.changed' })
  return getOrganization(ctx, org.id)
}

/** Owners and admins may change an organization's settings. */
function requireManager(org: Organization): void {
  if (org.role !== 'owner' && org.role !== 'admin') {
    throw new AppError(
      'forbidden',
      `Only an owner or admin can change "${org.name}"; you are ${org.role === 'editor' ? 'an' : 'a'} ${org.role}.`,
    )
  }
}

export function renameOrganization(ctx: ServiceContext, input: ApiParsedInput<'renameOrganization'>): Organization {
  const org = getOrganization(ctx, input.orgId)
  requireManager(org)
  const now = ctx.clock.now()
  ctx.dbs.org(org.id).transaction((tx) => {
    tx.update(organizations).set({ name: input.name }).where(eq(organizations.id, org.id)).run()
    recordChange(
      tx,
      { userId: requireProfile(ctx).id, orgId: org.id },
      now,
      [{ table: organizations, rowId: org.id, values: { name: input.name } }],
      {
        action: 'organization.renamed',
        entityType: 'organization',
        entityId: org.id,
        meta: { from: org.name, to: input.name },
      },
    )
  })
  ctx.emit({ type: 'organizations.changed' })
  return getOrganization(ctx, org.id)
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
