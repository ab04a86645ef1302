/**
 * Settings → Team, beyond members: the organization's open invitations on
 * its sync server, and withdrawing one. A local-only organization has none.
 */
import type { teamApi } from '../../src-shared/api/team'
import type { ServiceContext } from '../core/context'
import type { HandlersFor } from '../core/handlers'
import { attachedServer } from '../sync/sync-state'
import { getOrganization } from './org-access'
import { client, talk } from './sync'

export async function listInvitations(ctx: ServiceContext, orgId: string) {
  const org = getOrganization(ctx, orgId)
  if (!attachedServer(ctx.dbs.org(org.id).$client)) return []
  const { invitations } = await talk(() => client(ctx).call('listInvitations', { params: { orgId: org.id } }))
  return invitations.map(({ id, role, email, emailSentAt, createdAt, expiresAt }) => ({
    id,
    role,
    email,
    emailSentAt,
    createdAt,
    expiresAt,
  }))
}

export async function revokeInvitation(ctx: ServiceContext, orgId: string, invitationId: string) {
  const org = getOrganization(ctx, orgId)
  await talk(() => client(ctx).call('revokeInvitation', { params: { orgId: org.id, invitationId } }))
  return listInvitations(ctx, org.id)
}

export const teamHandlers = {
  listInvitations: (ctx, input) => listInvitations(ctx, input.orgId),
  revokeInvitation: (ctx, input) => revokeInvitation(ctx, input.orgId, input.invitationId),
} satisfies HandlersFor<typeof teamApi>
