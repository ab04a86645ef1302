/**
 * A local-only org's Sandbox posts when the org is put on a sync server (issue 10, defect 1): a real desktop core
 * on real SQLite files publishes to its own Sandbox, then is attached to the real sync server on loopback. Its
 * posts move to the server's Sandbox once, with their ids and times, so the in-app feed, Sent's links and the
 * public page still show them; a link to a post that is not there says so.
 */
import { eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { posts, sandboxPosts as localSandboxPosts } from '../../src-main/db/schema/org'
import { serverClient } from '../../src-main/sync/session'
import { carryLocalSandboxPosts } from '../../src-main/sync/sandbox-carry'
import { attachedServer } from '../../src-main/sync/sync-state'
import { sandboxPosts } from '../../sync-server/db/schema'
import type { TestCore } from '../helpers/core'
import { signedUpDesktop, useLoopbackServer } from '../helpers/loopback'
import { onePixelPng, pngHeader } from '../helpers/png'

const loopback = useLoopbackServer()
const device = () => signedUpDesktop(loopback.cores, loopback.url, { name: 'Ana', email: 'ana@example.com' }, true)

/** Publishes `caption` now on the org's own Sandbox through the real scheduling loop. */
async function publishNow(
  core: TestCore,
  orgId: string,
  channelId: string,
  caption: string,
  mediaUrls = [] as never[],
) {
  const post = await core.ok('createDraft', { orgId, caption, socialAccountId: channelId, mediaUrls })
  await core.ok('schedulePost', { orgId, postId: post.id, when: { kind: 'now' } })
  core.ctx.publishing.scheduleChanged(orgId)
  await core.scheduler!.idle()
  const row = core.ctx.dbs.org(orgId).select().from(posts).where(eq(posts.id, post.id)).get()!
  expect(row.status).toBe('published')
  return row
}

/** A local-only org with a Sandbox channel and two published posts (one with a picture), made on `core`. */
async function localOrgWithPosts(core: TestCore) {
  const { server } = loopback
  const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
  const channel = await core.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme' })
  const image = await core.ok('importMedia', {
    orgId: org.id,
    fileName: 'cup.png',
    mimeType: 'image/png',
    data: onePixelPng().toString('base64'),
    altText: 'A red cup',
  })
  const first = await publishNow(core, org.id, channel.id, 'First <roast> of the day', [image] as never[])
  core.clock.advance(90 * 60_000)
  server.clock.advance(90 * 60_000)
  const second = await publishNow(core, org.id, channel.id, 'Second post, before syncing')
  return { org, channel, image, first, second }
}

describe('a local-only org put on the sync server', () => {
  it('carries its Sandbox posts to the server once, with their ids, times and pictures', async () => {
    const ana = await device()
    const { org, channel, image, first, second } = await localOrgWithPosts(ana)
    expect(first.platformUrl).toBe(`sandbox://${org.id}/${channel.id}/posts/${first.platformPostId}`)
    const local = ana.ctx.dbs.org(org.id).select().from(localSandboxPosts).all()
    expect(local).toHaveLength(2)

    await ana.ok('attachOrganization', { orgId: org.id })
    expect(ana.logged).toEqual([])

    // The in-app feed now reads the server's Sandbox: both posts are there, under the ids Sent links to.
    const feed = await ana.ok('listSandboxFeed', { orgId: org.id, channelId: channel.id })
    expect(feed.map((p) => [p.id, p.text, p.publishedAt])).toEqual(
      [second, first].map((p) => [
        p.platformPostId,
        p.caption,
        local.find((l) => l.id === p.platformPostId)!.publishedAt,
      ]),
    )
    expect(feed[1]!.media).toEqual([{ url: image.url, mimeType: 'image/png', altText: 'A red cup' }])

    // The public feed and page show them once, at their first times, with the picture served publicly.
    const json = (await (await fetch(`${loopback.url}/sandbox/${channel.id}/feed.json`)).json()) as {
      posts: { id: string; publishedAt: string; media: { url: string; altText: string }[] }[]
    }
    expect(json.posts.map((p) => [p.id, p.publishedAt])).toEqual(
      [second, first].map((p) => [
        p.platformPostId,
        new Date(local.find((l) => l.id === p.platformPostId)!.publishedAt).toISOString(),
      ]),
    )
    const picture = await fetch(json.posts[1]!.media[0]!.url)
    expect(picture.status).toBe(200)
    expect(picture.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await picture.arrayBuffer()).equals(onePixelPng())).toBe(true)
    const html = await (await fetch(`${loopback.url}/sandbox/${channel.id}`)).text()
    expect(html.split(`<article id="${first.platformPostId}"`)).toHaveLength(2)
    expect(html).toContain('First &lt;roast&gt; of the day')
    expect(html).toContain('alt="A red cup"')
    // Times in the channel's zone (its schedule's: the org's Europe/Paris), 09:00 UTC being 10:00 there.
    expect(html).toContain('Times are in Europe/Paris')
    expect(html).toMatch(/<time id="t-[^"]+" datetime="2026-03-01T09:00:00.000Z">1 Mar 2026, 10:00 AM GMT\+1<\/time>/)

    // Only the pictures of the channel's posts are public: another file of the org stays behind sign-in.
    const other = await ana.ok('importMedia', {
      orgId: org.id,
      fileName: 'plan.png',
      mimeType: 'image/png',
      data: pngHeader(5, 5).toString('base64'),
    })
    await ana.ok('createDraft', {
      orgId: org.id,
      caption: 'Private plan',
      socialAccountId: channel.id,
      mediaUrls: [other],
    })
    await ana.ok('syncNow', { orgId: org.id })
    const otherName = other.url.replace(/^media:/, '')
    const privateCopy = await fetch(`${loopback.url}/v1/orgs/${org.id}/media/${otherName}`, {
      headers: { authorization: `Bearer ${ana.ctx.sync.currentSession!.token}` },
    })
    expect(privateCopy.status).toBe(200)
    expect((await fetch(`${loopback.url}/sandbox/${channel.id}/media/${otherName}`)).status).toBe(404)

    // Carrying again (a later round, or the same call twice) adds nothing.
    const sqlite = ana.ctx.dbs.org(org.id).$client
    const session = ana.ctx.sync.currentSession!
    const client = serverClient({ ...session, serverUrl: attachedServer(sqlite)! })
    expect(await carryLocalSandboxPosts(sqlite, client, org.id)).toBe(0)
    await ana.ok('syncNow', { orgId: org.id })
    const db = loopback.server.database.db
    const stored = await db.select().from(sandboxPosts).where(eq(sandboxPosts.orgId, org.id))
    expect(stored.map((p) => p.id).sort()).toEqual([first.platformPostId, second.platformPostId].sort())
    expect(stored.every((p) => p.publishCalls === 1)).toBe(true)
  })

  it('answers posts offered again under their keys with the first ones, never a second copy', async () => {
    const ana = await device()
    const { org, channel, first } = await localOrgWithPosts(ana)
    await ana.ok('attachOrganization', { orgId: org.id })
    // As if the server had lost track of what it took: the same posts are offered again under the same keys.
    const sqlite = ana.ctx.dbs.org(org.id).$client
    sqlite.prepare("DELETE FROM sync_state WHERE key LIKE 'sandbox_carried:%'").run()
    const session = ana.ctx.sync.currentSession!
    const client = serverClient({ ...session, serverUrl: attachedServer(sqlite)! })
    expect(await carryLocalSandboxPosts(sqlite, client, org.id)).toBe(2)
    const json = (await (await fetch(`${loopback.url}/sandbox/${channel.id}/feed.json`)).json()) as {
      posts: { id: string }[]
    }
    expect(json.posts).toHaveLength(2)
    const stored = await loopback.server.database.db
      .select()
      .from(sandboxPosts)
      .where(eq(sandboxPosts.id, first.platformPostId!))
    expect(stored).toHaveLength(1)
    expect(stored[0]!.publishCalls).toBe(2)
  })

  it('says "This post is not here" for a link to a post that is gone', async () => {
    const ana = await device()
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const channel = await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme' })
    await ana.ok('syncNow', { orgId: org.id })
    const gone = await fetch(`${loopback.url}/sandbox/posts/${uuidv7()}`, { redirect: 'manual' })
    expect(gone.status).toBe(404)
    const html = await gone.text()
    expect(html).toContain('<title>This post is not here</title>')
    expect(html).toContain('it was removed, or the link is wrong')
    const noChannel = await fetch(`${loopback.url}/sandbox/${uuidv7()}`)
    expect(noChannel.status).toBe(404)
    expect(await noChannel.text()).toContain('Sandbox channel not found')
    // The channel's page itself is there, empty.
    expect((await fetch(`${loopback.url}/sandbox/${channel.id}`)).status).toBe(200)
  })
})
