import { describe, expect, it } from 'vitest'
import { countGraphemes, measureText } from '../../src-shared/platforms/adapter'
import { blueskyLimits } from '../../src-shared/platforms/bluesky'
import { mastodonLimits } from '../../src-shared/platforms/mastodon'
import { mergeThread, renumberThread, splitThread, stripMarker } from '../../src-shared/threads/split-thread'

describe('splitThread', () => {
  it('keeps a short text as one part without a number', () => {
    expect(splitThread('Hello there.', 300)).toEqual(['Hello there.'])
  })

  it('cuts at sentence ends and numbers each part within the limit', () => {
    const text = 'First sentence is here. Second one follows now. Third ends it.'
    const parts = splitThread(text, 40)
    expect(parts).toEqual(['First sentence is here. (1/3)', 'Second one follows now. (2/3)', 'Third ends it. (3/3)'])
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(40)
  })

  it('falls back to word boundaries and never loses a word', () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`)
    const parts = splitThread(words.join(' '), 50)
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(50)
    const back = parts.map((p) => p.replace(/ \(\d+\/\d+\)$/, '')).join(' ')
    expect(back).toBe(words.join(' '))
  })
})

describe('splitThread as the platform counts', () => {
  const bluesky = (s: string) => measureText(blueskyLimits, s)
  const mastodon = (s: string) => measureText({ ...mastodonLimits, maxTextLength: 60 }, s)

  it('counts graphemes: a family emoji is one character, never halved', () => {
    const family = '👨‍👩‍👧‍👦'
    const text = Array.from({ length: 40 }, (_, i) => `${family}${i}`).join(' ')
    const parts = splitThread(text, 30, bluesky)
    for (const p of parts) {
      expect(countGraphemes(p)).toBeLessThanOrEqual(30)
      // Each emoji survives whole: the family's joiners stay between its people.
      expect(
        p
          .split(' ')
          .filter((w) => w.includes('👨'))
          .every((w) => w.startsWith(family)),
      ).toBe(true)
    }
    // UTF-16 length would have made many more parts: 11 code units per family.
    expect(parts.length).toBeLessThan(splitThread(text, 30, (s) => s.length).length)
  })

  it('keeps an emoji after a sentence end with its sentence', () => {
    const text = 'Cupping this Saturday at ten, free entry. ☕️ Bags are 250 g, whole bean or ground for your brewer.'
    const parts = splitThread(text, 60, bluesky)
    expect(parts[0]).toBe('Cupping this Saturday at ten, free entry. ☕️ (1/2)')
  })

  it('cuts a word longer than a part between graphemes', () => {
    const word = 'é'.normalize('NFD').repeat(50)
    const parts = splitThread(word, 20, bluesky)
    for (const p of parts) expect(countGraphemes(p)).toBeLessThanOrEqual(20)
    expect(parts.map(stripMarker).join('')).toBe(word)
    // A combining accent never starts a part.
    for (const p of parts) expect(p.startsWith('\u0301')).toBe(false)
  })

  it('counts a web address as 23 on Mastodon and never cuts one', () => {
    const url = `https://example.com/${'a'.repeat(80)}`
    const text = `Read this ${url} and then this ${url} before the meeting starts today.`
    const parts = splitThread(text, 60, mastodon)
    for (const p of parts) expect(mastodon(p)).toBeLessThanOrEqual(60)
    expect(parts.filter((p) => p.includes(url))).toHaveLength(2)
    expect(mergeThread(parts)).toBe(text)
  })

  it('keeps a web address longer than a part whole, alone in its part', () => {
    const url = `https://example.com/${'b'.repeat(60)}`
    const parts = splitThread(`Look ${url} now please`, 30, bluesky)
    expect(parts.some((p) => stripMarker(p) === url)).toBe(true)
  })

  it('numbers the parts with markers that count toward the limit', () => {
    const text = Array.from({ length: 30 }, () => 'Short sentence here.').join(' ')
    const parts = splitThread(text, 50, bluesky)
    expect(parts.length).toBeGreaterThan(9)
    parts.forEach((p, i) => {
      expect(p.endsWith(` (${i + 1}/${parts.length})`)).toBe(true)
      expect(bluesky(p)).toBeLessThanOrEqual(50)
    })
  })

  it('renumbers after a part is added or removed, and merges back without markers', () => {
    const parts = ['One. (1/3)', 'Two. (2/3)', 'Three. (3/3)']
    expect(renumberThread([parts[0]!, parts[2]!])).toEqual(['One. (1/2)', 'Three. (2/2)'])
    expect(renumberThread([...parts, 'Four.'])).toEqual(['One. (1/4)', 'Two. (2/4)', 'Three. (3/4)', 'Four.'])
    expect(mergeThread(parts)).toBe('One. Two. Three.')
  })
})
