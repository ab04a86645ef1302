/**
 * The Sandbox channel's public page on the real sync server (issue 10, feature 2), fed by a real desktop core of an
 * org that syncs: its scheduling loop publishes a post with a picture to the server's Sandbox, and the page shows
 * the text escaped with its address as a link, the picture served from the server's media store (its bytes carried
 * by the publish itself, before any sync round), and the time in the channel's zone with the zone's name.
 */
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { posts } from '../../src-main/db/schema/org'
import type { TestCore } from '../helpers/core'
import { signedUpDesktop, useLoopbackServer } from '../helpers/loopback'
import { onePixelPng } from '../helpers/png'

const loopback = useLoopbackServer()

const TEXT = 'New <roast> & "beans" from Huila: https://example.com/beans?x=1&y=2.'

/** Publishes `caption` with `image` now on the org's Sandbox through the real scheduling loop. */
async function publishNow(core: TestCore, orgId: string, channelId: string, caption: string, image: unknown) {
  const post = await core.ok('createDraft', { orgId, caption, socialAccountId: channelId, mediaUrls: [image as never] })
  await core.ok('schedulePost', { orgId, postId: post.id, when: { kind: 'now' } })
  core.ctx.publishing.scheduleChanged(orgId)
  await core.scheduler!.idle()
  const row = core.ctx.dbs.org(orgId).select().from(posts).where(eq(posts.id, post.id)).get()!
  expect(row.status).toBe('published')
  return row
}

describe('the public Sandbox page of an org that syncs', () => {
  it('shows a published post escaped, its link, its picture from the server and its time in the channel’s zone', async () => {
    const ana = await signedUpDesktop(loopback.cores, loopback.url, { name: 'Ana', email: 'ana@example.com' }, true)
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'America/New_York' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const channel = await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme <Roasters>' })
    await ana.ok('syncNow', { orgId: org.id })
    const image = await ana.ok('importMedia', {
      orgId: org.id,
      fileName: 'cup.png',
      mimeType: 'image/png',
      data: onePixelPng().toString('base64'),
      altText: 'A red "cup" <on> a table',
    })
    const post = await publishNow(ana, org.id, channel.id, TEXT, image)
    expect(post.platformUrl).toContain(`${loopback.url}/sandbox/`)

    const response = await fetch(`${loopback.url}/sandbox/${channel.id}`)
    expect(response.status).toBe(200)
    const html = await response.text()
    // The channel's name and its initial as the avatar, escaped.
    expect(html).toContain('<h1>Acme &lt;Roasters&gt; on Sandbox</h1>')
    expect(html).toContain('<span class="avatar" aria-hidden="true">A</span>')
    // No handle that only repeats the name ("@Acme <Roasters>").
    expect(html).not.toContain('@Acme')
    // The text escaped, its address a link (the address escaped too), the sentence's full stop left outside.
    expect(html).not.toContain('<roast>')
    expect(html).toContain(
      '<p class="text">New &lt;roast&gt; &amp; &quot;beans&quot; from Huila: ' +
        '<a href="https://example.com/beans?x=1&amp;y=2" rel="nofollow noopener ugc">https://example.com/beans?x=1&amp;y=2</a>.</p>',
    )
    // Times in the channel's zone (the org's New York: 09:00 UTC is 4:00 AM EST), named without underscores.
    expect(html).toContain('Times are in America/New York')
    expect(html).toMatch(
      new RegExp(
        `<time id="t-${post.platformPostId}" datetime="2026-03-01T09:00:00.000Z">1 Mar 2026, 4:00 AM EST</time>`,
      ),
    )

    // The picture, with its alt text, served publicly from the server's media store: the same bytes.
    const file = image.url.replace(/^media:/, '')
    const src = `${loopback.url}/sandbox/${channel.id}/media/${file}`
    expect(html).toContain(`<img src="${src}" alt="A red &quot;cup&quot; &lt;on&gt; a table" loading="lazy"`)
    const picture = await fetch(src)
    expect(picture.status).toBe(200)
    expect(picture.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await picture.arrayBuffer()).equals(onePixelPng())).toBe(true)
  })
})
