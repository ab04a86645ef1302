/**
 * The core's own scheduling loop, wired as the app runs it: a sandbox post
 * scheduled on a channel connected through the service layer goes out when
 * its time comes (timers on the test's clock), lands in the org's local
 * sandbox feed, gets its platform link, and the person is told. The org's
 * own publish-late window is read when the job is claimed.
 */
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppEvent } from '../../src-shared/api/events'
import { posts, scheduleJobs } from '../../src-main/db/schema/org'
import { startTestCore, type TestCore } from '../helpers/core'
import { ClockTimers } from '../helpers/fake-timers'
import { startFakeMastodon } from '../helpers/fake-mastodon'
import { writeScheduled } from '../helpers/schedule-rows'

const MINUTE = 60_000
const cores: TestCore[] = []
afterEach(() => {
  for (const c of cores.splice(0)) c.dispose()
})

async function setup() {
  // The core makes its clock; the timers read it once the core exists.
  const timers = new ClockTimers(() => core.clock)
  const core = startTestCore(undefined, { publishing: { timers } })
  cores.push(core)
  const events: AppEvent[] = []
  core.onEvent((e) => events.push(e))
  await core.ok('createProfile', { name: 'Ana Ruiz', email: null })
  const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
  const channel = await core.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme sandbox' })
  const scheduler = core.scheduler!
  await scheduler.idle()
  const settle = () => scheduler.idle()
  return { core, orgId: org.id, channel, timers, events, settle }
}

/** A draft on the channel, put on the schedule the way schedulePost does, and the loop told. */
async function schedule(core: TestCore, orgId: string, channelId: string, runAt: Date, caption: string) {
  const post = await core.ok('createDraft', { orgId, caption, socialAccountId: channelId })
  const ids = writeScheduled(core, orgId, post.id, runAt)
  core.ctx.publishing.scheduleChanged(orgId)
  return ids
}

