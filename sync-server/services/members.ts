/**
 * Changing who belongs: roles and removal. Owners and admins manage
 * members; only an owner touches another owner; an organization always
 * keeps at least one owner. Removal takes effect at once: the next push or
 * pull answers not_a_member and the live socket stops telling them anything.
 */
import { and, eq, isNull } from 'drizzle-orm'
import type { Role } from '../../src-shared/entities/enums'
import type { Member } from '../../src-shared/sync/server-api'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { memberships } from '../db/schema'
import { HttpError } from '../errors'
import { pokeOrg, writeServerChange } from '../sync/server-changes'
import { lockOrg } from '../sync/store'
import { findMembership, membersOf, requireManager, requireMembership } from './memberships'
import type { Auth } from './sessions'

export async function listMembers(ctx: ServerContext, auth: Auth, orgId: string): Promise<Member[]> {
  await requireMembership(ctx.db, orgId, auth.userId)
  return membersOf(ctx.db, orgId)
}

async function ownerCount(tx: Db, orgId: string): Promise<number> {
  const owners = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner'), isNull(memberships.deletedAt)))
  return owners.length
}

async function requireTarget(tx: Db, orgId: string, userId: string) {
  const target = await findMembership(tx, orgId, userId)
  if (!target) throw new HttpError('not_found', `User "${userId}" is not a member of this organization.`)
  return target
}

export async function changeRole(
  ctx: ServerContext,
  auth: Auth,
  orgId: string,
  userId: string,
  role: Role,
): Promise<Member> {
  const seq = await ctx.db.transaction(async (tx) => {
    // Serializes member changes of the org, so two demotions cannot both pass the last-owner check.
    await lockOrg(tx, orgId)
    const actor = await requireManager(tx, orgId, auth.userId)
    const target = await requireTarget(tx, orgId, userId)
    if (target.role === role) return null
    if ((role === 'owner' || target.role === 'owner') && actor.role !== 'owner') {
      throw new HttpError('forbidden', 'Only an owner can make someone an owner or change an owner’s role.')
    }
    if (target.role === 'owner' && (await ownerCount(tx, orgId)) <= 1) {
      throw new HttpError('conflict', 'This is the organization’s last owner; make someone else an owner first.')
    }
    return writeServerChange(tx, ctx, orgId, [{ table: 'memberships', rowId: target.membershipId, values: { role } }], {
      userId: auth.userId,
      action: 'member.role_changed',
      entityType: 'membership',
      entityId: target.membershipId,
      meta: { userId, from: target.role, to: role },
    })
  })
  if (seq !== null) await pokeOrg(ctx, orgId, seq)
  const member = (await membersOf(ctx.db, orgId)).find((m) => m.userId === userId)
  return member!
}

/** Removes a member (owners and admins), or lets a member leave. */
export async function removeMember(ctx: ServerContext, auth: Auth, orgId: string, userId: string): Promise<void> {
  const seq = await ctx.db.transaction(async (tx) => {
    await lockOrg(tx, orgId)
    const leaving = userId === auth.userId
    const actor = leaving
      ? await requireMembership(tx, orgId, auth.userId)
      : await requireManager(tx, orgId, auth.userId)
    const target = await requireTarget(tx, orgId, userId)
    if (target.role === 'owner' && actor.role !== 'owner') {
      throw new HttpError('forbidden', 'Only an owner can remove an owner.')
    }
    if (target.role === 'owner' && (await ownerCount(tx, orgId)) <= 1) {
      throw new HttpError(
        'conflict',
        leaving
          ? 'You are the organization’s last owner; make someone else an owner before you leave.'
          : 'This is the organization’s last owner; it cannot be removed.',
      )
    }
    return writeServerChange(
      tx,
      ctx,
      orgId,
      [{ table: 'memberships', rowId: target.membershipId, values: { deleted_at: ctx.clock.now().toISOString() } }],
      {
        userId: auth.userId,
        action: leaving ? 'member.left' : 'member.removed',
        entityType: 'membership',
        entityId: target.membershipId,
        meta: { userId, role: target.role },
      },
    )
  })
  await pokeOrg(ctx, orgId, seq)
}
