/** Organizations, members and invitations (src-shared/sync/routes/orgs.ts). Handlers call a service and answer. */
import type { FastifyInstance } from 'fastify'
import { orgRoutes as routes } from '../../src-shared/sync/routes/orgs'
import type { ServerContext } from '../context'
import { acceptInvitation, createInvitation, listInvitations, revokeInvitation } from '../services/invitations'
import { changeRole, listMembers, removeMember } from '../services/members'
import { createOrganization } from '../services/organizations'
import { serve } from './serve'
import { publicUrl } from '../public-url'

export async function orgRoutes(app: FastifyInstance, ctx: ServerContext) {
  // PUBLIC_URL or the listening address, never the caller's Host header (public-url.ts).
  const baseUrl = () => publicUrl(ctx.config, app.server)

  serve(app, ctx, routes.createOrg, async ({ auth, body, reply }) => {
    const { org, created } = await createOrganization(ctx, auth, body)
    reply.code(created ? 201 : 200)
    return { org }
  })

  serve(app, ctx, routes.listMembers, async ({ auth, params }) => ({
    members: await listMembers(ctx, auth, params.orgId),
  }))

  serve(app, ctx, routes.changeMemberRole, async ({ auth, params, body }) => ({
    member: await changeRole(ctx, auth, params.orgId, params.userId, body.role),
  }))

  serve(app, ctx, routes.removeMember, async ({ auth, params, reply }) => {
    await removeMember(ctx, auth, params.orgId, params.userId)
    reply.code(204)
  })

  serve(app, ctx, routes.createInvitation, async ({ auth, params, body, reply }) => {
    reply.code(201)
    return createInvitation(ctx, auth, params.orgId, body, baseUrl())
  })

  serve(app, ctx, routes.listInvitations, async ({ auth, params }) => ({
    invitations: await listInvitations(ctx, auth, params.orgId),
  }))

  serve(app, ctx, routes.revokeInvitation, async ({ auth, params, reply }) => {
    await revokeInvitation(ctx, auth, params.orgId, params.invitationId)
    reply.code(204)
  })

  serve(app, ctx, routes.acceptInvitation, async ({ auth, body }) => {
    const { org } = await acceptInvitation(ctx, auth, body.code)
    return { org }
  })
}
