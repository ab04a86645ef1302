/**
 * Channels through the service layer on real org files: a sandbox channel
 * needs nothing; Bluesky signs in against a real local PDS; Mastodon verifies
 * its token against a stand-in instance. Tokens are encrypted, stay on this
 * device (never in the outbox, never taken from a remote op), and a refused
 * sign-in writes nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { integrations, posts, scheduleJobs, socialAccounts } from '../../src-main/db/schema/org'
import { newId } from '../../src-main/core/ids'
import { applyRemoteOps } from '../../src-main/sync/apply-remote'
import { orgTables } from '../../src-main/sync/synced-tables'
import { encodeHlc } from '../../src-shared/sync/hlc'
import { startBlueskyPds, type BlueskyPds, type BlueskyPdsAccount } from '../helpers/bluesky-pds'
import { startOnboardedCore, startTestCore, type TestCore } from '../helpers/core'
import { startFakeMastodon, type FakeMastodon } from '../helpers/fake-mastodon'
import { ClockTimers } from '../helpers/fake-timers'
import { onePixelPng } from '../helpers/png'
import { writeScheduled } from '../helpers/schedule-rows'
import { writeRows } from '../helpers/write-rows'

const cores: TestCore[] = []
afterEach(() => {
  for (const c of cores.splice(0)) c.dispose()
})

async function setup() {
  const started = await startOnboardedCore()
  cores.push(started.core)
  return { core: started.core, orgId: started.org.id }
}

const outboxOps = (core: TestCore, orgId: string) =>
  (core.ctx.dbs.org(orgId).$client.prepare('SELECT ops FROM outbox').all() as { ops: string }[]).flatMap(
    (r) => JSON.parse(r.ops) as { table: string; rowId: string; field: string; value: unknown }[],
  )

const count = (core: TestCore, orgId: string, table: string) =>
  (core.ctx.dbs.org(orgId).$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

describe('sandbox channels', () => {
  it('connects with a name, gets the org zone and a weekday schedule, and is recorded for sync and audit', async () => {
    const { core, orgId } = await setup()
    const events: string[] = []
    core.onEvent((e) => events.push(e.type))
    const channel = await core.ok('connectChannel', { orgId, platform: 'sandbox', name: 'Acme test' })
    expect(channel).toMatchObject({
      platform: 'sandbox',
      username: 'Acme test',
      canPublishHere: true,
      needsReconnect: false,
      service: '',
    })
    expect(channel.schedule.timezone).toBe('Europe/Paris')
    expect(channel.schedule.slots.mon).toEqual(['09:00', '12:30', '17:00'])
    expect(channel.schedule.slots.sun).toEqual([])
    expect(await core.ok('listChannels', { orgId })).toEqual([channel])
    expect(events).toContain('channels.changed')
    const ops = outboxOps(core, orgId)
    expect(ops).toContainEqual(
      expect.objectContaining({ table: 'social_accounts', rowId: channel.id, field: 'username' }),
    )
    expect(ops).toContainEqual(
      expect.objectContaining({ table: 'audit_logs', field: 'action', value: 'channel.connected' }),
    )
  })

  it('validates a new schedule and keeps it', async () => {
    const { core, orgId } = await setup()
    const channel = await core.ok('connectChannel', { orgId, platform: 'sandbox', name: 'Acme' })
    const bad = await core.fails('updateChannel', {
      orgId,
      channelId: channel.id,
      schedule: { timezone: 'Mars/Olympus', slots: { mon: ['25:00'] }, paused: false },
    })
    expect(bad.code).toBe('invalid_input')
    expect(JSON.stringify(bad.issues)).toMatch(/IANA time zone/)
    expect(JSON.stringify(bad.issues)).toMatch(/09:30/)
    const updated = await core.ok('updateChannel', {
      orgId,
      channelId: channel.id,
      schedule: { timezone: 'America/New_York', slots: { sat: ['10:15'] }, paused: true },
    })
    expect(updated.schedule).toMatchObject({ timezone: 'America/New_York', paused: true })
    expect(updated.schedule.slots.sat).toEqual(['10:15'])
    expect(updated.schedule.slots.mon).toEqual([])
    expect((await core.ok('listChannels', { orgId }))[0]!.schedule).toEqual(updated.schedule)
  })

  it('disconnects: the channel is gone, its scheduled posts go back to drafts and their jobs are cancelled', async () => {
    const { core, orgId } = await setup()
    const channel = await core.ok('connectChannel', { orgId, platform: 'sandbox', name: 'Acme' })
    const post = await core.ok('createDraft', { orgId, caption: 'Hello', socialAccountId: channel.id })
    const job = writeScheduled(core, orgId, post.id, new Date('2026-03-02T09:00:00.000Z'))
    expect(await core.ok('disconnectChannel', { orgId, channelId: channel.id })).toEqual({ deleted: true })
    expect(await core.ok('listChannels', { orgId })).toEqual([])
    const db = core.ctx.dbs.org(orgId)
    expect(db.select().from(posts).where(eq(posts.id, post.id)).get()).toMatchObject({
      status: 'draft',
      scheduledAt: null,
    })
    expect(db.select().from(scheduleJobs).where(eq(scheduleJobs.id, job.jobId)).get()!.status).toBe('cancelled')
    const again = await core.fails('disconnectChannel', { orgId, channelId: channel.id })
    expect(again.code).toBe('not_found')
  })
})

describe('Bluesky channels against a local PDS', () => {
  let pds: BlueskyPds
  let alice: BlueskyPdsAccount
  beforeAll(async () => {
    pds = await startBlueskyPds()
    alice = await pds.createAccount('alice')
  }, 60_000)
  afterAll(() => pds?.close())

  it('connects with an app password, keeps the session encrypted on this device only, and reconnects in place', async () => {
    const { core, orgId } = await setup()
    const input = {
      orgId,
      platform: 'bluesky' as const,
      service: pds.url,
      identifier: `@${alice.identifier}`,
      appPassword: alice.appPassword,
    }
    const channel = await core.ok('connectChannel', input)
    expect(channel).toMatchObject({
      platform: 'bluesky',
      username: alice.handle,
      service: pds.url,
      canPublishHere: true,
      profileUrl: `https://bsky.app/profile/${alice.handle}`,
    })
    const db = core.ctx.dbs.org(orgId)
    const row = db.select().from(integrations).get()!
    expect(row.accessTokenEnc).toMatch(/^v1\./)
    expect(row.refreshTokenEnc).toMatch(/^v1\./)
    const stored = db.$client.prepare('SELECT platform_user_id FROM social_accounts').get() as {
      platform_user_id: string
    }
    expect(stored.platform_user_id).toBe(alice.did)
    // Neither the ciphertext nor any token field ever becomes an op.
    const ops = outboxOps(core, orgId)
    expect(ops.filter((op) => op.table === 'integrations').map((op) => op.field)).not.toContain('access_token_enc')
    expect(JSON.stringify(ops)).not.toContain(row.accessTokenEnc!)
    expect(ops.some((op) => /token/.test(op.field))).toBe(false)

    const again = await core.ok('connectChannel', input)
    expect(again.id).toBe(channel.id)
    expect(count(core, orgId, 'social_accounts')).toBe(1)
    expect(count(core, orgId, 'integrations')).toBe(1)
  }, 30_000)

  it('publishes a scheduled post with an image through the core loop, from the encrypted session', async () => {
    const timers = new ClockTimers(() => core.clock)
    const core = startTestCore(undefined, { publishing: { timers } })
    cores.push(core)
    await core.ok('createProfile', { name: 'Ana Ruiz', email: null })
    const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    const bob = await pds.createAccount('bob')
    const channel = await core.ok('connectChannel', {
      orgId: org.id,
      platform: 'bluesky',
      service: pds.url,
      identifier: bob.identifier,
      appPassword: bob.appPassword,
    })
    const image = await core.ok('importMedia', {
      orgId: org.id,
      fileName: 'dot.png',
      mimeType: 'image/png',
      data: onePixelPng().toString('base64'),
      altText: 'A red dot',
    })
    const post = await core.ok('createDraft', {
      orgId: org.id,
      caption: 'Fresh roast, with a picture',
      socialAccountId: channel.id,
      mediaUrls: [image],
    })
    writeScheduled(core, org.id, post.id, core.clock.now())
    core.ctx.publishing.scheduleChanged(org.id)
    await core.scheduler!.idle()
    const row = core.ctx.dbs.org(org.id).select().from(posts).where(eq(posts.id, post.id)).get()!
    expect(core.logged).toEqual([])
    expect(row.status).toBe('published')
    expect(row.platformUrl).toMatch(new RegExp(`^https://bsky\\.app/profile/${bob.handle.replace('.', '\\.')}/post/`))
    const stored = await pds.listPosts(bob.did)
    expect(stored).toHaveLength(1)
    expect(stored[0]!.uri).toBe(row.platformPostId)
    expect(stored[0]!.value.text).toBe('Fresh roast, with a picture')
    expect(stored[0]!.value.embed?.images?.[0]?.alt).toBe('A red dot')
  }, 30_000)

  it('says what to do when Bluesky refuses the app password, and writes nothing', async () => {
    const { core, orgId } = await setup()
    const outboxBefore = count(core, orgId, 'outbox')
    const error = await core.fails('connectChannel', {
      orgId,
      platform: 'bluesky',
      service: pds.url,
      identifier: alice.identifier,
      appPassword: 'wrong-wrong-wrong-wrong',
    })
    expect(error.code).toBe('invalid_input')
    expect(error.message).toContain(`Bluesky refused the app password for @${alice.handle}`)
    expect(error.message).toContain('App passwords')
    expect(error.issues?.[0]?.path).toBe('appPassword')
    expect(count(core, orgId, 'integrations')).toBe(0)
    expect(count(core, orgId, 'social_accounts')).toBe(0)
    expect(count(core, orgId, 'outbox')).toBe(outboxBefore)
  }, 30_000)
})

describe('Mastodon channels and local-only tokens', () => {
  let instance: FakeMastodon
  beforeAll(async () => {
    instance = await startFakeMastodon()
  })
  afterAll(() => instance?.close())

  it('verifies the access token, and a refused one gets a clear error', async () => {
    const { core, orgId } = await setup()
    const refused = await core.fails('connectChannel', {
      orgId,
      platform: 'mastodon',
      service: instance.url,
      accessToken: 'not-the-token',
    })
    expect(refused.code).toBe('invalid_input')
    expect(refused.message).toMatch(/refused the access token .*Preferences → Development/)
    expect(count(core, orgId, 'integrations')).toBe(0)

    const channel = await core.ok('connectChannel', {
      orgId,
      platform: 'mastodon',
      service: instance.url,
      accessToken: instance.token,
    })
    expect(channel).toMatchObject({ platform: 'mastodon', username: 'ana', displayName: 'Ana Ruiz' })
    expect(channel.profileUrl).toBe(`${instance.url}/@ana`)
  })

  it('ignores a remote op that would overwrite this device’s token', async () => {
    const { core, orgId } = await setup()
    await core.ok('connectChannel', { orgId, platform: 'mastodon', service: instance.url, accessToken: instance.token })
    const db = core.ctx.dbs.org(orgId)
    const before = db.select().from(integrations).get()!
    const hlc = encodeHlc({ wallMs: core.clock.now().getTime() + 60_000, counter: 0, node: 'other-device' })
    const result = applyRemoteOps(
      db.$client,
      orgTables,
      [
        { table: 'integrations', rowId: before.id, field: 'access_token_enc', value: 'v1.forged', hlc },
        { table: 'integrations', rowId: before.id, field: 'meta', value: { service: instance.url, note: 'x' }, hlc },
      ],
      { now: core.clock.now() },
    )
    expect(result.ignored).toBe(1)
    const after = db.select().from(integrations).get()!
    expect(after.accessTokenEnc).toBe(before.accessTokenEnc)
    expect(after.meta).toMatchObject({ note: 'x' })
    const channels = await core.ok('listChannels', { orgId })
    expect(channels[0]!.canPublishHere).toBe(true)
  })

  it('shows a channel connected on another device as not publishable here', async () => {
    const { core, orgId } = await setup()
    const integrationId = newId()
    const channelId = newId()
    writeRows(
      core,
      orgId,
      [
        {
          table: integrations,
          rowId: integrationId,
          values: { id: integrationId, orgId, platform: 'mastodon', meta: { service: instance.url } },
        },
        {
          table: socialAccounts,
          rowId: channelId,
          values: { id: channelId, orgId, integrationId, platformUserId: '7', username: 'bob', meta: {} },
        },
      ],
      'channel.connected',
    )
    const [channel] = await core.ok('listChannels', { orgId })
    expect(channel).toMatchObject({ id: channelId, canPublishHere: false, username: 'bob' })
    expect(channel!.schedule.timezone).toBe('Europe/Paris')
  })
})
