/**
 * Server publishing for Bluesky: a real desktop core hands its channel's
 * session to the real sync server (over loopback HTTP) when the org turns
 * server publishing on, and the server's loop publishes to a real local PDS
 * while the desktop is closed, once; the credentials route refuses what it
 * should, never answers a token and keeps them sealed at rest.
 */
import type { AddressInfo } from 'node:net'
import { and, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { posts } from '../../src-main/db/schema/org'
import { readStoredChannel, sessionOf } from '../../src-main/platforms/channel-store'
import { serverHoldsChannel } from '../../src-main/sync/channel-credentials'
import type { PlatformSession } from '../../src-shared/platforms/adapter'
import { channelCredentials, posts as serverPosts, scheduleJobs } from '../../sync-server/db/schema'
import { acquireLease } from '../../sync-server/services/leases'
import { createBlueskyAdapter } from '../../src-shared/platforms/bluesky'
import { createServerPublisher, type ServerPublisher } from '../../sync-server/publishing/server-publisher'
import { seal, serverKey, unseal } from '../../sync-server/services/credentials'
import { startFakeMastodon } from '../helpers/fake-mastodon'
import { ClockTimers } from '../helpers/fake-timers'
import { onePixelPng } from '../helpers/png'
import { startBlueskyPds, type BlueskyPds, type BlueskyPdsAccount } from '../helpers/bluesky-pds'
import { makeTempDir, startTestCore, type TestCore } from '../helpers/core'
import { startTestServer, type TestServer } from '../helpers/sync-server'

const MINUTE = 60_000

let pds: BlueskyPds
let server: TestServer
let serverUrl: string
let publisher: ServerPublisher
const cores: TestCore[] = []

beforeAll(async () => {
  pds = await startBlueskyPds()
}, 60_000)
afterAll(() => pds?.close())

beforeEach(async () => {
  // The server's own key comes from its data folder here (made on first use, 0600).
  server = await startTestServer({ env: { DATA_DIR: makeTempDir('server-data-') } })
  await server.app.listen({ port: 0, host: '127.0.0.1' })
  serverUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
  publisher = createServerPublisher(server.app.ctx, { publicUrl: serverUrl, random: () => 0.5 })
})
afterEach(async () => {
  publisher.stop()
  await publisher.idle()
  for (const core of cores.splice(0)) core.dispose()
  await server.close()
})

/** A desktop signed in to the server, with an attached org and a Bluesky channel on the PDS. */
async function desktopWithBluesky(account: BlueskyPdsAccount, { loop = false } = {}) {
  const timers = new ClockTimers(() => core.clock)
  const core = startTestCore(undefined, loop ? { publishing: { timers } } : {})
  cores.push(core)
  const email = `${account.handle.split('.')[0]}@example.com`
  await core.ok('createProfile', { name: 'Ana', email })
  await core.ok('connectServer', { serverUrl, email, password: 'correct horse battery', mode: 'signup' })
  const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
  await core.ok('attachOrganization', { orgId: org.id })
  const channel = await core.ok('connectChannel', {
    orgId: org.id,
    platform: 'bluesky',
    service: pds.url,
    identifier: account.identifier,
    appPassword: account.appPassword,
  })
  await core.ok('syncNow', { orgId: org.id })
  const stored = readStoredChannel(core.ctx.dbs.org(org.id), channel.id)!
  const session = (await sessionOf(core.ctx.secrets, stored))!
  return { core, orgId: org.id, channelId: channel.id, session, token: core.ctx.sync.currentSession!.token }
}

const credentialRow = async (orgId: string, channelId: string) =>
  (
    await server.database.db
      .select()
      .from(channelCredentials)
      .where(and(eq(channelCredentials.orgId, orgId), eq(channelCredentials.channelId, channelId)))
  )[0]

function put(orgId: string, channelId: string, token: string | null, body: unknown) {
  return server.app
    .inject({
      method: 'PUT',
      url: `/v1/orgs/${orgId}/channels/${channelId}/credentials`,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    })
    .then((r) => ({ status: r.statusCode, text: r.body, body: JSON.parse(r.body) }))
}

const bodyOf = (session: PlatformSession) => ({
  platform: session.platform,
  service: session.service,
  accountId: session.accountId,
  handle: session.handle,
  accessToken: session.accessToken,
  refreshToken: session.refreshToken,
})

describe('server publishing with a Bluesky channel', () => {
  it('gets the session when the org turns it on, publishes once to the PDS while the desktop is closed, and loses it when turned off', async () => {
    const alice = await pds.createAccount('alice')
    const { core, orgId, channelId, session } = await desktopWithBluesky(alice)
    expect(await credentialRow(orgId, channelId)).toBeUndefined()

    await core.ok('updatePublishingSettings', { orgId, settings: { serverPublishing: true } })
    // The settings are pushed, then the round's end hands the session over.
    await vi.waitFor(async () => expect(await credentialRow(orgId, channelId)).toBeDefined(), { timeout: 10_000 })
    const row = (await credentialRow(orgId, channelId))!
    expect(row).toMatchObject({ platform: 'bluesky', accountId: alice.did, handle: alice.handle, service: pds.url })
    // Sealed at rest: neither token appears in the row, and the server's key opens them.
    expect(JSON.stringify(row)).not.toContain(session.accessToken)
    expect(JSON.stringify(row)).not.toContain(session.refreshToken!)
    const bound = `${orgId}/${channelId}`
    expect(unseal(serverKey(server.app.ctx), row.accessTokenEnc, bound)).toBe(session.accessToken)
    // This device now leaves the channel's jobs to the server.
    const db = core.ctx.dbs.org(orgId)
    await vi.waitFor(() => expect(serverHoldsChannel(db, orgId, readStoredChannel(db, channelId)!)).toBe(true))
    // Settings → Publishing says so.
    await vi.waitFor(async () =>
      expect((await core.ok('getPublishingSettings', { orgId })).serverChannels).toEqual({
        ready: 1,
        total: 1,
        problem: null,
      }),
    )

    const draft = await core.ok('createDraft', {
      orgId,
      caption: 'Fresh beans, roasted at dawn',
      socialAccountId: channelId,
    })
    const at = new Date(core.clock.now().getTime() + 10 * MINUTE).toISOString()
    await core.ok('schedulePost', { orgId, postId: draft.id, when: { kind: 'at', at } })
    expect((await core.ok('syncNow', { orgId })).pending).toBe(0)
    core.close()

    server.clock.advance(11 * MINUTE)
    await publisher.runDue()
    await publisher.runDue()
    const sent = await pds.listPosts(alice.did)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.value.text).toBe('Fresh beans, roasted at dawn')

    // The laptop wakes up and pulls the outcome with its link.
    const laptop = startTestCore(core.dataDir)
    cores.push(laptop)
    await vi.waitFor(() => expect(laptop.ctx.sync.currentSession).not.toBeNull())
    await laptop.ok('syncNow', { orgId })
    const post = laptop.ctx.dbs.org(orgId).select().from(posts).where(eq(posts.id, draft.id)).get()!
    expect(post.status).toBe('published')
    expect(post.platformPostId).toBe(sent[0]!.uri)
    expect(post.platformUrl).toMatch(/^https:\/\/bsky\.app\/profile\/.+\/post\/.+/)

    await laptop.ok('updatePublishingSettings', { orgId, settings: { serverPublishing: false } })
    await vi.waitFor(async () => expect(await credentialRow(orgId, channelId)).toBeUndefined(), { timeout: 10_000 })
  }, 60_000)

  it('a desktop that handed a channel over leaves its due posts to the server, and publishes them itself once it is off', async () => {
    const erin = await pds.createAccount('erin')
    const { core, orgId, channelId } = await desktopWithBluesky(erin, { loop: true })
    await core.ok('updatePublishingSettings', { orgId, settings: { serverPublishing: true } })
    const db = core.ctx.dbs.org(orgId)
    await vi.waitFor(() => expect(serverHoldsChannel(db, orgId, readStoredChannel(db, channelId)!)).toBe(true))

    const shareNow = async (caption: string) => {
      const draft = await core.ok('createDraft', { orgId, caption, socialAccountId: channelId })
      await core.ok('schedulePost', { orgId, postId: draft.id, when: { kind: 'now' } })
      await core.ok('syncNow', { orgId })
      core.ctx.publishing.scheduleChanged(orgId)
      await core.scheduler!.idle()
      return draft.id
    }
    const first = await shareNow('Sent by the server')
    expect(await pds.listPosts(erin.did)).toEqual([])
    expect(core.ctx.dbs.org(orgId).select().from(posts).where(eq(posts.id, first)).get()!.status).toBe('scheduled')
    await publisher.runDue()
    expect((await pds.listPosts(erin.did)).map((p) => p.value.text)).toEqual(['Sent by the server'])

    await core.ok('updatePublishingSettings', { orgId, settings: { serverPublishing: false } })
    await vi.waitFor(async () => expect(await credentialRow(orgId, channelId)).toBeUndefined(), { timeout: 10_000 })
    await shareNow('Sent by the desktop')
    expect((await pds.listPosts(erin.did)).map((p) => p.value.text)).toEqual([
      'Sent by the desktop',
      'Sent by the server',
    ])
  }, 60_000)

  it('takes over a lease a crashed desktop never released by looking the post up on the PDS, never posting it twice', async () => {
    const fay = await pds.createAccount('fay')
    const { core, orgId, channelId, session } = await desktopWithBluesky(fay)
    await core.ok('updatePublishingSettings', { orgId, settings: { serverPublishing: true } })
    await vi.waitFor(async () => expect(await credentialRow(orgId, channelId)).toBeDefined(), { timeout: 10_000 })
    const draft = await core.ok('createDraft', {
      orgId,
      caption: 'Posted, then the laptop died',
      socialAccountId: channelId,
    })
    await core.ok('schedulePost', { orgId, postId: draft.id, when: { kind: 'now' } })
    await core.ok('syncNow', { orgId })
    const [job] = await server.database.db.select().from(scheduleJobs).where(eq(scheduleJobs.postId, draft.id))
    // A desktop took the lease, published under the job's key, and died before telling anyone.
    await acquireLease(server.app.ctx, orgId, job!.id, 'laptop', 60_000)
    const bluesky = createBlueskyAdapter({ fetch: (input, init) => fetch(input, init) })
    const published = await bluesky.publish(
      session,
      { text: 'Posted, then the laptop died' },
      { idempotencyKey: job!.id },
    )
    core.close()

    await publisher.runDue()
    expect(await pds.listPosts(fay.did)).toHaveLength(1)
    server.clock.advance(2 * MINUTE)
    await publisher.runDue()

    expect(await pds.listPosts(fay.did)).toHaveLength(1)
    const [post] = await server.database.db.select().from(serverPosts).where(eq(serverPosts.id, draft.id))
    expect(post).toMatchObject({ status: 'published', platformPostId: published.platformPostId })
  }, 60_000)

  it('refreshes a session the PDS refuses, keeps the new tokens, and publishes', async () => {
    const bob = await pds.createAccount('bob')
    const { core, orgId, channelId, session, token } = await desktopWithBluesky(bob)
    await core.ok('updatePublishingSettings', { orgId, settings: { serverPublishing: true } })
    await vi.waitFor(async () => expect(await credentialRow(orgId, channelId)).toBeDefined(), { timeout: 10_000 })
    // An access token the PDS no longer takes: the loop must refresh before it can publish.
    expect((await put(orgId, channelId, token, { ...bodyOf(session), accessToken: 'expired-token' })).status).toBe(200)
    const before = (await credentialRow(orgId, channelId))!

    const draft = await core.ok('createDraft', { orgId, caption: 'Cold brew is back', socialAccountId: channelId })
    const at = new Date(core.clock.now().getTime() + 10 * MINUTE).toISOString()
    await core.ok('schedulePost', { orgId, postId: draft.id, when: { kind: 'at', at } })
    await core.ok('syncNow', { orgId })
    server.clock.advance(11 * MINUTE)
    await publisher.runDue()

    expect((await pds.listPosts(bob.did)).map((p) => p.value.text)).toEqual(['Cold brew is back'])
    const after = (await credentialRow(orgId, channelId))!
    expect(after.refreshedAt).not.toBeNull()
    expect(after.accessTokenEnc).not.toBe(before.accessTokenEnc)
    expect(unseal(serverKey(server.app.ctx), after.accessTokenEnc, `${orgId}/${channelId}`)).not.toBe('expired-token')
  }, 60_000)

  it('publishes an image a desktop uploaded, with its alt text, and retries while an attachment has not arrived', async () => {
    const carol = await pds.createAccount('carol')
    const { core, orgId, channelId } = await desktopWithBluesky(carol)
    await core.ok('updatePublishingSettings', { orgId, settings: { serverPublishing: true } })
    await vi.waitFor(async () => expect(await credentialRow(orgId, channelId)).toBeDefined(), { timeout: 10_000 })
    const image = await core.ok('importMedia', {
      orgId,
      fileName: 'dot.png',
      mimeType: 'image/png',
      data: onePixelPng().toString('base64'),
      altText: 'A red dot',
    })
    const missing = { url: `media:${'ab'.repeat(32)}.png`, type: 'image' as const, fileName: 'latte.png' }
    const withImage = await core.ok('createDraft', {
      orgId,
      caption: 'Latte art',
      socialAccountId: channelId,
      mediaUrls: [image],
    })
    const notThere = await core.ok('createDraft', {
      orgId,
      caption: 'Lost',
      socialAccountId: channelId,
      mediaUrls: [missing],
    })
    const at = new Date(core.clock.now().getTime() + 10 * MINUTE).toISOString()
    for (const post of [withImage, notThere]) {
      await core.ok('schedulePost', { orgId, postId: post.id, when: { kind: 'at', at } })
    }
    // The round uploads the image to the server's media store.
    await core.ok('syncNow', { orgId })
    core.close()
    server.clock.advance(11 * MINUTE)
    await publisher.runDue()

    const sent = await pds.listPosts(carol.did)
    expect(sent.map((p) => p.value.text)).toEqual(['Latte art'])
    expect(sent[0]!.value.embed?.images?.[0]?.alt).toBe('A red dot')
    const [job] = await server.database.db.select().from(scheduleJobs).where(eq(scheduleJobs.postId, notThere.id))
    expect(job).toMatchObject({ status: 'pending', retryCount: 1 })
    expect(job!.lastError).toMatch(/attachment 1 \(latte\.png\) has not reached the server yet/)
  }, 60_000)
})

