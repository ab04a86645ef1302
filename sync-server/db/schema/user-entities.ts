/**
 * A person's own data as tables the server can query (public Start Pages,
 * subscriptions): the desktop's account tables with the same column names,
 * every row keyed by user_id. Like the organizations' entity tables they are
 * a projection of the person's field values, written field by field from
 * merged ops, so every column but the key may be empty, and there are no
 * unique constraints beyond the key: a merge must never fail on data two
 * devices wrote independently (a taken slug is refused before the merge).
 *
 * The profile itself (name, preferences) is projected into the account's
 * own row of `users` (accounts.ts); the audit trail of a person's own
 * changes into user_audit_logs.
 */
import { bigint, boolean, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import type { Plan } from '../../../src-shared/entities/enums'
import type { DraftLink, JsonObject } from '../../../src-shared/entities/json-shapes'
import type { PublishedStartPage, StartPageBranding, StartPageSocial } from '../../../src-shared/start-page/page'

const userId = () => text('user_id').notNull()
const id = () => text('id').notNull()
const deletedAt = () => text('deleted_at')

export const subscriptions = pgTable(
  'subscriptions',
  {
    userId: userId(),
    id: id(),
    plan: text('plan').$type<Plan>(),
    active: boolean('active'),
    expiresOn: text('expires_on'),
    featureSet: jsonb('feature_set').$type<JsonObject>(),
    updatedAt: text('updated_at'),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
)

export const startPages = pgTable(
  'start_pages',
  {
    userId: userId(),
    id: id(),
    title: text('title'),
    slug: text('slug'),
    bio: text('bio'),
    theme: text('theme'),
    branding: jsonb('branding').$type<StartPageBranding>(),
    avatarUrl: text('avatar_url'),
    settings: jsonb('settings').$type<JsonObject>(),
    socials: jsonb('socials').$type<StartPageSocial[]>(),
    published: jsonb('published').$type<PublishedStartPage>(),
    createdAt: text('created_at'),
    publishedAt: text('published_at'),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] }), index('start_pages_slug_idx').on(t.slug)],
)

export const startPageLinks = pgTable(
  'start_page_links',
  {
    userId: userId(),
    id: id(),
    pageId: text('page_id'),
    label: text('label'),
    url: text('url'),
    position: bigint('position', { mode: 'number' }),
    hidden: boolean('hidden'),
    startsAt: text('starts_at'),
    endsAt: text('ends_at'),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] }), index('start_page_links_page_idx').on(t.pageId)],
)

/** One row per person: its row id is the user id. */
export const onboardingDraftState = pgTable('onboarding_draft_state', {
  userId: text('user_id').primaryKey(),
  currentStep: bigint('current_step', { mode: 'number' }),
  tempTitle: text('temp_title'),
  tempLinks: jsonb('temp_links').$type<DraftLink[]>(),
  tempTheme: text('temp_theme'),
  tempSlug: text('temp_slug'),
  lastSaved: text('last_saved'),
  deletedAt: deletedAt(),
})

/** The audit rows a person's devices write for their own changes (org_id is always empty). */
export const userAuditLogs = pgTable(
  'user_audit_logs',
  {
    userId: userId(),
    id: id(),
    orgId: text('org_id'),
    action: text('action'),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    timestamp: text('timestamp'),
    meta: jsonb('meta').$type<JsonObject>(),
    deletedAt: deletedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] })],
)
