/** Channels: connecting social accounts, their posting schedules, disconnecting, and the Sandbox feed. */
import { z } from 'zod'
import { channelSchema, sandboxFeedPostSchema } from '../entities/models'
import { postingScheduleSchema } from '../scheduling/posting-schedule'
import { httpsUrl, id, method, name, typed } from './fields'

const connectChannelSchema = z.discriminatedUnion('platform', [
  z.object({ orgId: id, platform: z.literal('sandbox'), name: name('Channel name') }).strict(),
  z
    .object({
      orgId: id,
      platform: z.literal('bluesky'),
      service: httpsUrl('https://bsky.social').default('https://bsky.social'),
      identifier: typed().trim().min(1, 'is required: your handle, like name.bsky.social').max(253),
      appPassword: z.string().min(1, 'is required: create one in Bluesky under Settings → App passwords').max(200),
    })
    .strict(),
  z
    .object({
      orgId: id,
      platform: z.literal('mastodon'),
      service: httpsUrl('https://mastodon.social'),
      accessToken: z.string().min(1, 'is required: create one under Preferences → Development').max(500),
    })
    .strict(),
])

export const channelsApi = {
  listChannels: method(z.object({ orgId: id }).strict(), z.array(channelSchema)),
  connectChannel: method(connectChannelSchema, channelSchema),
  updateChannel: method(
    z.object({ orgId: id, channelId: id, schedule: postingScheduleSchema }).strict(),
    channelSchema,
  ),
  disconnectChannel: method(z.object({ orgId: id, channelId: id }).strict(), z.object({ deleted: z.literal(true) })),
  /**
   * A sandbox channel's public feed, newest first, each thread under its first post (the sync server hosts the same
   * as a public page).
   */
  listSandboxFeed: method(
    z.object({ orgId: id, channelId: id, limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.array(sandboxFeedPostSchema),
  ),
}
