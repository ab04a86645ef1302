import { describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { rkeyFromIdempotencyKey, isValidTid } from '../../src-shared/platforms/bluesky'
import {
  followUpKey,
  followUpNote,
  followUpSteps,
  remainingSteps,
  replyTargetOf,
  type FollowUpSource,
} from '../../src-shared/scheduling/follow-ups'

const source = (over: Partial<FollowUpSource> = {}): FollowUpSource => ({
  platformPostId: 'root',
  publishedAt: '2026-03-01T09:00:00.000Z',
  firstComment: 'Menu inside',
  threadParts: [{ text: 'two' }, { text: 'three' }],
  followUps: [],
  ...over,
})
const sent = (kind: 'part' | 'first_comment', index: number, platformPostId: string) => ({
  kind,
  index,
  platformPostId,
  publishedAt: '2026-03-01T09:00:01.000Z',
})

describe('a post’s follow-ups', () => {
  it('are its thread parts in order, then its first comment; a blank comment is none', () => {
    expect(followUpSteps(source()).map((s) => [s.kind, s.index, s.text])).toEqual([
      ['part', 1, 'two'],
      ['part', 2, 'three'],
      ['first_comment', 0, 'Menu inside'],
    ])
    expect(followUpSteps(source({ firstComment: '  ', threadParts: [] }))).toEqual([])
  })

  it('leave out what is recorded, and each answers the step before it, or the post', () => {
    const s = source({ followUps: [sent('part', 1, 'p1')] })
    const left = remainingSteps(s)
    expect(left.map((step) => step.index)).toEqual([2, 0])
    expect(replyTargetOf(s, left[0]!)).toBe('p1')
    expect(replyTargetOf(source({ threadParts: [] }), followUpSteps(source({ threadParts: [] }))[0]!)).toBe('root')
  })

  it('carry keys of their own that Bluesky turns into the same valid record key every time', () => {
    const job = uuidv7()
    const keys = [followUpKey(job, { kind: 'part', index: 1 }), followUpKey(job, { kind: 'first_comment', index: 0 })]
    expect(keys).toEqual([`${job}-part-1`, `${job}-comment`])
    const rkeys = keys.map(rkeyFromIdempotencyKey)
    expect(rkeys.every(isValidTid)).toBe(true)
    expect(new Set([rkeyFromIdempotencyKey(job), ...rkeys]).size).toBe(3)
    expect(keys.map(rkeyFromIdempotencyKey)).toEqual(rkeys)
  })

  it('are named in words when one stops', () => {
    expect(followUpNote({ kind: 'first_comment', index: 0 }, 'replies are closed.')).toBe(
      'The first comment was not posted: replies are closed. Retry to send it.',
    )
    expect(followUpNote({ kind: 'part', index: 2 }, 'too long')).toBe(
      'Part 3 of the thread was not posted, nor anything after it: too long. Retry to send it.',
    )
  })
})
