/**
 * account.sqlite: the signed-in (or local) user and what belongs to a user
 * rather than an organization: subscriptions, Start Pages and their links,
 * and the Start Page onboarding draft. Synced between the person's own
 * devices through their own change log on the server
 * (src-shared/sync/user-tables.ts).
 */
import type { NotificationKind } from '../../../src-shared/entities/models'
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import type { Plan } from '../../../src-shared/entities/enums'
import type { DraftLink, JsonObject, UserPreferences } from '../../../src-shared/entities/json-shapes'
import type { PublishedStartPage, StartPageBranding, StartPageSocial } from '../../../src-shared/start-page/page'
import { tombstone } from './common'

export { auditLogs, collabDocs, fieldClocks, outbox, syncState } from './common'

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email'),
  // Empty for a local-only profile; the sync server owns real credentials.
  passwordHash: text('password_hash'),
  role: text('role').notNull().default('user'),
  preferences: text('preferences', { mode: 'json' })
    .$type<UserPreferences>()
    .notNull()
    .default(sql`'{"theme":"system","activeOrgId":null}'`),
  createdAt: text('created_at').notNull(),
  deletedAt: tombstone(),
})

export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    plan: text('plan').$type<Plan>().notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    expiresOn: text('expires_on'),
    featureSet: text('feature_set', { mode: 'json' })
      .$type<JsonObject>()
      .notNull()
      .default(sql`'{}'`),
    updatedAt: text('updated_at').notNull(),
    deletedAt: tombstone(),
  },
  (t) => [index('subscriptions_user_idx').on(t.userId)],
)

export const startPages = sqliteTable(
  'start_pages',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    slug: text('slug').notNull(),
    // Collaborative text (a Yjs document, src-shared/sync/collab-text.ts): two devices editing offline keep both.
    bio: text('bio').notNull().default(''),
    theme: text('theme').notNull().default('default'),
    branding: text('branding', { mode: 'json' })
      .$type<StartPageBranding>()
      .notNull()
      .default(sql`'{}'`),
    avatarUrl: text('avatar_url'),
    settings: text('settings', { mode: 'json' })
      .$type<JsonObject>()
      .notNull()
      .default(sql`'{}'`),
    socials: text('socials', { mode: 'json' })
      .$type<StartPageSocial[]>()
      .notNull()
      .default(sql`'[]'`),
    // What is live: the content as it was when Publish was pressed; null while unpublished.
    published: text('published', { mode: 'json' }).$type<PublishedStartPage>(),
    createdAt: text('created_at').notNull(),
    publishedAt: text('published_at'),
    deletedAt: tombstone(),
  },
  (t) => [uniqueIndex('start_pages_slug_idx').on(t.slug), index('start_pages_user_idx').on(t.userId)],
)

export const startPageLinks = sqliteTable(
  'start_page_links',
  {
    id: text('id').primaryKey(),
    pageId: text('page_id')
      .notNull()
      .references(() => startPages.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    url: text('url').notNull(),
    position: integer('position').notNull(),
    hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
    // Shown on the page only from/until these times, when set.
    startsAt: text('starts_at'),
    endsAt: text('ends_at'),
    deletedAt: tombstone(),
  },
  (t) => [index('start_page_links_page_position_idx').on(t.pageId, t.position)],
)

export const onboardingDraftState = sqliteTable('onboarding_draft_state', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  currentStep: integer('current_step').notNull().default(0),
  tempTitle: text('temp_title'),
  tempLinks: text('temp_links', { mode: 'json' })
    .$type<DraftLink[]>()
    .notNull()
    .default(sql`'[]'`),
  tempTheme: text('temp_theme'),
  tempSlug: text('temp_slug'),
  lastSaved: text('last_saved').notNull(),
  deletedAt: tombstone(),
})

/**
 * What this device told its person (approval requests and decisions,
 * published or failed posts): the in-app notification list. Local to this
 * device, like the native notifications it mirrors.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    kind: text('kind').$type<NotificationKind>().notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    postId: text('post_id'),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [index('notifications_time_idx').on(t.createdAt)],
)

/**
 * A Start Page's daily figures as the sync server counted them (views, clicks and unique visitors, per link or,
 * with link_id '', for the page), kept here so the builder shows them offline. The server is their source: this
 * device reads them from it and never writes them back.
 */
export const startPageStats = sqliteTable(
  'start_page_stats',
  {
    pageId: text('page_id').notNull(),
    linkId: text('link_id').notNull(),
    day: text('day').notNull(),
    views: integer('views').notNull().default(0),
    clicks: integer('clicks').notNull().default(0),
    visitors: integer('visitors').notNull().default(0),
    fetchedAt: text('fetched_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pageId, t.linkId, t.day] })],
)
