/**
 * Accounts: people, their sessions and invitations to organizations. Ids of
 * users are made by clients (UUIDv7), so a local profile keeps its id when
 * it signs up. Emails are stored lower-cased; secrets (passwords, session
 * tokens, invitation codes) only as hashes.
 */
import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import type { z } from 'zod'
import type { userPreferencesSchema } from '../../../src-shared/entities/json-shapes'

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    // scrypt$N$r$p$salt$hash, so the parameters can rise without a migration.
    passwordHash: text('password_hash').notNull(),
    name: text('name').notNull(),
    // 'user', or 'admin' for whoever runs the server.
    role: text('role').notNull().default('user'),
    preferences: jsonb('preferences')
      .$type<z.input<typeof userPreferencesSchema>>()
      .notNull()
      .default({ theme: 'system', activeOrgId: null }),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
)

export const sessions = pgTable(
  'sessions',
  {
    // sha256 of the bearer token: a leaked table does not sign anyone in.
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    lastSeenAt: at('last_seen_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    codeHash: text('code_hash').notNull(),
    role: text('role').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    acceptedAt: at('accepted_at'),
    acceptedBy: text('accepted_by'),
    revokedAt: at('revoked_at'),
    // Where the invitation was sent by email, and when it was sent.
    email: text('email'),
    emailSentAt: at('email_sent_at'),
  },
  (t) => [uniqueIndex('invitations_code_idx').on(t.codeHash), index('invitations_org_idx').on(t.orgId)],
)
