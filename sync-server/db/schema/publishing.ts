/**
 * The server's own publishing tables, not synced (not org entity tables):
 * - sandbox_posts: the built-in Sandbox platform's posts for orgs that sync,
 *   shown on the public feed page. publish_calls counts every publish call
 *   for a key, so a test can prove a post was sent at most once even though
 *   the store answers a repeat with the first post.
 * - publish_leases: who may publish a schedule job now, with a fencing token
 *   that rises with every grant; results are accepted only under the current one.
 */
import type { LeaseOutcomeName } from '../../../src-shared/sync/routes/leases'
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export interface SandboxMedia {
  mimeType: string
  altText?: string
  byteLength: number
  /** The org's media file (`<sha256>.<ext>`): the public feed shows it (routes/sandbox-page.ts). */
  file?: string
}

export const sandboxPosts = pgTable(
  'sandbox_posts',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    // The channel (social_accounts id) the post went out on.
    accountId: text('account_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    text: text('text').notNull(),
    contentWarning: text('content_warning'),
    media: jsonb('media').$type<SandboxMedia[]>().notNull().default([]),
    replyTo: text('reply_to'),
    publishedAt: at('published_at').notNull(),
    publishCalls: bigint('publish_calls', { mode: 'number' }).notNull().default(1),
  },
  (t) => [
    uniqueIndex('sandbox_posts_key_idx').on(t.accountId, t.idempotencyKey),
    index('sandbox_posts_feed_idx').on(t.accountId, t.publishedAt),
    index('sandbox_posts_reply_idx').on(t.replyTo),
  ],
)

// How a leased job ended: the lease routes' shared vocabulary.
export { LEASE_OUTCOMES, type LeaseOutcomeName } from '../../../src-shared/sync/routes/leases'

export const publishLeases = pgTable(
  'publish_leases',
  {
    orgId: text('org_id').notNull(),
    jobId: text('job_id').notNull(),
    // A device's client id, or 'server' for the server's own loop.
    holder: text('holder').notNull(),
    // The session that took it (sessions.token_hash; null for the server's own loop): a teammate who learns the
    // holder's client id (every op's clock carries it) still cannot release or report under it.
    holderSession: text('holder_session'),
    fence: bigint('fence', { mode: 'number' }).notNull(),
    acquiredAt: at('acquired_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    // Set when the holder reports; a lease released without completing is free again.
    releasedAt: at('released_at'),
    completedAt: at('completed_at'),
    outcome: text('outcome').$type<LeaseOutcomeName>(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.jobId] })],
)
