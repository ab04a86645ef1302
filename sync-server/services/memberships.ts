/**
 * Who belongs to which organization, read from the memberships and
 * organizations tables (which the server alone changes in the fields that
 * matter here: user_id, role, owner_id, deleted_at).
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Role } from '../../src-shared/entities/enums'
import type { Member, OrgSummary } from '../../src-shared/sync/server-api'
import type { Db } from '../db/open'
import { memberships, organizations, users } from '../db/schema'
import { HttpError } from '../errors'

export interface Membership {
  membershipId: string
  role: Role
}

export async function findMembership(db: Db, orgId: string, userId: string): Promise<Membership | null> {
  const [row] = await db
    .select({ membershipId: memberships.id, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId), isNull(memberships.deletedAt)))
  return row?.role ? { membershipId: row.membershipId, role: row.role } : null
}

export async function orgExists(db: Db, orgId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.id, orgId), isNull(organizations.deletedAt)))
  return Boolean(row)
}

/**
 * The caller's membership, or the reason there is none: 404 when the
 * organization is not on this server (the desktop should attach it), 403
 * not_a_member when it is but the caller does not belong (the desktop
 * should drop its copy).
 */
export async function requireMembership(db: Db, orgId: string, userId: string): Promise<Membership> {
  const membership = await findMembership(db, orgId, userId)
  if (membership) return membership
  if (!(await orgExists(db, orgId))) {
    throw new HttpError('not_found', `There is no organization "${orgId}" on this server; attach it first.`)
  }
  throw new HttpError(
    'not_a_member',
    `You are not a member of organization "${orgId}" (you may have been removed); its data stays only with its members.`,
  )
}

const MANAGERS: readonly Role[] = ['owner', 'admin']

export async function requireManager(db: Db, orgId: string, userId: string): Promise<Membership> {
  const membership = await requireMembership(db, orgId, userId)
  if (!MANAGERS.includes(membership.role)) {
    throw new HttpError('forbidden', `Only an owner or admin can manage members; you are a ${membership.role}.`)
  }
  return membership
}

export async function orgsOf(db: Db, userId: string): Promise<OrgSummary[]> {
  const rows = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      timezone: organizations.timezone,
      ownerId: organizations.ownerId,
      role: memberships.role,
      membershipId: memberships.id,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), isNull(memberships.deletedAt), isNull(organizations.deletedAt)))
    .orderBy(asc(organizations.name))
  return rows.map((row) => ({
    id: row.id,
    name: row.name ?? '',
    timezone: row.timezone ?? 'UTC',
    ownerId: row.ownerId ?? '',
    role: row.role ?? 'viewer',
    membershipId: row.membershipId,
  }))
}

export async function orgSummary(db: Db, orgId: string, userId: string): Promise<OrgSummary> {
  const org = (await orgsOf(db, userId)).find((o) => o.id === orgId)
  if (!org) throw new HttpError('not_found', `There is no organization "${orgId}" that you belong to.`)
  return org
}

export async function membersOf(db: Db, orgId: string): Promise<Member[]> {
  const rows = await db
    .select({
      membershipId: memberships.id,
      userId: memberships.userId,
      role: memberships.role,
      createdAt: memberships.createdAt,
      userName: memberships.userName,
      name: users.name,
      email: users.email,
    })
    .from(memberships)
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), isNull(memberships.deletedAt)))
    .orderBy(asc(memberships.createdAt))
  return rows.map((row) => ({
    membershipId: row.membershipId,
    userId: row.userId ?? '',
    name: row.name ?? row.userName ?? '',
    email: row.email,
    role: row.role ?? 'viewer',
    createdAt: row.createdAt ?? '',
  }))
}

/** The user ids that belong to an organization now (for the live socket's re-check). */
export async function memberIds(db: Db, orgId: string): Promise<Set<string>> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), isNull(memberships.deletedAt)))
  return new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))
}
