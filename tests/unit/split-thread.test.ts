import { describe, expect, it } from 'vitest'
import { splitThread } from '../../src-shared/threads/split-thread'

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
