/**
 * A Start Page's place on the sync server: whether an address is free, the figures the server counted (views,
 * clicks and unique visitors per day, cookieless), and custom domains (added, verified by a token, removed).
 * Each asks the server the person's devices sync with (src-main/services/start-page-stats.ts); the figures are
 * kept on this device, so they show offline as they were last read.
 */
import { z } from 'zod'
import { id, method, typed } from './fields'

export const STATS_RANGES = [7, 30, 90] as const

export const slugCheckSchema = z.object({
  available: z.boolean(),
  /** Why it cannot be used, in a sentence, or null. */
  problem: z.string().nullable(),
  /** A free address close to the one asked for, when it is taken. */
  suggestion: z.string().nullable(),
})

const figuresSchema = z.object({ views: z.number(), visitors: z.number(), clicks: z.number() })

export const startPageStatsSchema = z.object({
  days: z.array(z.object({ day: z.string() }).extend(figuresSchema.shape)),
  totals: figuresSchema.extend({ clickThroughRate: z.number() }),
  links: z.array(
    z.object({
      linkId: z.string(),
      label: z.string(),
      clicks: z.number(),
      visitors: z.number(),
      clickThroughRate: z.number(),
    }),
  ),
  /** When they were read from the server, or null if never. */
  fetchedAt: z.string().nullable(),
  /** Why they could not be read just now (offline, signed out), in words, or null. */
  problem: z.string().nullable(),
})
export type StartPageStats = z.infer<typeof startPageStatsSchema>

export const DOMAIN_STATUSES = ['pending', 'verified'] as const

export const startPageDomainSchema = z.object({
  domain: z.string(),
  status: z.enum(DOMAIN_STATUSES),
  /** Serve this at `httpPath` on the domain, or put it in a TXT record named `dnsName`. */
  token: z.string(),
  httpPath: z.string(),
  dnsName: z.string(),
  verifiedAt: z.string().nullable(),
  checkedAt: z.string().nullable(),
  /** The last check's finding, in words, or null. */
  problem: z.string().nullable(),
})
export type StartPageDomain = z.infer<typeof startPageDomainSchema>

const domain = typed()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    'must be a domain such as links.example.com',
  )

const range = z.union([z.literal(7), z.literal(30), z.literal(90)])

export const startPageStatsApi = {
  /** Whether the address is well formed, not reserved, and free on the server (another person may hold it). */
  checkStartPageSlug: method(
    z.object({ slug: typed().trim().max(64), pageId: id.optional() }).strict(),
    slugCheckSchema,
  ),
  /** The page's figures over the last 7, 30 or 90 days, read from the server (or as last read, offline). */
  startPageStats: method(z.object({ pageId: id, days: range }).strict(), startPageStatsSchema),
  /** The same figures as a CSV file: one row per day and link. */
  exportStartPageStats: method(
    z.object({ pageId: id, days: range }).strict(),
    z.object({ fileName: z.string(), csv: z.string() }),
  ),
  listStartPageDomains: method(z.object({ pageId: id }).strict(), z.array(startPageDomainSchema)),
  addStartPageDomain: method(z.object({ pageId: id, domain }).strict(), startPageDomainSchema),
  /** Asks the server to check the token now (over HTTP at the domain, or its TXT record). */
  verifyStartPageDomain: method(z.object({ pageId: id, domain }).strict(), startPageDomainSchema),
  removeStartPageDomain: method(z.object({ pageId: id, domain }).strict(), z.object({ removed: z.boolean() })),
}
