/**
 * Tables of a person's own file (account.sqlite), the ones their own change
 * log carries between their devices: the profile and preferences,
 * subscriptions, Start Pages and their links, the onboarding draft, and the
 * audit trail of their own changes. Nobody else reads or writes them; the
 * server serves what it must from them (public Start Pages, entitlements).
 */
export const USER_TABLES = [
  'users',
  'subscriptions',
  'start_pages',
  'start_page_links',
  'onboarding_draft_state',
  'audit_logs',
] as const
export type UserTable = (typeof USER_TABLES)[number]

export const isUserTable = (table: string): table is UserTable => (USER_TABLES as readonly string[]).includes(table)
