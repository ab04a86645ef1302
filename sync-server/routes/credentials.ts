/**
 * Channel credentials for the server's publishing loop
 * (services/credentials.ts; docs/sync-protocol.md#server-side-publishing):
 * a member who may manage channels hands a channel's session over, or takes
 * it back; anyone in the org may see which channels the server holds.
 * No answer ever carries a token.
 */
import type { FastifyInstance } from 'fastify'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { z } from 'zod'
import { can } from '../../src-shared/entities/permissions'
import { serverIdSchema } from '../../src-shared/sync/server-api'
import type { ServerContext } from '../context'
import { organizations } from '../db/schema'
import { HttpError, parseInput } from '../errors'
import { deleteCredentials, listCredentials, putCredentials } from '../services/credentials'
import { requireMembership } from '../services/memberships'
import { authenticate } from '../services/sessions'

const orgParams = z.object({ orgId: serverIdSchema })
const channelParams = orgParams.extend({ channelId: serverIdSchema })
const token = z.string().min(1, 'must not be empty').max(8192, 'must be 8192 characters or fewer')

const credentialsBody = z
  .object({
    platform: z.enum(['bluesky', 'mastodon'], { message: 'must be bluesky or mastodon (the Sandbox needs none)' }),
    service: z.url({ protocol: /^https?$/, message: 'must be the http(s) address of the account’s server' }),
    accountId: z.string().min(1, 'must not be empty').max(500),
    handle: z.string().min(1, 'must not be empty').max(500),
    accessToken: token,
    refreshToken: token.optional(),
    accessExpiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO date and time' }).optional(),
  })
  .strict()

export async function credentialRoutes(app: FastifyInstance, ctx: ServerContext) {
  /** The caller may manage this org's channels, and the org asked the server to publish. */
  async function requireChannelManager(orgId: string, userId: string) {
    const membership = await requireMembership(ctx.db, orgId, userId)
    if (!can(membership.role, 'channels.manage')) {
      throw new HttpError('forbidden', `A ${membership.role} cannot manage this organization's channels.`)
    }
  }

  app.put('/v1/orgs/:orgId/channels/:channelId/credentials', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { orgId, channelId } = parseInput(channelParams, request.params, 'address')
    const input = parseInput(credentialsBody, request.body, 'credentials')
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

  app.delete('/v1/orgs/:orgId/channels/:channelId/credentials', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { orgId, channelId } = parseInput(channelParams, request.params, 'address')
    await requireChannelManager(orgId, auth.userId)
    return { deleted: await deleteCredentials(ctx, orgId, channelId) }
  })

  app.get('/v1/orgs/:orgId/channels/credentials', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { orgId } = parseInput(orgParams, request.params, 'address')
    await requireMembership(ctx.db, orgId, auth.userId)
    return { channels: await listCredentials(ctx.db, orgId) }
  })
}
