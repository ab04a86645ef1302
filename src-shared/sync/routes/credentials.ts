/**
 * Channel credentials for the server's publishing loop
 * (docs/sync-protocol.md#server-side-publishing; sync-server/routes/credentials.ts).
 * No answer ever carries a token.
 */
import { z } from 'zod'
import { serverIdSchema } from '../server-api'
import { orgParams, type ServerRoute } from './route'

const channelParams = orgParams.extend({ channelId: serverIdSchema })
const token = z.string().min(1, 'must not be empty').max(8192, 'must be 8192 characters or fewer')

export const channelCredentialsSchema = z
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
export type ChannelCredentials = z.infer<typeof channelCredentialsSchema>

/** What the server holds for a channel, without its tokens. */
export const credentialsStatusSchema = z.object({
  channelId: z.string(),
  platform: z.string(),
  handle: z.string(),
  uploadedAt: z.string(),
  refreshedAt: z.string().nullable(),
  /** Set when the platform refused them even after a refresh: the channel must be connected again. */
  invalidReason: z.string().nullable(),
})
export type CredentialsStatus = z.infer<typeof credentialsStatusSchema>

export const credentialRoutes = {
  putChannelCredentials: {
    method: 'PUT',
    path: '/v1/orgs/:orgId/channels/:channelId/credentials',
    params: channelParams,
    body: channelCredentialsSchema,
    label: 'credentials',
    response: z.object({ credentials: credentialsStatusSchema }),
  },
  deleteChannelCredentials: {
    method: 'DELETE',
    path: '/v1/orgs/:orgId/channels/:channelId/credentials',
    params: channelParams,
    response: z.object({ deleted: z.boolean() }),
  },
  listChannelCredentials: {
    method: 'GET',
    path: '/v1/orgs/:orgId/channels/credentials',
    params: orgParams,
    response: z.object({ channels: z.array(credentialsStatusSchema) }),
  },
} as const satisfies Record<string, ServerRoute>
