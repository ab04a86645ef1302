/**
 * Which organizations the person on this device belongs to, and as what:
 * every org-scoped service starts here, so someone who is not a member (or
 * an id that is not an organization) gets the same answer everywhere.
 */
import { and, eq, isNull } from 'drizzle-orm'
import { AppError } from '../../src-shared/api/errors'
import type { Organization } from '../../src-shared/entities/models'
import type { ServiceContext } from '../core/context'
import type { OrgDb } from '../db/open'
import { memberships, organizations } from '../db/schema/org'
import { attachedServer } from '../sync/sync-state'
import { requireProfile } from './profile'

/** The organization in this file as `userId` sees it, or null when it is gone or they are not a member. */
export function readOrganization(db: OrgDb, orgId: string, userId: string): Organization | null {
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

/** The organization, with the person's role in it, or an error that says they do not belong to one by that id. */
export function getOrganization(ctx: ServiceContext, orgId: string): Organization {
  const profile = requireProfile(ctx)
  const org = readOrganization(ctx.dbs.org(orgId), orgId, profile.id)
  if (!org) throw new AppError('not_found', `There is no organization with id "${orgId}" that you belong to.`)
  return org
}

/** Owners and admins may change an organization's settings. */
export function requireManager(org: Organization): void {
  if (org.role !== 'owner' && org.role !== 'admin') {
    throw new AppError(
      'forbidden',
      `Only an owner or admin can change "${org.name}"; you are ${org.role === 'editor' ? 'an' : 'a'} ${org.role}.`,
    )
  }
}
