/**
 * The inbox's fetching loop on a test clock, for a Mastodon channel on a real core and SQLite file, against recorded
 * answers on 127.0.0.1: a rate limit is waited out for as long as the instance says, a failing instance is asked
 * less and less often, and the channel's trouble is told in words until a fetch works again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CommentFetchLoop } from '../../src-main/scheduler/comment-fetch-loop'
import { startOnboardedCore, type TestCore } from '../helpers/core'
import { ClockTimers } from '../helpers/fake-timers'
import { fixture, startRecordedServer, type RecordedServer } from './platforms-recorded-server'

const MINUTE = 60_000

let server: RecordedServer
let core: TestCore
let orgId: string
let loop: CommentFetchLoop
let timers: ClockTimers

beforeEach(async () => {
  server = await startRecordedServer()
  server.on('GET', '/api/v1/accounts/verify_credentials', { json: fixture('mastodon', 'account.json') })
  const started = await startOnboardedCore()
  core = started.core
  orgId = started.org.id
  // The recorded notifications are from December 2019: the backfill's 30 days reach them.
  core.clock.advance(Date.parse('2019-12-08T05:00:00Z') - core.clock.now().getTime())
  await core.ok('connectChannel', { orgId, platform: 'mastodon', service: server.url, accessToken: 'token' })
  timers = new ClockTimers(() => core.clock)
  loop = new CommentFetchLoop(core.ctx, { timers, intervalMs: 5 * MINUTE, tickMs: MINUTE, random: () => 0.5 })
})
afterEach(async () => {
  loop.stop()
  core.dispose()
  await server.close()
})

const asked = () => server.requests.filter((r) => r.path === '/api/v1/notifications').length
const advance = (ms: number) => timers.advance(ms, () => loop.idle())
const problem = async () => (await core.ok('inboxChannels', { orgId }))[0]!.problem
const commentCount = () =>
  (core.ctx.dbs.org(orgId).$client.prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n

describe('the inbox fetching loop', () => {
  it('waits out a rate limit as long as the instance says, then fetches', async () => {
    server.on('GET', '/api/v1/notifications', {
      status: 429,
      headers: { 'retry-after': '900' },
      json: fixture('mastodon', 'error-429.json'),
    })
    await loop.start()
    expect(asked()).toBe(1)
    expect(await problem()).toMatch(/could not be fetched just now: .*fetched again shortly/)

    // Past the usual five minutes, but not the fifteen the instance asked for.
    await advance(10 * MINUTE)
    expect(asked()).toBe(1)

    server.on('GET', '/api/v1/notifications', { json: fixture('mastodon', 'notifications-mentions.json') })
    server.on('GET', '/api/v1/statuses/103270118934592713/context', { json: { ancestors: [], descendants: [] } })
    server.on('GET', '/api/v1/statuses/103270121456890001/context', { json: { ancestors: [], descendants: [] } })
    await advance(6 * MINUTE)
    expect(asked()).toBe(2)
    expect(await problem()).toBeNull()
    expect(commentCount()).toBe(3)
  })

  it('asks a failing instance less and less often, and goes back to every five minutes once it answers', async () => {
    server.on('GET', '/api/v1/notifications', { status: 503, json: { error: 'Service Unavailable' } })
    await loop.start()
    expect(asked()).toBe(1)
    await advance(5 * MINUTE)
    expect(asked()).toBe(2)
    // Two failures: ten minutes now.
    await advance(5 * MINUTE)
    expect(asked()).toBe(2)
    await advance(5 * MINUTE)
    expect(asked()).toBe(3)
    expect(await problem()).toMatch(/The instance failed \(503\)/)

    server.on('GET', '/api/v1/notifications', { json: [] })
    await advance(20 * MINUTE)
    expect(asked()).toBe(4)
    expect(await problem()).toBeNull()
    await advance(5 * MINUTE)
    expect(asked()).toBe(5)
  })
})
