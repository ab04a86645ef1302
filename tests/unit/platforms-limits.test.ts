import { describe, expect, it } from 'vitest'
import { countGraphemes, measureText, retryAfterFromHeaders, validatePost } from '../../src-shared/platforms/adapter'
import { blueskyLimits } from '../../src-shared/platforms/bluesky'
import { createPlatformAdapters, platformLimits } from '../../src-shared/platforms/index'
import { mastodonLimits } from '../../src-shared/platforms/mastodon'
import { createMemorySandboxBackend } from '../../src-shared/platforms/sandbox'

const png = (bytes: number) => ({ mimeType: 'image/png', data: new Uint8Array(bytes), altText: 'a chart' })

describe('measuring text the platform’s way', () => {
  it('counts what a reader sees as one character: a family emoji, a flag, an accent', () => {
    expect(countGraphemes('👨‍👩‍👧‍👦')).toBe(1)
    expect(countGraphemes('🇫🇷')).toBe(1)
    expect(countGraphemes('e\u0301té')).toBe(3)
  })

  it('counts every Mastodon URL as 23 characters and a remote mention by its username', () => {
    const url = 'https://example.com/a/very/long/path/that/goes/on/and/on?with=query'
    expect(measureText(mastodonLimits, `read ${url}`)).toBe(5 + 23)
    expect(measureText(mastodonLimits, 'hi @lee@fosstodon.org')).toBe('hi @lee'.length)
    expect(measureText(blueskyLimits, `read ${url}`)).toBe(5 + url.length)
  })
})

describe('validatePost', () => {
  it('accepts a post within every limit', () => {
    expect(validatePost(blueskyLimits, { text: 'hello 👋', media: [png(1000)] })).toEqual([])
  })

  it('says by how much a post is too long, in graphemes on Bluesky', () => {
    const problems = validatePost(blueskyLimits, { text: '😀'.repeat(302) })
    expect(problems.map((p) => p.message)).toEqual(['Too long by 2 characters (302 of 300).'])
  })

  it('holds Bluesky to 3000 bytes too, which 300 family emoji exceed', () => {
    const problems = validatePost(blueskyLimits, { text: '👨‍👩‍👧‍👦'.repeat(150) })
    expect(problems.map((p) => p.code)).toEqual(['too_long'])
    expect(problems[0]!.message).toMatch(/^Too long by 750 bytes/)
  })

  it('says when there are too many images', () => {
    const problems = validatePost(blueskyLimits, { text: 'x', media: [png(1), png(1), png(1), png(1), png(1)] })
    expect(problems.map((p) => p.message)).toEqual(['Too many attachments: 5, at most 4.'])
  })

  it('names an unsupported type, a file too big, and missing alt text', () => {
    // Neither platform demands alt text; a workspace may, and the check is the same.
    const problems = validatePost(
      { ...blueskyLimits, altTextRequired: true },
      {
        text: 'x',
        media: [
          { mimeType: 'image/bmp', data: new Uint8Array(1), fileName: 'scan.bmp', altText: 'scan' },
          { mimeType: 'image/jpeg', data: new Uint8Array(1_500_000), fileName: 'big.jpg', altText: 'big' },
          { mimeType: 'image/png', data: new Uint8Array(10), fileName: 'no-alt.png' },
        ],
      },
    )
    expect(problems).toEqual([
      expect.objectContaining({ code: 'unsupported_type', mediaIndex: 0 }),
      {
        code: 'too_big',
        mediaIndex: 1,
        message: 'big.jpg is 1.5 MB; the limit for images is 1 MB.',
      },
      expect.objectContaining({ code: 'missing_alt_text', mediaIndex: 2 }),
    ])
    expect(problems[0]!.message).toMatch(/^scan\.bmp is image\/bmp, which this platform does not accept/)
  })

  it('refuses images and a video together on Mastodon, but not alt-less images', () => {
    const problems = validatePost(mastodonLimits, {
      text: 'x',
      media: [
        { mimeType: 'image/png', data: new Uint8Array(1) },
        { mimeType: 'video/mp4', data: new Uint8Array(1) },
      ],
    })
    expect(problems.map((p) => p.code)).toEqual(['too_many_media'])
  })
})

describe('retryAfterFromHeaders', () => {
  const now = Date.parse('2026-11-25T12:00:00Z')
  it('reads Retry-After in seconds or as a date, then rate-limit resets', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '30' }), now)).toBe(30_000)
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Wed, 25 Nov 2026 12:01:00 GMT' }), now)).toBe(60_000)
    expect(retryAfterFromHeaders(new Headers({ 'x-ratelimit-reset': '2026-11-25T12:00:10Z' }), now)).toBe(10_000)
    expect(retryAfterFromHeaders(new Headers({ 'ratelimit-reset': String(now / 1000 + 5) }), now)).toBe(5_000)
    expect(retryAfterFromHeaders(new Headers(), now)).toBeUndefined()
  })
})

describe('the platforms together', () => {
  it('builds every adapter with its limits and how long it dedupes a repeated publish', () => {
    const adapters = createPlatformAdapters({ fetch, sandbox: { backend: createMemorySandboxBackend() } })
    expect(Object.keys(adapters).sort()).toEqual(['bluesky', 'mastodon', 'sandbox'])
    for (const [id, adapter] of Object.entries(adapters)) {
      expect(adapter.platform).toBe(id)
      expect(adapter.limits).toBe(platformLimits[adapter.platform])
    }
    expect(adapters.mastodon.dedupeWindowMs).toBe(3_600_000)
    expect(adapters.bluesky.dedupeWindowMs).toBe(Infinity)
  })
})
