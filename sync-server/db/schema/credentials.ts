/**
 * channel_credentials: the platform sessions members handed to the server
 * so its publishing loop can post for a channel while every desktop is
 * closed. Not synced. Tokens are sealed with the server's own key
 * (services/credentials.ts: AES-256-GCM), never stored or answered in clear.
 */
import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const channelCredentials = pgTable(
  'channel_credentials',
  {
    orgId: text('org_id').notNull(),
    // The channel: a social_accounts id.
    channelId: text('channel_id').notNull(),
    platform: text('platform').notNull(),
    // The server the account lives on (a PDS, a Mastodon instance).
    service: text('service').notNull(),
    // The platform's id for the account (DID, account id): must match the channel's platform_user_id.
    accountId: text('account_id').notNull(),
    handle: text('handle').notNull(),
    accessTokenEnc: text('access_token_enc').notNull(),
    refreshTokenEnc: text('refresh_token_enc'),
    accessExpiresAt: at('access_expires_at'),
    // Who handed them over, and when; refreshed_at when the server's loop renewed them itself.
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: at('uploaded_at').notNull(),
    refreshedAt: at('refreshed_at'),
    // Set when the platform refused them even after a refresh: the channel must be reconnected.
    invalidAt: at('invalid_at'),
    lastError: text('last_error'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.channelId] })],
)
