/**
 * Publishing in an org that syncs, against the real sync server on loopback:
 * the desktop's own loop takes the server's lease for the job and publishes
 * the sandbox post to the server's sandbox, whose feed the app lists; a
 * teammate's device sees the channel but holds no token for a Mastodon one,
 * so it cannot publish there.
 */
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { posts } from '../../src-main/db/schema/org'
import type { TestCore } from '../helpers/core'
import { startFakeMastodon, type FakeMastodon } from '../helpers/fake-mastodon'
import { listenOnLoopback, signedUpDesktop } from '../helpers/loopback'
import { writeScheduled } from '../helpers/schedule-rows'
import { startTestServer, type TestServer } from '../helpers/sync-server'

let server: TestServer
let serverUrl: string
let instance: FakeMastodon
const cores: TestCore[] = []

beforeEach(async () => {
  server = await startTestServer()
  serverUrl = await listenOnLoopback(server)
  instance = await startFakeMastodon()
})
afterEach(async () => {
  for (const core of cores.splice(0)) core.dispose()
  await instance.close()
  await server.close()
})

const device = (name: string, email: string, loop: boolean) => signedUpDesktop(cores, serverUrl, { name, email }, loop)

describe('publishing in an org that syncs', () => {
  it('publishes through the server’s lease to the server’s sandbox, and lists its feed', async () => {
    const ana = await device('Ana', 'ana@example.com', true)
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const channel = await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme' })
    expect(channel.profileUrl).toBe(`${serverUrl}/sandbox/${channel.id}`)

    const post = await ana.ok('createDraft', {
      orgId: org.id,
      caption: 'From the server sandbox',
      socialAccountId: channel.id,
    })
    writeScheduled(ana, org.id, post.id, ana.clock.now())
    expect((await ana.ok('syncNow', { orgId: org.id })).pending).toBe(0)
    ana.ctx.publishing.scheduleChanged(org.id)
    await ana.scheduler!.idle()

    const row = ana.ctx.dbs.org(org.id).select().from(posts).where(eq(posts.id, post.id)).get()!
    expect(ana.logged).toEqual([])
    expect(row.status).toBe('published')
    expect(row.platformUrl?.startsWith(`${serverUrl}/sandbox/`)).toBe(true)
    const feed = await ana.ok('listSandboxFeed', { orgId: org.id, channelId: channel.id })
    expect(feed.map((p) => p.text)).toEqual(['From the server sandbox'])
    expect(feed[0]!.id).toBe(row.platformPostId)
    // The public page shows it too.
    const page = await fetch(`${serverUrl}/sandbox/${channel.id}`)
    expect(await page.text()).toContain('From the server sandbox')
  })

  it('leaves a due post to teammates on a contributor’s device, whose result sync would refuse', async () => {
    const ana = await device('Ana', 'ana@example.com', false)
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const channel = await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme' })
    const post = await ana.ok('createDraft', { orgId: org.id, caption: 'Approved by Ana', socialAccountId: channel.id })
    writeScheduled(ana, org.id, post.id, ana.clock.now())
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'contributor' })
    await ana.ok('syncNow', { orgId: org.id })

    const ben = await device('Ben', 'ben@example.com', true)
    await ben.ok('joinOrganization', { code: invitation.code })
    ben.ctx.publishing.scheduleChanged(org.id)
    await ben.scheduler!.idle()
    const row = ben.ctx.dbs.org(org.id).select().from(posts).where(eq(posts.id, post.id)).get()!
    expect(row.status).toBe('scheduled')
    expect(ben.logged).toEqual([])
    expect(await ben.ok('listSandboxFeed', { orgId: org.id, channelId: channel.id })).toEqual([])
  })

  it('shows a teammate a channel connected elsewhere as not publishable from their device', async () => {
    const ana = await device('Ana', 'ana@example.com', false)
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const channel = await ana.ok('connectChannel', {
      orgId: org.id,
      platform: 'mastodon',
      service: instance.url,
      accessToken: instance.token,
    })
    expect(channel.canPublishHere).toBe(true)
    await ana.ok('syncNow', { orgId: org.id })
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'editor' })
    const ben = await device('Ben', 'ben@example.com', false)
    await ben.ok('joinOrganization', { code: invitation.code })
    const [seen] = await ben.ok('listChannels', { orgId: org.id })
    expect(seen).toMatchObject({ id: channel.id, username: 'ana', canPublishHere: false, platform: 'mastodon' })
    const raw = ben.ctx.dbs.org(org.id).$client.prepare('SELECT access_token_enc FROM integrations').get() as {
      access_token_enc: string | null
    }
    expect(raw.access_token_enc).toBeNull()
  })
})
