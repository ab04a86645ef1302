/**
 * Which post each chosen channel keeps when the composer schedules its group: its own, a draft handed over from
 * a channel no longer chosen (never a post with a time), or a new one; the rest of the group is removed.
 */
import { describe, expect, it } from 'vitest'
import type { Post } from '../../src-shared/entities/models'
import { groupPlan } from '../../src-shared/entities/post-group'

const post = (id: string, status: Post['status']) => ({ id, status }) as Post

describe('groupPlan', () => {
  it('keeps each channel’s post, hands a draft over, creates the rest and removes what is left', () => {
    const saved = new Map([
      ['a', post('post-a', 'draft')],
      ['gone-scheduled', post('post-s', 'scheduled')],
      ['gone-draft', post('post-d', 'draft')],
    ])
    const plan = groupPlan(['a', 'b', 'c'], (id) => `text for ${id}`, saved)
    expect(plan).toEqual({
      posts: [
        { postId: 'post-a', channelId: 'a', caption: 'text for a' },
        { postId: 'post-d', channelId: 'b', caption: 'text for b' },
        { postId: null, channelId: 'c', caption: 'text for c' },
      ],
      remove: ['post-s'],
    })
  })

  it('turns the draft written before any channel was chosen into the first channel’s post', () => {
    const plan = groupPlan(['a'], () => 'Hello', new Map([['', post('first', 'draft')]]))
    expect(plan).toEqual({ posts: [{ postId: 'first', channelId: 'a', caption: 'Hello' }], remove: [] })
  })
})
