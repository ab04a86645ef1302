/**
 * Comments in from Mastodon against recorded answers of its documented API (GET /api/v1/notifications with
 * types[]=mention, Link-header pagination, since_id; GET /api/v1/statuses/:id/context), served by a real HTTP server
 * on 127.0.0.1: a backfill that stops at its start, the thread above each reply, an incremental fetch, and rate limits.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PlatformError, type PlatformSession } from '../../src-shared/platforms/adapter'
import { createMastodonAdapter } from '../../src-shared/platforms/mastodon'
import { fixture, startRecordedServer, type RecordedServer } from './platforms-recorded-server'

const token = 'ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0'
const OUR_POST = '103270115826048975'
const SOFIA_REPLY = '103270118934592713'
const LEE_REPLY = '103270121456890001'
const STANDALONE = '103265000000000001'
const since = '2019-11-08T00:00:00.000Z'

let server: RecordedServer
let session: PlatformSession
let slept: number[]
const adapter = () =>
  createMastodonAdapter({
    fetch: (input, init) => fetch(input, init),
    now: () => Date.parse('2019-12-08T05:00:00.000Z'),
    sleep: async (ms) => void slept.push(ms),
  })

type Notification = { id: string }
const notifications = fixture('mastodon', 'notifications-mentions.json') as Notification[]

beforeEach(async () => {
  server = await startRecordedServer()
  slept = []
  session = { platform: 'mastodon', service: server.url, accountId: '14715', handle: 'trwnh', accessToken: token }
  server.on('GET', `/api/v1/statuses/${SOFIA_REPLY}/context`, {
    json: { ancestors: [fixture('mastodon', 'status.json')], descendants: [] },
  })
  server.on('GET', `/api/v1/statuses/${LEE_REPLY}/context`, { json: fixture('mastodon', 'context-of-reply.json') })
})
afterEach(() => server.close())

/** Two pages, newest first, linked as Mastodon links them. */
function recordPages() {
  const next = `${server.url}/api/v1/notifications?max_id=${notifications[1]!.id}&types[]=mention`
  server.on(
    'GET',
    '/api/v1/notifications',
    { json: notifications.slice(0, 2), headers: { link: `<${next}>; rel="next", <${server.url}/x>; rel="prev"` } },
    { json: notifications.slice(2) },
  )
}

const notificationRequests = () => server.requests.filter((r) => r.path === '/api/v1/notifications')

describe('Mastodon inbox against recorded answers', () => {
  it('backfills mentions and replies page by page to its start, each reply with the thread above it', async () => {
    recordPages()
    const result = await adapter().fetchInbox(session, { cursor: null, since })
    // Oldest first; the mention from October is before the backfill's start.
    expect(result.comments.map((c) => c.platformCommentId)).toEqual([STANDALONE, SOFIA_REPLY, LEE_REPLY])
    expect(result.cursor).toBe(notifications[0]!.id)

    const [standalone, sofia, lee] = result.comments
    expect(standalone).toMatchObject({ kind: 'mention', inReplyToId: '', platformPostId: STANDALONE, context: [] })
    expect(sofia).toMatchObject({
      kind: 'reply',
      platformPostId: OUR_POST,
      inReplyToId: OUR_POST,
      author: { handle: 'sofia' },
      url: `https://mastodon.social/@sofia/${SOFIA_REPLY}`,
    })
    expect(sofia!.text).toMatch(/^@trwnh Friday & not a day later\?/)
    expect(sofia!.context.map((p) => p.platformPostId)).toEqual([OUR_POST])
    // Lee answers Sofia, not us: a mention in our thread, whose root is our post.
    expect(lee).toMatchObject({ kind: 'mention', platformPostId: OUR_POST, inReplyToId: SOFIA_REPLY })
    expect(lee!.context.map((p) => p.platformPostId)).toEqual([OUR_POST, SOFIA_REPLY])

    const [first, second] = notificationRequests()
    expect(first!.query.getAll('types[]')).toEqual(['mention'])
    expect(first!.query.get('since_id')).toBeNull()
    expect(first!.headers.authorization).toBe(`Bearer ${token}`)
    // The second page is the Link header's rel="next".
    expect(second!.query.get('max_id')).toBe(notifications[1]!.id)
  })

  it('fetches from the cursor on: since_id, and only what is newer', async () => {
    // An instance may answer since_id with the boundary too; the adapter keeps only what is after the cursor.
    const newer = fixture('mastodon', 'notifications-newer.json') as Notification[]
    server.on('GET', '/api/v1/notifications', { json: [...newer, notifications[0]] })
    const result = await adapter().fetchInbox(session, { cursor: notifications[0]!.id, since })
    expect(notificationRequests()[0]!.query.get('since_id')).toBe(notifications[0]!.id)
    expect(result.comments.map((c) => c.text)).toEqual(['@trwnh Ordered two bags.'])
    expect(result.cursor).toBe(newer[0]!.id)

    server.on('GET', '/api/v1/notifications', { json: [] })
    const nothing = await adapter().fetchInbox(session, { cursor: result.cursor, since })
    expect(nothing).toEqual({ comments: [], cursor: result.cursor })
  })

  it('waits out a short rate limit between pages and gives up on a long one with its wait', async () => {
    server.on(
      'GET',
      '/api/v1/notifications',
      { status: 429, headers: { 'retry-after': '2' }, json: fixture('mastodon', 'error-429.json') },
      { json: notifications.slice(0, 2) },
    )
    const result = await adapter().fetchInbox(session, { cursor: notifications[2]!.id, since })
    expect(slept).toEqual([2000])
    expect(result.comments.map((c) => c.platformCommentId)).toEqual([SOFIA_REPLY, LEE_REPLY])

    server.on('GET', '/api/v1/notifications', {
      status: 429,
      headers: { 'retry-after': '600' },
      json: fixture('mastodon', 'error-429.json'),
    })
    const error = await adapter()
      .fetchInbox(session, { cursor: null, since })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ kind: 'transient', retryAfterMs: 600_000 })
  })

  it('does not follow a next link to another host with the token', async () => {
    server.on('GET', '/api/v1/notifications', {
      json: notifications.slice(0, 2),
      headers: { link: '<https://elsewhere.example/api/v1/notifications?max_id=1>; rel="next"' },
    })
    const result = await adapter().fetchInbox(session, { cursor: null, since })
    expect(notificationRequests()).toHaveLength(1)
    expect(result.comments).toHaveLength(2)
  })
})
