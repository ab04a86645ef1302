import { describe, expect, it } from 'vitest'
import { platformLimits } from '../../src-shared/platforms'
import { blueskyLimits } from '../../src-shared/platforms/bluesky'
import { validateContent } from '../../src-shared/threads/thread-checks'

const post = (over: Partial<Parameters<typeof validateContent>[2]> = {}) => ({
  text: 'Hello.',
  threadParts: [],
  firstComment: null,
  ...over,
})

describe('validateContent', () => {
  it('allows threads and a first comment on Bluesky, Mastodon and the Sandbox', () => {
    for (const id of ['bluesky', 'mastodon', 'sandbox'] as const) {
      expect(platformLimits[id].threads).toBe(true)
      expect(platformLimits[id].firstComment).toBe(true)
    }
  })

  it('names the part that is too long, counting as the platform counts', () => {
    const problems = validateContent(blueskyLimits, 'bluesky', {
      text: 'Part one.',
      threadParts: [{ text: 'Fine.' }, { text: '😀'.repeat(312) }],
      firstComment: null,
    })
    expect(problems.map((p) => p.message)).toEqual(['Part 3 is too long by 12 characters (312 of 300).'])
    expect(problems[0]!.part).toBe(3)
  })

  it('calls the caption part 1 in a thread, and the post as before without one', () => {
    const long = 'a'.repeat(305)
    expect(validateContent(blueskyLimits, 'bluesky', post({ text: long }))[0]!.message).toBe(
      'Too long by 5 characters (305 of 300).',
    )
    const inThread = validateContent(blueskyLimits, 'bluesky', post({ text: long, threadParts: [{ text: 'b' }] }))
    expect(inThread[0]!.message).toBe('Part 1 is too long by 5 characters (305 of 300).')
  })

  it('refuses an empty part and checks the first comment with its own name', () => {
    const problems = validateContent(blueskyLimits, 'bluesky', {
      text: 'Post.',
      threadParts: [{ text: '  ' }],
      firstComment: 'x'.repeat(301),
    })
    expect(problems.map((p) => p.message)).toEqual([
      'Part 2 is empty: write something or remove it.',
      'The first comment is too long by 1 character (301 of 300).',
    ])
    expect(problems[1]!.firstComment).toBe(true)
  })

  it('refuses a thread and a first comment where the platform has neither', () => {
    const limits = { ...blueskyLimits, threads: false, firstComment: false }
    const problems = validateContent(limits, 'bluesky', post({ threadParts: [{ text: 'b' }], firstComment: 'c' }))
    expect(problems.map((p) => p.message)).toEqual([
      'Threads cannot go out on Bluesky: merge the parts back into one post.',
      'A first comment cannot go out on Bluesky: remove it.',
    ])
  })

  it('counts a web address in a Mastodon part as 23', () => {
    const url = `https://example.com/${'x'.repeat(600)}`
    expect(validateContent(platformLimits.mastodon, 'mastodon', post({ threadParts: [{ text: url }] }))).toEqual([])
  })
})