describe('server publishing with a Mastodon channel', () => {
  it('posts once under the job id as Idempotency-Key, and a revoked token fails the post and asks every device to reconnect', async () => {
    const instance = await startFakeMastodon()
    try {
      const core = startTestCore()
      cores.push(core)
      await core.ok('createProfile', { name: 'Ana', email: 'ana.mastodon@example.com' })
      await core.ok('connectServer', {
        serverUrl,
        email: 'ana.mastodon@example.com',
        password: 'correct horse battery',
        mode: 'signup',
      })
      const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
      const orgId = org.id
      await core.ok('attachOrganization', { orgId })
      const channel = await core.ok('connectChannel', {
        orgId,
        platform: 'mastodon',
        service: instance.url,
        accessToken: instance.token,
      })
      await core.ok('updatePublishingSettings', { orgId, settings: { serverPublishing: true } })
      await vi.waitFor(async () => expect(await credentialRow(orgId, channel.id)).toBeDefined(), { timeout: 10_000 })

      const schedule = async (caption: string) => {
        const draft = await core.ok('createDraft', { orgId, caption, socialAccountId: channel.id })
        const at = new Date(server.clock.now().getTime() + 10 * MINUTE).toISOString()
        await core.ok('schedulePost', { orgId, postId: draft.id, when: { kind: 'at', at } })
        await core.ok('syncNow', { orgId })
        const [job] = await server.database.db.select().from(scheduleJobs).where(eq(scheduleJobs.postId, draft.id))
        return { postId: draft.id, jobId: job!.id }
      }
      const first = await schedule('Open at seven tomorrow')
      server.clock.advance(11 * MINUTE)
      await publisher.runDue()
      await publisher.runDue()
      expect(instance.statusPosts).toHaveLength(1)
      expect(instance.statusPosts[0]).toMatchObject({
        body: { status: 'Open at seven tomorrow' },
        idempotencyKey: first.jobId,
      })

      // The token is revoked on the instance: Mastodon has no refresh, so the post fails and the channel asks to reconnect.
      instance.token = 'a-new-token'
      const second = await schedule('Closed on Monday')
      server.clock.advance(11 * MINUTE)
      await publisher.runDue()
      expect(instance.statusPosts).toHaveLength(1)
      expect((await credentialRow(orgId, channel.id))!.invalidAt).not.toBeNull()
      await core.ok('syncNow', { orgId })
      expect(await core.ok('getPost', { orgId, postId: second.postId })).toMatchObject({ status: 'failed' })
      const [reconnect] = await core.ok('listChannels', { orgId })
      expect(reconnect).toMatchObject({ id: channel.id, needsReconnect: true })
      const listed = await server.call('GET', `/v1/orgs/${orgId}/channels/credentials`, {
        token: core.ctx.sync.currentSession!.token,
      })
      expect(listed.body.channels[0].invalidReason).toMatch(/access token is invalid/)
      await vi.waitFor(async () =>
        expect((await core.ok('getPublishingSettings', { orgId })).serverChannels).toMatchObject({
          ready: 0,
          total: 1,
          problem: expect.stringMatching(/needs reconnecting \(.*access token is invalid/),
        }),
      )

      // Reconnecting with the new token hands the server a working sign-in again.
      await core.ok('connectChannel', {
        orgId,
        platform: 'mastodon',
        service: instance.url,
        accessToken: 'a-new-token',
      })
      await vi.waitFor(async () => expect((await credentialRow(orgId, channel.id))!.invalidAt).toBeNull(), {
        timeout: 10_000,
      })
    } finally {
      await instance.close()
    }
  }, 60_000)
})

describe('the credentials route', () => {
  it('refuses the unauthenticated, outsiders, contributors and bad input, and never answers a token', async () => {
    const dave = await pds.createAccount('dave')
    const { core, orgId, channelId, session, token } = await desktopWithBluesky(dave)
    const body = bodyOf(session)

    // Server publishing is still off for this org: nothing to hand over yet.
    const off = await put(orgId, channelId, token, body)
    expect(off.status).toBe(409)
    expect(off.body.error.message).toMatch(/turn it on/)
    await core.ok('updatePublishingSettings', { orgId, settings: { serverPublishing: true } })
    // The desktop hands it over after its round; take it back to see that refused input writes nothing.
    await vi.waitFor(async () => expect(await credentialRow(orgId, channelId)).toBeDefined(), { timeout: 10_000 })
    const removed = await server.call('DELETE', `/v1/orgs/${orgId}/channels/${channelId}/credentials`, { token })
    expect(removed.body).toEqual({ deleted: true })
    expect(await credentialRow(orgId, channelId)).toBeUndefined()
    const again = await server.call('DELETE', `/v1/orgs/${orgId}/channels/${channelId}/credentials`, { token })
    expect(again.body).toEqual({ deleted: false })

    expect((await put(orgId, channelId, null, body)).status).toBe(401)
    const outsider = await server.signup('Eve')
    expect((await put(orgId, channelId, outsider.token, body)).body.error.code).toBe('not_a_member')
    const invitation = await server.call('POST', `/v1/orgs/${orgId}/invitations`, {
      token,
      body: { role: 'contributor' },
    })
    const carl = await server.signup('Carl')
    await server.call('POST', '/v1/invitations/accept', { token: carl.token, body: { code: invitation.body.code } })
    const contributor = await put(orgId, channelId, carl.token, body)
    expect(contributor.status).toBe(403)
    expect(contributor.body.error.message).toMatch(/contributor cannot manage/)
    const removeAsContributor = await server.call('DELETE', `/v1/orgs/${orgId}/channels/${channelId}/credentials`, {
      token: carl.token,
    })
    expect(removeAsContributor.status).toBe(403)

    const missing = await put(orgId, channelId, token, { ...body, accessToken: undefined })
    expect(missing).toMatchObject({ status: 400, body: { error: { field: 'accessToken' } } })
    const sandbox = await put(orgId, channelId, token, { ...body, platform: 'sandbox' })
    expect(sandbox.body.error.message).toMatch(/platform must be bluesky or mastodon/)
    const wrongAccount = await put(orgId, channelId, token, { ...body, accountId: 'did:plc:someoneelse' })
    expect(wrongAccount).toMatchObject({ status: 400, body: { error: { field: 'accountId' } } })
    const noChannel = await put(orgId, 'no-such-channel', token, body)
    expect(noChannel.status).toBe(404)
    // Refused input wrote nothing.
    expect(await credentialRow(orgId, channelId)).toBeUndefined()

    const stored = await put(orgId, channelId, token, body)
    expect(stored.status).toBe(200)
    expect(stored.body.credentials).toMatchObject({ channelId, platform: 'bluesky', handle: dave.handle })
    const listed = await server.call('GET', `/v1/orgs/${orgId}/channels/credentials`, { token: carl.token })
    expect(listed.body.channels).toHaveLength(1)
    for (const text of [stored.text, JSON.stringify(listed.body)]) {
      expect(text).not.toContain(session.accessToken)
      expect(text).not.toContain(session.refreshToken!)
    }
  }, 60_000)

  it('binds sealed tokens to their channel: a row copied to another channel does not open', () => {
    const key = serverKey(server.app.ctx)
    const sealed = seal(key, 'secret-token', 'org-1/channel-1')
    expect(sealed).not.toContain('secret-token')
    expect(unseal(key, sealed, 'org-1/channel-1')).toBe('secret-token')
    expect(() => unseal(key, sealed, 'org-1/channel-2')).toThrow()
  })
})
