/**
 * Organizations on the server. A desktop attaches an organization it made
 * offline under the id it already has; the caller becomes its owner. Doing
 * it again (a retry after a lost answer) is harmless.
 */
import { eq } from 'drizzle-orm'
import type { z } from 'zod'
import type { createOrgRequestSchema, OrgSummary } from '../../src-shared/sync/server-api'
import type { ServerContext } from '../context'
import { organizations, users } from '../db/schema'
import { HttpError } from '../errors'
import { newServerId } from '../ids'
import { pokeOrg, writeServerChange } from '../sync/server-changes'
import { lockOrg, rowsOfOtherOrgs } from '../sync/store'
import { findMembership, orgSummary } from './memberships'
import type { Auth } from './sessions'

export async function createOrganization(
  ctx: ServerContext,
  auth: Auth,
  input: z.output<typeof createOrgRequestSchema>,
): Promise<{ org: OrgSummary; created: boolean }> {
  const outcome = await ctx.db.transaction(async (tx) => {
    // Two attaches of the same id wait for each other here, so only one creates it.
    await lockOrg(tx, input.id)
    const [existing] = await tx.select().from(organizations).where(eq(organizations.id, input.id))
    if (existing) {
      const membership = await findMembership(tx, input.id, auth.userId)
      if (existing.ownerId === auth.userId && membership && !existing.deletedAt) return { seq: null }
      throw new HttpError('conflict', `The organization id "${input.id}" is already taken on this server.`, {
        field: 'id',
      })
    }
    const membershipId = input.membershipId ?? newServerId()
    if ((await rowsOfOtherOrgs(tx, input.id, [{ table: 'memberships', rowId: membershipId }])).size > 0) {
      throw new HttpError('conflict', `The membership id "${membershipId}" is already used on this server.`, {
        field: 'membershipId',
      })
    }
    const [user] = await tx.select().from(users).where(eq(users.id, auth.userId))
    const createdAt = input.createdAt ? new Date(input.createdAt).toISOString() : ctx.clock.now().toISOString()
    const seq = await writeServerChange(
      tx,
      ctx,
      input.id,
      [
        {
          table: 'organizations',
          rowId: input.id,
          values: {
            id: input.id,
            name: input.name,
            owner_id: auth.userId,
            timezone: input.timezone,
            created_at: createdAt,
          },
        },
        {
          table: 'memberships',
          rowId: membershipId,
          values: {
            id: membershipId,
            org_id: input.id,
            user_id: auth.userId,
            role: 'owner',
            user_name: user?.name ?? '',
            user_email: user?.email ?? null,
            created_at: createdAt,
          },
        },
      ],
      { userId: auth.userId, action: 'organization.attached', entityType: 'organization', entityId: input.id },
    )
    return { seq }
  })
  if (outcome.seq !== null) await pokeOrg(ctx, input.id, outcome.seq)
  return { org: await orgSummary(ctx.db, input.id, auth.userId), created: outcome.seq !== null }
}
