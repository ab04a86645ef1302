/**
 * A Start Page's address on the server (`/<slug>`): lowercase letters, digits and hyphens, 3 to 40 of them, not
 * one of the server's own paths nor a word people would take for it.
 */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/

/** Paths the sync server answers itself, and words that would mislead a visitor. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'about',
  'account',
  'admin',
  'api',
  'app',
  'assets',
  'auth',
  'billing',
  'blog',
  'buffer',
  'callback',
  'dashboard',
  'docs',
  'domains',
  'download',
  'favicon-ico',
  'health',
  'help',
  'home',
  'invite',
  'live',
  'login',
  'logout',
  'media',
  'oauth',
  'official',
  'p',
  'pricing',
  'privacy',
  'robots-txt',
  'root',
  'sandbox',
  'security',
  'settings',
  'signin',
  'signup',
  'sitemap',
  'start',
  'static',
  'status',
  'support',
  'sync',
  'system',
  'terms',
  'v1',
  'v2',
  'well-known',
  'www',
])

/** The typed words as an address could be: lowercase, spaces and other marks as single hyphens. */
export function toSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '')
}

/** A sentence saying what to change, or null when the slug may be used (the server still checks it is free). */
export function slugProblem(slug: string): string | null {
  if (slug.length < 3) return 'The address needs at least 3 characters.'
  if (slug.length > 40) return 'The address can have at most 40 characters.'
  if (!SLUG_PATTERN.test(slug)) {
    return 'The address can have only lowercase letters, digits and hyphens, and cannot start or end with a hyphen.'
  }
  if (RESERVED_SLUGS.has(slug)) return `“${slug}” is kept for the server’s own pages: pick another address.`
  return null
}
