import { describe, expect, it } from 'vitest'
import { detectSpans, isValidTid, rkeyFromIdempotencyKey } from '../../src-shared/platforms/bluesky'

const bytesOf = (text: string, start: number, end: number) =>
  new TextDecoder().decode(new TextEncoder().encode(text).slice(start, end))

describe('facet byte offsets', () => {
  it('counts an accent before a mention as two bytes', () => {
    expect(detectSpans('é @alice.bsky.social')).toEqual([
      { kind: 'mention', value: 'alice.bsky.social', byteStart: 3, byteEnd: 21 },
    ])
  })

  it('counts an emoji with a skin tone as eight bytes before a link', () => {
    expect(detectSpans('👋🏽 https://x.com')).toEqual([
      { kind: 'link', value: 'https://x.com', byteStart: 9, byteEnd: 22 },
    ])
  })

  it('finds links, mentions and tags whose bytes are exactly their text', () => {
    const text = 'Café ☕ with @bob.example.com: see https://example.com/ça?x=1 (and https://w.org/a_(b)). #déjàvu 🇫🇷'
    const spans = detectSpans(text)
    expect(spans.map((s) => [s.kind, s.value, bytesOf(text, s.byteStart, s.byteEnd)])).toEqual([
      ['mention', 'bob.example.com', '@bob.example.com'],
      ['link', 'https://example.com/ça?x=1', 'https://example.com/ça?x=1'],
      ['link', 'https://w.org/a_(b)', 'https://w.org/a_(b)'],
      ['tag', 'déjàvu', '#déjàvu'],
    ])
  })

  it('leaves out trailing punctuation, an e-mail address and a number-only tag', () => {
    const spans = detectSpans('Mail me@site.com, read https://a.io/x. Issue #42.')
    expect(spans.map((s) => s.value)).toEqual(['https://a.io/x'])
  })
})

describe('record keys from idempotency keys', () => {
  it('gives the same valid TID for the same key, and different ones for different keys', () => {
    const keys = ['0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b', '01JDQ6ZK6Q4Z0M3N5P7R9T1V2W', 'plain key', '']
    for (const key of keys) {
      const rkey = rkeyFromIdempotencyKey(key)
      expect(isValidTid(rkey), `${key} → ${rkey}`).toBe(true)
      expect(rkeyFromIdempotencyKey(key)).toBe(rkey)
    }
    const many = new Set(Array.from({ length: 5000 }, (_, i) => rkeyFromIdempotencyKey(`job-${i}`)))
    expect(many.size).toBe(5000)
  })

  it('keeps the time of a UUIDv7 key, so posts sort by when they were planned', () => {
    const ms = Date.parse('2026-11-25T12:00:00.000Z')
    const hex = ms.toString(16).padStart(12, '0')
    const key = `${hex.slice(0, 8)}-${hex.slice(8)}-7abc-8def-0123456789ab`
    const rkey = rkeyFromIdempotencyKey(key)
    let value = 0n
    for (const char of rkey) value = value * 32n + BigInt('234567abcdefghijklmnopqrstuvwxyz'.indexOf(char))
    const micros = value >> 10n
    expect(Number(micros / 1000n)).toBe(ms)
    // Same millisecond, different keys: different rkeys.
    expect(rkeyFromIdempotencyKey(key.replace(/ab$/, 'ac'))).not.toBe(rkey)
  })

  it('rejects strings that are not TIDs', () => {
    expect(isValidTid('3jzfcijpj2z2a')).toBe(true)
    expect(isValidTid('kjzfcijpj2z2a')).toBe(false)
    expect(isValidTid('3jzfcijpj2z2')).toBe(false)
    expect(isValidTid('3jzfcijpj2z21')).toBe(false)
  })
})
