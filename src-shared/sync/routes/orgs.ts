/** Organizations, members and invitations (sync-server/routes/orgs.ts). */
import { z } from 'zod'
import {
  acceptInvitationRequestSchema,
  changeRoleRequestSchema,
  createdInvitationSchema,
  createInvitationRequestSchema,
  createOrgRequestSchema,
  invitationsResponseSchema,
  memberSchema,
  membersResponseSchema,
  orgResponseSchema,
  serverIdSchema,
} from '../server-api'
import { noContent, orgParams, type ServerRoute } from './route'

const memberParams = orgParams.extend({ userId: serverIdSchema })
const invitationParams = orgParams.extend({ invitationId: serverIdSchema })

export const orgRoutes = {
  /** 201 when made, 200 when the same org was attached before (the desktop retries). */
  createOrg: { method: 'POST', path: '/v1/orgs', body: createOrgRequestSchema, response: orgResponseSchema },
  listMembers: {
    method: 'GET',
    path: '/v1/orgs/:orgId/members',
    params: orgParams,
    response: membersResponseSchema,
  },
  changeMemberRole: {
    method: 'PATCH',
    path: '/v1/orgs/:orgId/members/:userId',
    params: memberParams,
    body: changeRoleRequestSchema,
    response: z.object({ member: memberSchema }),
  },
  removeMember: {
    method: 'DELETE',
    path: '/v1/orgs/:orgId/members/:userId',
    params: memberParams,
    response: noContent,
  },
  createInvitation: {
    method: 'POST',
    path: '/v1/orgs/:orgId/invitations',
    params: orgParams,
    body: createInvitationRequestSchema,
    optionalBody: true,
    response: createdInvitationSchema,
  },
  listInvitations: {
    method: 'GET',
    path: '/v1/orgs/:orgId/invitations',
    params: orgParams,
    response: invitationsResponseSchema,
  },
  revokeInvitation: {
    method: 'DELETE',
    path: '/v1/orgs/:orgId/invitations/:invitationId',
    params: invitationParams,
    response: noContent,
  },
  acceptInvitation: {
    method: 'POST',
    path: '/v1/invitations/accept',
    body: acceptInvitationRequestSchema,
    response: orgResponseSchema,
  },
} as const satisfies Record<string, ServerRoute>
