/**
 * Post media in an org that syncs, against the real sync server on loopback:
 * the server keeps a file only when its bytes hash to its name and its type
 * matches its extension, for members who may write posts; a teammate's
 * device fetches a file attached elsewhere for its preview and to publish,
 * and takes no lease while the file is on neither it nor the server.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { posts } from '../../src-main/db/schema/org'
import { clearState, orgState } from '../../src-main/sync/sync-state'
import { orgMedia, publishLeases, sandboxPosts } from '../../sync-server/db/schema'
import { createServerPublisher } from '../../sync-server/publishing/server-publisher'
import type { TestCore } from '../helpers/core'
import { listenOnLoopback, signedUpDesktop } from '../helpers/loopback'
import { createTeam, startTestServer, type TestServer } from '../helpers/sync-server'
import { pngHeader } from '../helpers/png'

let server: TestServer
let serverUrl: string
const cores: TestCore[] = []

beforeEach(async () => {
  server = await startTestServer()
  serverUrl = await listenOnLoopback(server)
})
afterEach(async () => {
  for (const core of cores.splice(0)) core.dispose()
  await server.close()
})

const nameOf = (bytes: Buffer, ext: string) => `${createHash('sha256').update(bytes).digest('hex')}.${ext}`

function media(orgId: string, name: string, method: string, token: string | null, body?: Buffer, type?: string) {
  return fetch(`${serverUrl}/v1/orgs/${orgId}/media/${name}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(type ? { 'content-type': type } : {}) },
    body,
  })
}

interface ErrorBody {
  error: { code: string; message: string }
}

const storedNames = async (orgId: string) =>
  (await server.database.db.select({ name: orgMedia.name }).from(orgMedia).where(eq(orgMedia.orgId, orgId))).map(
    (row) => row.name,
  )

describe('the server’s media store', () => {
  it('keeps a file under its hash once and gives it back to members', async () => {
    const team = await createTeam(server, ['viewer'])
    const bytes = pngHeader(4, 4)
    const name = nameOf(bytes, 'png')

    const first = await media(team.orgId, name, 'PUT', team.owner.token, bytes, 'image/png')
    expect(first.status).toBe(201)
    expect(await first.json()).toEqual({ name, mimeType: 'image/png', byteLength: bytes.length, created: true })
    const again = await media(team.orgId, name, 'PUT', team.owner.token, bytes, 'image/png')
    expect(again.status).toBe(200)
    expect(((await again.json()) as { created: boolean }).created).toBe(false)

    // A viewer may not attach, but may see what others attached.
    const viewer = team.members.viewer!.token
    const head = await media(team.orgId, name, 'HEAD', viewer)
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(bytes.length))
    const got = await media(team.orgId, name, 'GET', viewer)
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('image/png')
    expect(got.headers.get('cache-control')).toBe('private, immutable')
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true)

    const other = nameOf(pngHeader(5, 5), 'png')
    expect((await media(team.orgId, other, 'HEAD', viewer)).status).toBe(404)
    const missing = await media(team.orgId, other, 'GET', viewer)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as ErrorBody).error.message).toMatch(/has not uploaded it/)
    expect(await storedNames(team.orgId)).toEqual([name])
  })

  it('refuses wrong bytes, a wrong type, outsiders and files over the cap, and stores nothing then', async () => {
    const team = await createTeam(server, ['viewer'])
    const outsider = await server.signup('Olga')
    const bytes = pngHeader(4, 4)
    const name = nameOf(bytes, 'png')
    const refused = async (response: Response, status: number, code: string, message: RegExp) => {
      const body = (await response.json()) as ErrorBody
      expect(response.status, JSON.stringify(body)).toBe(status)
      expect(body.error.code).toBe(code)
      expect(body.error.message).toMatch(message)
    }

    const otherBytes = pngHeader(6, 6)
    await refused(
      await media(team.orgId, name, 'PUT', team.owner.token, otherBytes, 'image/png'),
      400,
      'invalid_request',
      /must be the sha256 of its bytes/,
    )
    await refused(
      await media(team.orgId, name, 'PUT', team.owner.token, bytes, 'image/jpeg'),
      400,
      'invalid_request',
      /must be sent with Content-Type image\/png/,
    )
    await refused(
      await media(team.orgId, 'logo.png', 'PUT', team.owner.token, bytes, 'image/png'),
      400,
      'invalid_request',
      /not a media name/,
    )
    await refused(
      await media(team.orgId, name, 'PUT', team.members.viewer!.token, bytes, 'image/png'),
      403,
      'forbidden',
      /viewer cannot attach media/,
    )
    await refused(
      await media(team.orgId, name, 'PUT', outsider.token, bytes, 'image/png'),
      403,
      'not_a_member',
      /not a member/,
    )
    await refused(await media(team.orgId, name, 'PUT', null, bytes, 'image/png'), 401, 'unauthorized', /./)

    const big = Buffer.alloc(20_000_001)
    big.set(bytes)
    await refused(
      await media(team.orgId, nameOf(big, 'png'), 'PUT', team.owner.token, big, 'image/png'),
      413,
      'payload_too_large',
      /is 20 MB; images can be at most 20 MB/,
    )
    expect(await storedNames(team.orgId)).toEqual([])

    // Outsiders cannot read what a member stored either.
    expect((await media(team.orgId, name, 'PUT', team.owner.token, bytes, 'image/png')).status).toBe(201)
    await refused(await media(team.orgId, name, 'GET', outsider.token), 403, 'not_a_member', /not a member/)
  })
})

const device = (name: string, email: string, loop: boolean) => signedUpDesktop(cores, serverUrl, { name, email }, loop)

describe('media across desktops', () => {
  it('lets a teammate’s device preview and publish a picture attached on another device', async () => {
    const ana = await device('Ana', 'ana@example.com', false)
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const channel = await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme' })
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'editor' })
    const ben = await device('Ben', 'ben@example.com', true)
    await ben.ok('joinOrganization', { code: invitation.code })

    const bytes = pngHeader(3, 2)
    const item = await ana.ok('importMedia', {
      orgId: org.id,
      fileName: 'cup.png',
      mimeType: 'image/png',
      data: bytes.toString('base64'),
      altText: 'A cup',
    })
    const name = item.url.replace(/^media:/, '')
    const post = await ana.ok('createDraft', {
      orgId: org.id,
      caption: 'New cups',
      socialAccountId: channel.id,
      mediaUrls: [item],
    })
    await ana.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'now' } })
    expect((await ana.ok('syncNow', { orgId: org.id })).pending).toBe(0)
    expect(await storedNames(org.id)).toEqual([name])

    // As if Ana's device had not uploaded it yet: Ben's device takes no lease for a post it could not publish.
    await server.database.db.delete(orgMedia).where(eq(orgMedia.orgId, org.id))
    clearState(ana.ctx.dbs.org(org.id).$client, [orgState.mediaUploaded(name)])
    await ben.ok('syncNow', { orgId: org.id })
    ben.ctx.publishing.scheduleChanged(org.id)
    await ben.scheduler!.idle()
    const benPost = () => ben.ctx.dbs.org(org.id).select().from(posts).where(eq(posts.id, post.id)).get()!
    expect(benPost().status).toBe('scheduled')
    expect(await server.database.db.select().from(publishLeases).where(eq(publishLeases.orgId, org.id))).toEqual([])
    const notYet = await ben.fails('readMedia', { orgId: org.id, url: item.url })
    expect(notYet.code).toBe('not_found')
    expect(notYet.message).toMatch(/has not uploaded it yet/)
    expect(existsSync(join(ben.dataDir, 'media', name))).toBe(false)

    // Ana's next round uploads it; Ben's loop fetches it and publishes it with the picture.
    await ana.ok('syncNow', { orgId: org.id })
    expect(await storedNames(org.id)).toEqual([name])
    ben.ctx.publishing.scheduleChanged(org.id)
    await ben.scheduler!.idle()
    expect(ben.logged).toEqual([])
    expect(benPost().status).toBe('published')
    expect(existsSync(join(ben.dataDir, 'media', name))).toBe(true)
    const [sent] = await server.database.db
      .select()
      .from(sandboxPosts)
      .where(and(eq(sandboxPosts.orgId, org.id), eq(sandboxPosts.id, benPost().platformPostId!)))
    expect(sent).toMatchObject({
      text: 'New cups',
      media: [{ mimeType: 'image/png', byteLength: bytes.length, altText: 'A cup' }],
    })

    // Ben's composer preview shows the picture from his own media folder now.
    const preview = await ben.ok('readMedia', { orgId: org.id, url: item.url })
    expect(preview.dataUrl).toBe(`data:image/png;base64,${bytes.toString('base64')}`)
  })

  it('lets the server’s own publisher send a post once its picture is uploaded, with the stored type and size', async () => {
    const ana = await device('Ana', 'ana@example.com', false)
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    await ana.ok('attachOrganization', { orgId: org.id })
    await ana.ok('updatePublishingSettings', { orgId: org.id, settings: { serverPublishing: true } })
    const channel = await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme' })
    const bytes = pngHeader(8, 8)
    const item = await ana.ok('importMedia', {
      orgId: org.id,
      fileName: 'cup.png',
      mimeType: 'image/png',
      data: bytes.toString('base64'),
    })
    const name = item.url.replace(/^media:/, '')
    // The post's own description of the file is not what the server goes by.
    const post = await ana.ok('createDraft', {
      orgId: org.id,
      caption: 'Sent by the server',
      socialAccountId: channel.id,
      mediaUrls: [{ ...item, byteLength: 1 }],
    })
    await ana.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'now' } })
    await ana.ok('syncNow', { orgId: org.id })
    // As if Ana's device had not uploaded it yet.
    await server.database.db.delete(orgMedia).where(eq(orgMedia.orgId, org.id))
    clearState(ana.ctx.dbs.org(org.id).$client, [orgState.mediaUploaded(name)])

    const publisher = createServerPublisher(server.app.ctx, {
      publicUrl: serverUrl,
      random: () => 0.5,
      retryBaseMs: 1000,
      retryMaxMs: 1000,
    })
    const sent = () => server.database.db.select().from(sandboxPosts).where(eq(sandboxPosts.orgId, org.id))
    await publisher.runDue()
    expect(await sent()).toEqual([])

    await ana.ok('syncNow', { orgId: org.id })
    server.clock.advance(10_000)
    await publisher.runDue()
    publisher.stop()
    await publisher.idle()
    expect(await sent()).toMatchObject([
      { text: 'Sent by the server', media: [{ mimeType: 'image/png', byteLength: bytes.length }] },
    ])
  })
})
