/**
 * A Start Page as the renderer takes it (src-shared/start-page/render.ts): what the builder previews and what a
 * published page's snapshot (`start_pages.published`) holds, so the server serves exactly what was previewed.
 * The schemas check a snapshot read from storage or the network before it is rendered.
 */
import { z } from 'zod'

/** Each theme comes in light and dark (the page follows the visitor's setting). */
export const START_PAGE_THEMES = ['default', 'paper', 'midnight', 'sunset', 'forest', 'mono'] as const
export type StartPageThemeId = (typeof START_PAGE_THEMES)[number]

export const START_PAGE_FONTS = ['system', 'serif', 'rounded', 'mono'] as const
export const BUTTON_SHAPES = ['rounded', 'pill', 'square'] as const

export const SOCIAL_NETWORKS = [
  'instagram',
  'tiktok',
  'youtube',
  'x',
  'bluesky',
  'mastodon',
  'threads',
  'facebook',
  'linkedin',
  'pinterest',
  'github',
  'email',
  'website',
] as const
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number]

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1a73e8')

/** The person's own colours over the theme's; each one unset keeps the theme's. */
export const startPageBrandingSchema = z.object({
  accentColor: hexColor.optional(),
  backgroundColor: hexColor.optional(),
  textColor: hexColor.optional(),
  font: z.enum(START_PAGE_FONTS).optional(),
  buttonShape: z.enum(BUTTON_SHAPES).optional(),
})
export type StartPageBranding = z.infer<typeof startPageBrandingSchema>

export const startPageSocialSchema = z.object({ network: z.enum(SOCIAL_NETWORKS), url: z.string().max(2048) })
export type StartPageSocial = z.infer<typeof startPageSocialSchema>

export const startPageLinkContentSchema = z.object({
  id: z.string().min(1).max(64),
  label: z.string().max(200),
  url: z.string().max(2048),
  /** Shown only from/until these times (ISO 8601), when set. */
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
})
export type StartPageLinkContent = z.infer<typeof startPageLinkContentSchema>

/** The page as it is rendered: links in order, hidden ones already left out. */
export const startPageContentSchema = z.object({
  title: z.string().max(200),
  bio: z.string().max(2000),
  slug: z.string().max(64),
  theme: z.enum(START_PAGE_THEMES),
  branding: startPageBrandingSchema,
  /** `media:<sha256>.<ext>` (the avatar kept by hash), or null for none (the title's initial is shown). */
  avatar: z.string().max(200).nullable(),
  links: z.array(startPageLinkContentSchema).max(200),
  socials: z.array(startPageSocialSchema).max(30),
})
export type StartPageContent = z.infer<typeof startPageContentSchema>

/** What a published page keeps: the content as it was when Publish was pressed, and when that was. */
export const publishedStartPageSchema = z.object({
  content: startPageContentSchema,
  publishedAt: z.string(),
})
export type PublishedStartPage = z.infer<typeof publishedStartPageSchema>

/** How one rendering places the page: where its links and avatar point, and the time that decides link windows. */
export interface RenderOptions {
  /** Where a link's button goes: the server's click counter; the link's own address when omitted (the preview). */
  linkHref?: (link: StartPageLinkContent) => string
  /** The avatar's address (a data: URL in the preview, the server's avatar route when hosted); none: the initial. */
  avatarSrc?: string | null
  /** The time that decides which scheduled links show; all of them when omitted (the builder shows them all). */
  now?: Date
  /** The page's canonical address, for its metadata (the hosted page); omitted in the preview. */
  canonicalUrl?: string
}
