/** Organizations, members and invitations. Handlers validate, call a service, and answer. */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  acceptInvitationRequestSchema,
  changeRoleRequestSchema,
  createInvitationRequestSchema,
  createOrgRequestSchema,
  serverIdSchema,
} from '../../src-shared/sync/server-api'
import type { ServerContext } from '../context'
import { parseInput } from '../errors'
import { acceptInvitation, createInvitation, listInvitations, revokeInvitation } from '../services/invitations'
import { changeRole, listMembers, removeMember } from '../services/members'
import { createOrganization } from '../services/organizations'
import { authenticate } from '../services/sessions'

const orgParams = z.object({ orgId: serverIdSchema })
const memberParams = orgParams.extend({ userId: serverIdSchema })
const invitationParams = orgParams.extend({ invitationId: serverIdSchema })

export async function orgRoutes(app: FastifyInstance, ctx: ServerContext) {
  const auth = (request: FastifyRequest) => authenticate(ctx, request.headers.authorization)
  const baseUrl = (request: FastifyRequest) => ctx.config.publicUrl ?? `${request.protocol}://${request.host}`

  app.post('/v1/orgs', async (request, reply) => {
    const caller = await auth(request)
    const { org, created } = await createOrganization(ctx, caller, parseInput(createOrgRequestSchema, request.body))
    reply.code(created ? 201 : 200)
    return { org }
  })

  app.get('/v1/orgs/:orgId/members', async (request) => {
    const caller = await auth(request)
    const { orgId } = parseInput(orgParams, request.params, 'address')
    return { members: await listMembers(ctx, caller, orgId) }
  })

  app.patch('/v1/orgs/:orgId/members/:userId', async (request) => {
    const caller = await auth(request)
    const { orgId, userId } = parseInput(memberParams, request.params, 'address')
    const { role } = parseInput(changeRoleRequestSchema, request.body)
    return { member: await changeRole(ctx, caller, orgId, userId, role) }
  })

  app.delete('/v1/orgs/:orgId/members/:userId', async (request, reply) => {
    const caller = await auth(request)
    const { orgId, userId } = parseInput(memberParams, request.params, 'address')
    await removeMember(ctx, caller, orgId, userId)
    return reply.code(204).send()
  })

  app.post('/v1/orgs/:orgId/invitations', async (request, reply) => {
    const caller = await auth(request)
    const { orgId } = parseInput(orgParams, request.params, 'address')
    const input = parseInput(createInvitationRequestSchema, request.body ?? {})
    reply.code(201)
    return createInvitation(ctx, caller, orgId, input, baseUrl(request))
  })

  app.get('/v1/orgs/:orgId/invitations', async (request) => {
    const caller = await auth(request)
    const { orgId } = parseInput(orgParams, request.params, 'address')
    return { invitations: await listInvitations(ctx, caller, orgId) }
  })

  app.delete('/v1/orgs/:orgId/invitations/:invitationId', async (request, reply) => {
    const caller = await auth(request)
    const { orgId, invitationId } = parseInput(invitationParams, request.params, 'address')
    await revokeInvitation(ctx, caller, orgId, invitationId)
    return reply.code(204).send()
  })

  app.post('/v1/invitations/accept', async (request) => {
    const caller = await auth(request)
    const { code } = parseInput(acceptInvitationRequestSchema, request.body)
    const { org } = await acceptInvitation(ctx, caller, code)
    return { org }
  })
}
