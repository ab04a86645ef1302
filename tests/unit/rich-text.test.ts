import { describe, expect, it } from 'vitest'
import { mastodonLinkText, richTextSegments, type RichSegment } from '../../src-shared/platforms/rich-text'

const shown = (segments: RichSegment[]) => segments.map((s) => s.text).join('')
const linked = (segments: RichSegment[]) => segments.filter((s) => s.kind !== 'text')

describe('rich text on Bluesky', () => {
  it('links what the adapter sends as facets, at the right place after an emoji and an accent', () => {
    const text = '👋🏽 Café with @bob.example.com: see https://example.com/ça?x=1. #déjàvu'
    const segments = richTextSegments('bluesky', text)
    expect(linked(segments)).toEqual([
      { kind: 'mention', text: '@bob.example.com', handle: 'bob.example.com' },
      { kind: 'link', text: 'https://example.com/ça?x=1', href: 'https://example.com/ça?x=1' },
      { kind: 'tag', text: '#déjàvu', tag: 'déjàvu' },
    ])
    // Nothing lost or doubled: the segments read the post as typed.
    expect(shown(segments)).toBe(text)
  })

  it('leaves a bare @name without a domain and a number sign before digits as text', () => {
    const segments = richTextSegments('bluesky', 'Thanks @ana, we are #1 again')
    expect(linked(segments)).toEqual([])
    expect(segments).toEqual([{ kind: 'text', text: 'Thanks @ana, we are #1 again' }])
  })
})

describe('rich text on Mastodon', () => {
  it('links URLs, local and remote mentions and hashtags, and shows a link as its web app does', () => {
    const text =
      'New roast! @ana and @ben@coffee.social, read https://www.example.com/blog/2026/the-huila-harvest-is-here. #Coffee'
    const segments = richTextSegments('mastodon', text)
    expect(linked(segments)).toEqual([
      { kind: 'mention', text: '@ana', handle: 'ana' },
      { kind: 'mention', text: '@ben@coffee.social', handle: 'ben@coffee.social' },
      {
        kind: 'link',
        text: 'example.com/blog/2026/the-huil…',
        href: 'https://www.example.com/blog/2026/the-huila-harvest-is-here',
      },
      { kind: 'tag', text: '#Coffee', tag: 'Coffee' },
    ])
    expect(segments.at(-2)).toEqual({ kind: 'text', text: '. ' })
  })

  it('needs a letter in a hashtag, and does not take an email address or a URL fragment for a mention or tag', () => {
    const segments = richTextSegments('mastodon', 'Mail ana@example.com about #42, see https://x.org/#top')
    expect(linked(segments)).toEqual([{ kind: 'link', text: 'x.org/#top', href: 'https://x.org/#top' }])
  })

  it('shows a short link whole, without its scheme', () => {
    expect(mastodonLinkText('https://example.com/a')).toBe('example.com/a')
    expect(mastodonLinkText('http://www.a.org')).toBe('a.org')
  })
})

describe('rich text on the Sandbox', () => {
  it('is the text as typed, nothing linked (as its feed shows it)', () => {
    expect(richTextSegments('sandbox', 'See https://example.com #tag @ana')).toEqual([
      { kind: 'text', text: 'See https://example.com #tag @ana' },
    ])
  })

  it('is nothing for no text', () => {
    expect(richTextSegments('sandbox', '')).toEqual([])
  })
})
