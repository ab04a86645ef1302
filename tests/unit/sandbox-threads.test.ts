/** The one rule both Sandbox feeds read a thread by (src-shared/platforms/sandbox-threads.ts). */
import { describe, expect, it } from 'vitest'
import { threadSandboxFeed } from '../../src-shared/platforms/sandbox-threads'

/** Posts named by id, each answering `replyTo`; listed newest first, as the feeds list them. */
const post = (id: string, replyTo?: string) => ({ id, ...(replyTo ? { replyTo } : {}) })
const shape = (feed: ReturnType<typeof threadSandboxFeed<{ id: string }>>) =>
  feed.map(({ post, thread }) => [post.id, thread.map((p) => p.id)])

describe('a Sandbox feed read as threads', () => {
  it('puts a chain of the channel’s own replies under the post it starts, in reading order', () => {
    const newestFirst = [
      post('later'),
      post('comment', 'p3'),
      post('p3', 'p2'),
      post('p2', 'p1'),
      post('p1'),
      post('old'),
    ]
    expect(shape(threadSandboxFeed(newestFirst))).toEqual([
      ['later', []],
      ['p1', ['p2', 'p3', 'comment']],
      ['old', []],
    ])
  })

  it('reads each part’s continuation before a later answer to an earlier part', () => {
    // The first comment answers the first post, after the thread's parts went out.
    const newestFirst = [post('comment', 'p1'), post('p3', 'p2'), post('p2', 'p1'), post('p1')]
    expect(shape(threadSandboxFeed(newestFirst))).toEqual([['p1', ['p2', 'p3', 'comment']]])
  })

  it('leaves replies to anything not in the feed where they are, so nothing goes missing', () => {
    // A reply to a made-up person's comment, and a part whose first post is past the feed's limit.
    const newestFirst = [post('to-ada', 'p1:c0'), post('p9', 'p8'), post('p1')]
    expect(shape(threadSandboxFeed(newestFirst))).toEqual([
      ['to-ada', []],
      ['p9', []],
      ['p1', []],
    ])
  })

  it('still shows every post of a loop of replies, which no platform makes', () => {
    const newestFirst = [post('a', 'b'), post('b', 'a'), post('self', 'self')]
    const feed = threadSandboxFeed(newestFirst)
    expect(
      feed
        .flatMap(({ post, thread }) => [post, ...thread])
        .map((p) => p.id)
        .sort(),
    ).toEqual(['a', 'b', 'self'])
  })
})