describe('the core publishing loop', () => {
  it('publishes a due sandbox post once, links it, shows it in the feed and tells the person', async () => {
    const s = await setup()
    const due = new Date(s.core.clock.now().getTime() + 10 * MINUTE)
    const ids = await schedule(s.core, s.orgId, s.channel.id, due, 'Fresh roast today')
    await s.settle()
    expect(s.timers.firesAt()).toContain(due.getTime())

    await s.timers.advance(9 * MINUTE, s.settle)
    expect(await s.core.ok('listSandboxFeed', { orgId: s.orgId, channelId: s.channel.id })).toEqual([])

    await s.timers.advance(1 * MINUTE, s.settle)
    const post = await s.core.ok('getPost', { orgId: s.orgId, postId: ids.postId }).catch(() => null)
    const row = s.core.ctx.dbs.org(s.orgId).select().from(posts).where(eq(posts.id, ids.postId)).get()!
    expect(row.status).toBe('published')
    expect(row.publishedAt).toBe(due.toISOString())
    const feed = await s.core.ok('listSandboxFeed', { orgId: s.orgId, channelId: s.channel.id })
    expect(feed).toHaveLength(1)
    expect(feed[0]).toMatchObject({ text: 'Fresh roast today', id: row.platformPostId })
    expect(row.platformUrl).toBe(`sandbox://${s.orgId}/${s.channel.id}/posts/${row.platformPostId}`)
    expect(feed[0]!.url).toBe(row.platformUrl)
    if (post) expect(post.platformUrl).toBe(row.platformUrl)

    const told = s.events.filter((e) => e.type === 'notification')
    expect(told).toHaveLength(1)
    expect(told[0]).toMatchObject({ notification: { kind: 'post.published', postId: ids.postId, orgId: s.orgId } })
    const list = await s.core.ok('listNotifications', {})
    expect(list.map((n) => n.kind)).toEqual(['post.published'])

    // Later passes and catch-ups never publish it again.
    await s.core.scheduler!.catchUp()
    await s.timers.advance(120 * MINUTE, s.settle)
    expect(await s.core.ok('listSandboxFeed', { orgId: s.orgId, channelId: s.channel.id })).toHaveLength(1)
  })

  it('reads the org’s own publish-late window when it claims a job', async () => {
    const s = await setup()
    const settings = await s.core.ok('updatePublishingSettings', {
      orgId: s.orgId,
      settings: { publishLateWithinMinutes: 5 },
    })
    expect(settings).toEqual({ publishLateWithinMinutes: 5, serverPublishing: false })
    expect(await s.core.ok('getPublishingSettings', { orgId: s.orgId })).toEqual(settings)
    const bad = await s.core.fails('updatePublishingSettings', {
      orgId: s.orgId,
      settings: { publishLateWithinMinutes: -1 },
    })
    expect(bad.code).toBe('invalid_input')

    // Ten minutes late: inside the default 15, outside this org's 5.
    const tenMinutesAgo = new Date(s.core.clock.now().getTime() - 10 * MINUTE)
    const ids = await schedule(s.core, s.orgId, s.channel.id, tenMinutesAgo, 'Too late')
    await s.settle()
    const row = s.core.ctx.dbs.org(s.orgId).select().from(posts).where(eq(posts.id, ids.postId)).get()!
    expect(row.status).toBe('needs_attention')
    expect(await s.core.ok('listSandboxFeed', { orgId: s.orgId, channelId: s.channel.id })).toEqual([])
    const list = await s.core.ok('listNotifications', {})
    expect(list[0]).toMatchObject({ kind: 'post.needs_attention', postId: ids.postId })
    expect(list[0]!.body).toMatch(/missed/)

    await s.core.ok('updatePublishingSettings', { orgId: s.orgId, settings: { publishLateWithinMinutes: 30 } })
    const other = await schedule(s.core, s.orgId, s.channel.id, tenMinutesAgo, 'Late but fine')
    await s.settle()
    const published = s.core.ctx.dbs.org(s.orgId).select().from(posts).where(eq(posts.id, other.postId)).get()!
    expect(published.status).toBe('published')
  })

  it('fails a post whose Mastodon token was revoked, flags the channel for reconnecting, and says why', async () => {
    const s = await setup()
    const instance = await startFakeMastodon()
    try {
      const channel = await s.core.ok('connectChannel', {
        orgId: s.orgId,
        platform: 'mastodon',
        service: instance.url,
        accessToken: instance.token,
      })
      instance.token = 'a-new-token-the-app-does-not-have'
      const ids = await schedule(s.core, s.orgId, channel.id, s.core.clock.now(), 'Hello fediverse')
      await s.settle()
      const row = s.core.ctx.dbs.org(s.orgId).select().from(posts).where(eq(posts.id, ids.postId)).get()!
      expect(row.status).toBe('failed')
      const job = s.core.ctx.dbs.org(s.orgId).select().from(scheduleJobs).where(eq(scheduleJobs.id, ids.jobId)).get()!
      expect(job.lastError).toMatch(/Mastodon refused the account's access.*Reconnect the channel/)
      expect(instance.statusPosts).toHaveLength(0)
      const [listed] = await s.core
        .ok('listChannels', { orgId: s.orgId })
        .then((c) => c.filter((x) => x.id === channel.id))
      expect(listed!.needsReconnect).toBe(true)
      const notes = await s.core.ok('listNotifications', {})
      expect(notes[0]).toMatchObject({ kind: 'post.failed', postId: ids.postId })

      // Connecting again with the new token clears the flag on the same channel.
      const again = await s.core.ok('connectChannel', {
        orgId: s.orgId,
        platform: 'mastodon',
        service: instance.url,
        accessToken: instance.token,
      })
      expect(again).toMatchObject({ id: channel.id, needsReconnect: false })
    } finally {
      await instance.close()
    }
  })

  it('opens only https links, and says so when the host cannot open any', async () => {
    const s = await setup()
    expect(await s.core.ok('openExternal', { url: 'https://bsky.app/profile/acme.test' })).toEqual({ opened: false })
    const refused = await s.core.fails('openExternal', { url: 'http://example.com' })
    expect(refused.code).toBe('invalid_input')
  })
})
