/**
 * Channel credentials for the server's publishing loop
 * (services/credentials.ts; docs/sync-protocol.md#server-side-publishing):
 * a member who may manage channels hands a channel's session over, or takes
 * it back; anyone in the org may see which channels the server holds.
 * No answer ever carries a token.
 */
import type { FastifyInstance } from 'fastify'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { can } from '../../src-shared/entities/permissions'
import { credentialRoutes as routes } from '../../src-shared/sync/routes/credentials'
import type { ServerContext } from '../context'
import { organizations } from '../db/schema'
import { HttpError } from '../errors'
import { deleteCredentials, listCredentials, putCredentials } from '../services/credentials'
import { requireMembership } from '../services/memberships'
import { serve } from './serve'

export async function credentialRoutes(app: FastifyInstance, ctx: ServerContext) {
  /** The caller may manage this org's channels, and the org asked the server to publish. */
  async function requireChannelManager(orgId: string, userId: string) {
    const membership = await requireMembership(ctx.db, orgId, userId)
    if (!can(membership.role, 'channels.manage')) {
      throw new HttpError('forbidden', `A ${membership.role} cannot manage this organization's channels.`)
    }
  }

  serve(app, ctx, routes.putChannelCredentials, async ({ auth, params: { orgId, channelId }, body: input }) => {
    await requireChannelManager(orgId, auth.userId)
    if (!ctx.config.serverPublishing) {
      throw new HttpError(
        'unavailable',
        'This server does not run the publishing loop (SERVER_PUBLISHING=false), so it keeps no channel credentials.',
      )
    }
    const [org] = await ctx.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(
        and(
          eq(organizations.id, orgId),
          isNull(organizations.deletedAt),
          sql`${organizations.settings} ->> 'serverPublishing' = 'true'`,
        ),
      )
    if (!org) {
      throw new HttpError(
        'conflict',
        'Server publishing is off for this organization: turn it on (and let it sync) before sending credentials.',
      )
    }
    return { credentials: await putCredentials(ctx, orgId, channelId, auth.userId, input) }
  })

  serve(app, ctx, routes.deleteChannelCredentials, async ({ auth, params: { orgId, channelId } }) => {
    await requireChannelManager(orgId, auth.userId)
    return { deleted: await deleteCredentials(ctx, orgId, channelId) }
  })

  serve(app, ctx, routes.listChannelCredentials, async ({ auth, params: { orgId } }) => {
    await requireMembership(ctx.db, orgId, auth.userId)
    return { channels: await listCredentials(ctx.db, orgId) }
  })
}
