/**
 * The Sandbox host on the real sync server in-process on PGlite: members
 * publish (idempotent by key), look up and list; the public feed page and
 * its JSON show a channel's posts, escaped, newest first, with an anchor per
 * post; the desktop's HTTP backend maps the server's answers to platform
 * errors over real HTTP.
 */
import { eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sandboxPosts } from '../../sync-server/db/schema'
import { sandboxFeedPostSchema } from '../../src-shared/entities/models'
import { PlatformError, type PlatformSession } from '../../src-shared/platforms/adapter'
import { createSandboxAdapter } from '../../src-shared/platforms/sandbox'
import {
  createHttpSandboxBackend,
  sandboxFeedBaseUrl,
  sandboxFeedUrl,
  sandboxPostUrl,
} from '../../src-shared/platforms/sandbox-http'
import { listenOnLoopback } from '../helpers/loopback'
import { FakeDevice, type OpInput } from '../helpers/sync-device'
import { createTeam, startTestServer, type Team, type TestServer } from '../helpers/sync-server'

let server: TestServer
let baseUrl: string
let team: Team
let channelId: string
let accountId: string

/**
 * The ops a desktop pushes when it connects a Sandbox channel (no tokens: the sandbox needs none). Its account id
 * (platform_user_id) is an id of its own, which the desktop's adapter publishes under.
 */
function sandboxChannelOps(
  orgId: string,
  channelId: string,
  accountId: string,
  displayName = 'Acme on Sandbox',
): OpInput[] {
  const integrationId = uuidv7()
  const integration = { id: integrationId, org_id: orgId, platform: 'sandbox', meta: { service: '' } }
  const account = {
    id: channelId,
    org_id: orgId,
    integration_id: integrationId,
    platform_user_id: accountId,
    username: 'acme',
    meta: { displayName, service: '' },
  }
  return [
    ...Object.entries(integration).map(([field, value]) => ({
      table: 'integrations',
      rowId: integrationId,
      field,
      value,
    })),
    ...Object.entries(account).map(([field, value]) => ({ table: 'social_accounts', rowId: channelId, field, value })),
  ]
}

/** A Sandbox channel pushed by the owner's desktop: its id (the feed's address) and its account id. */
async function addChannel(t: Team, displayName?: string): Promise<{ ch: string; acc: string }> {
  const ch = uuidv7()
  const acc = uuidv7()
  const device = new FakeDevice(server, t.owner.token, t.orgId)
  const pushed = await device.push([device.mutation(sandboxChannelOps(t.orgId, ch, acc, displayName))])
  expect(pushed.body.results[0].status).toBe('applied')
  return { ch, acc }
}

const publish = (token: string, orgId: string, body: unknown) =>
  server.call('POST', `/v1/orgs/${orgId}/sandbox/posts`, { token, body })

async function page(url: string) {
  const response = await server.app.inject({ method: 'GET', url })
  return { status: response.statusCode, html: response.body, headers: response.headers }
}

const countRows = async () => (await server.database.db.select().from(sandboxPosts)).length

beforeAll(async () => {
  server = await startTestServer()
  baseUrl = await listenOnLoopback(server)
  team = await createTeam(server, ['editor', 'contributor', 'viewer'])
  ;({ ch: channelId, acc: accountId } = await addChannel(team))
})
afterAll(() => server?.close())

describe('sandbox API', () => {
  it('publishes once per idempotency key: a repeat answers the first post and is counted', async () => {
    const key = uuidv7()
    const first = await publish(team.owner.token, team.orgId, { accountId, idempotencyKey: key, text: 'Fresh roast' })
    expect(first.status).toBe(201)
    expect(first.body.created).toBe(true)
    expect(first.body.post).toMatchObject({ accountId, idempotencyKey: key, text: 'Fresh roast', media: [] })
    expect(first.body.post.publishCalls).toBe(1)

    const again = await publish(team.members.editor!.token, team.orgId, {
      accountId,
      idempotencyKey: key,
      text: 'A different text under the same key',
    })
    expect(again.status).toBe(200)
    expect(again.body.created).toBe(false)
    expect(again.body.post).toMatchObject({ id: first.body.post.id, text: 'Fresh roast', publishCalls: 2 })
    expect(again.body.post.url).toMatch(new RegExp(`/sandbox/${channelId}#${first.body.post.id}$`))
  })

  it('looks a post up by key, by id, and lists a channel newest first and the answers to a post', async () => {
    const { ch, acc } = await addChannel(team)
    const keys = [uuidv7(), uuidv7(), uuidv7()]
    const ids: string[] = []
    for (const [i, key] of keys.entries()) {
      server.clock.advance(60_000)
      ids.push(
        (await publish(team.owner.token, team.orgId, { accountId: acc, idempotencyKey: key, text: `#${i}` })).body.post
          .id,
      )
    }
    const reply = await publish(team.owner.token, team.orgId, {
      accountId: acc,
      idempotencyKey: uuidv7(),
      text: 'thread, part 2',
      replyTo: ids[0],
    })

    const found = await server.call(
      'GET',
      `/v1/orgs/${team.orgId}/sandbox/posts/by-key?accountId=${acc}&idempotencyKey=${keys[1]}`,
      {
        token: team.members.viewer!.token,
      },
    )
    expect(found.status).toBe(200)
    expect(found.body.post.id).toBe(ids[1])
    const missing = await server.call(
      'GET',
      `/v1/orgs/${team.orgId}/sandbox/posts/by-key?accountId=${acc}&idempotencyKey=nope`,
      {
        token: team.owner.token,
      },
    )
    expect(missing).toMatchObject({ status: 200, body: { post: null } })

    const one = await server.call('GET', `/v1/orgs/${team.orgId}/sandbox/posts/${ids[2]}`, { token: team.owner.token })
    expect(one.body.post.text).toBe('#2')
    // Kept under its account id, linked to its channel's feed page.
    expect(one.body.post).toMatchObject({
      accountId: acc,
      url: expect.stringMatching(new RegExp(`/sandbox/${ch}#${ids[2]}$`)),
    })
    const none = await server.call('GET', `/v1/orgs/${team.orgId}/sandbox/posts/${uuidv7()}`, {
      token: team.owner.token,
    })
    expect(none.status).toBe(404)

    const list = await server.call('GET', `/v1/orgs/${team.orgId}/sandbox/posts?accountId=${acc}&limit=3`, {
      token: team.owner.token,
    })
    expect(list.body.posts.map((p: { text: string }) => p.text)).toEqual(['thread, part 2', '#2', '#1'])
    const answers = await server.call('GET', `/v1/orgs/${team.orgId}/sandbox/posts?replyTo=${ids[0]}`, {
      token: team.owner.token,
    })
    expect(answers.body.posts.map((p: { id: string }) => p.id)).toEqual([reply.body.post.id])
  })

  it('turns away callers without a session, outsiders, viewers, and posts to another organization’s channel', async () => {
    const body = { accountId, idempotencyKey: uuidv7(), text: 'Not allowed' }
    const before = await countRows()

    const anonymous = await server.call('POST', `/v1/orgs/${team.orgId}/sandbox/posts`, { body })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error.code).toBe('unauthorized')

    const outsider = await server.signup('Mallory')
    const foreign = await publish(outsider.token, team.orgId, body)
    expect(foreign.status).toBe(403)
    expect(foreign.body.error.code).toBe('not_a_member')

    const viewer = await publish(team.members.viewer!.token, team.orgId, body)
    expect(viewer.status).toBe(403)
    expect(viewer.body.error.code).toBe('forbidden')
    expect(viewer.body.error.message).toMatch(/^A viewer cannot publish posts in this organization;/)

    const other = await createTeam(server)
    const hijack = await publish(other.owner.token, other.orgId, body)
    expect(hijack.status).toBe(403)
    expect(hijack.body.error.message).toContain('belongs to another organization')

    // A contributor's device leaves publishing to an editor's, admin's or owner's device, or the server.
    const contributor = await publish(team.members.contributor!.token, team.orgId, body)
    expect(contributor.status).toBe(403)

    const editor = await publish(team.members.editor!.token, team.orgId, body)
    expect(editor.status).toBe(201)
    expect(await countRows()).toBe(before + 1)
  })

  it('refuses bad input with a clear message and writes nothing', async () => {
    const before = await countRows()
    const cases: [unknown, string, string][] = [
      [{ idempotencyKey: 'k', text: 'x' }, 'accountId', 'The account id is required.'],
      [{ accountId, idempotencyKey: '', text: 'x' }, 'idempotencyKey', 'must not be empty'],
      [{ accountId, idempotencyKey: 'k', text: 'x'.repeat(501) }, 'text', 'at most 500'],
      [{ accountId, idempotencyKey: 'k', text: '   ' }, 'text', 'Write something'],
      [
        { accountId, idempotencyKey: 'k', text: 'x', media: Array(5).fill({ mimeType: 'image/png', byteLength: 1 }) },
        'media',
        'at most 4',
      ],
      [{ accountId, idempotencyKey: 'k', text: 'x', extra: true }, '', 'extra'],
    ]
    for (const [body, field, message] of cases) {
      const answer = await publish(team.owner.token, team.orgId, body)
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      expect(answer.body.error.code).toBe('invalid_request')
      if (field) expect(answer.body.error.field).toBe(field)
      expect(answer.body.error.message).toContain(message)
    }
    expect(await countRows()).toBe(before)
  })
})

describe('the public feed', () => {
  it('shows a channel’s posts newest first, escaped, each with its anchor and time, under a strict CSP', async () => {
    const { ch, acc } = await addChannel(team, 'Acme <Roasters> & Co')
    server.clock.advance(60_000)
    const older = await publish(team.owner.token, team.orgId, {
      accountId: acc,
      idempotencyKey: uuidv7(),
      text: 'First light roast',
    })
    server.clock.advance(60_000)
    const newer = await publish(team.owner.token, team.orgId, {
      accountId: acc,
      idempotencyKey: uuidv7(),
      text: '<script>alert("x")</script> & "quotes"',
      contentWarning: 'Spoilers <b>',
    })

    const { status, html, headers } = await page(`/sandbox/${ch}`)
    expect(status).toBe(200)
    expect(headers['content-type']).toContain('text/html')
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('<title>Acme &lt;Roasters&gt; &amp; Co on Sandbox</title>')
    expect(html).toMatch(/<h1>Acme &lt;Roasters&gt; &amp; Co on Sandbox<\/h1>/)
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;')
    expect(html).toContain('<summary>Spoilers &lt;b&gt;</summary>')
    expect(html).toContain(`<article id="${older.body.post.id}"`)
    expect(html.indexOf(`id="${newer.body.post.id}"`)).toBeLessThan(html.indexOf(`id="${older.body.post.id}"`))
    expect(html).toContain(`<time id="t-${newer.body.post.id}" datetime="${newer.body.post.publishedAt}">`)
    // The one inline style is allowed by its hash; nothing else may load.
    const csp = String(headers['content-security-policy'])
    expect(csp).toMatch(/default-src 'none'/)
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/)
    expect(csp).not.toContain('unsafe-inline')
  })

  it('shows an empty state for a channel without posts, and 404 for an unknown one', async () => {
    const { ch } = await addChannel(team, 'Quiet channel')
    const empty = await page(`/sandbox/${ch}`)
    expect(empty.status).toBe(200)
    expect(empty.html).toContain('No posts yet')
    expect(empty.html).not.toContain('<article')

    const unknown = await page(`/sandbox/${uuidv7()}`)
    expect(unknown.status).toBe(404)
    expect(unknown.html).toContain('Sandbox channel not found')
    expect((await page('/sandbox/not%20an%20id')).status).toBe(404)
  })

  it('serves feed.json in the app’s feed shape, and sends the adapter’s post links to the post’s anchor', async () => {
    const { ch, acc } = await addChannel(team)
    const posted = await publish(team.owner.token, team.orgId, {
      accountId: acc,
      idempotencyKey: uuidv7(),
      text: 'With a picture',
      media: [{ mimeType: 'image/png', byteLength: 1200, altText: 'A cup' }],
    })
    const feed = await server.call('GET', `/sandbox/${ch}/feed.json`)
    expect(feed.status).toBe(200)
    expect(feed.body.channelId).toBe(ch)
    const posts = feed.body.posts.map((p: unknown) => sandboxFeedPostSchema.parse(p))
    expect(posts).toEqual([
      {
        id: posted.body.post.id,
        text: 'With a picture',
        contentWarning: null,
        mediaCount: 1,
        // Named by no file (sent without one), so there is no picture to show, only its type and alt text.
        media: [{ url: null, mimeType: 'image/png', altText: 'A cup' }],
        publishedAt: posted.body.post.publishedAt,
        url: expect.stringMatching(new RegExp(`/sandbox/${ch}#${posted.body.post.id}$`)),
      },
    ])
    expect((await server.call('GET', `/sandbox/${uuidv7()}/feed.json`)).status).toBe(404)

    const redirect = await server.app.inject({ method: 'GET', url: `/sandbox/posts/${posted.body.post.id}` })
    expect(redirect.statusCode).toBe(302)
    expect(redirect.headers.location).toMatch(new RegExp(`/sandbox/${ch}#${posted.body.post.id}$`))
  })
})

describe('links', () => {
  it('builds every link from the listening address, never from the request’s Host header', async () => {
    const evil = { host: 'evil.example' }
    const { ch, acc } = await addChannel(team)
    const posted = await server.call('POST', `/v1/orgs/${team.orgId}/sandbox/posts`, {
      token: team.owner.token,
      body: { accountId: acc, idempotencyKey: uuidv7(), text: 'Linked' },
      headers: evil,
    })
    expect(posted.status).toBe(201)
    expect(posted.body.post.url).toBe(`${baseUrl}/sandbox/${ch}#${posted.body.post.id}`)

    const html = await server.app.inject({ method: 'GET', url: `/sandbox/${ch}`, headers: evil })
    expect(html.statusCode).toBe(200)
    expect(html.body).toContain(`href="${baseUrl}/sandbox/${ch}#${posted.body.post.id}"`)
    const feed = await server.call('GET', `/sandbox/${ch}/feed.json`, { headers: evil })
    expect(feed.body.url).toBe(`${baseUrl}/sandbox/${ch}`)
    const redirect = await server.app.inject({
      method: 'GET',
      url: `/sandbox/posts/${posted.body.post.id}`,
      headers: evil,
    })
    expect(redirect.headers.location).toBe(`${baseUrl}/sandbox/${ch}#${posted.body.post.id}`)
    const invitation = await server.call('POST', `/v1/orgs/${team.orgId}/invitations`, {
      token: team.owner.token,
      body: { role: 'viewer' },
      headers: evil,
    })
    expect(invitation.body.url).toMatch(new RegExp(`^${baseUrl}/invite/`))

    for (const answer of [posted.body, html.body, feed.body, redirect.headers, invitation.body]) {
      expect(JSON.stringify(answer)).not.toContain('evil.example')
    }
  })
})

describe('the desktop’s HTTP sandbox backend', () => {
  const session = (accountId: string): PlatformSession => ({
    platform: 'sandbox',
    service: '',
    accountId,
    handle: 'acme',
    accessToken: '',
  })

  it('publishes through the Sandbox adapter over real HTTP, once per key, with links that reach the post', async () => {
    const { ch, acc } = await addChannel(team)
    const backend = createHttpSandboxBackend({
      fetch,
      serverUrl: baseUrl,
      orgId: team.orgId,
      token: async () => team.owner.token,
    })
    const adapter = createSandboxAdapter({ backend, feedUrl: sandboxFeedBaseUrl(baseUrl) })
    const key = uuidv7()
    const result = await adapter.publish(session(acc), { text: 'Over the wire' }, { idempotencyKey: key })
    const repeat = await adapter.publish(session(acc), { text: 'Over the wire' }, { idempotencyKey: key })
    expect(repeat).toEqual(result)
    expect(await adapter.lookup(session(acc), key)).toEqual({ status: 'found', ...result })
    expect(await adapter.lookup(session(acc), uuidv7())).toEqual({ status: 'not_found' })
    expect((await backend.list(acc)).map((p) => p.text)).toEqual(['Over the wire'])
    expect(await backend.get(uuidv7())).toBeUndefined()
    const [row] = await server.database.db.select().from(sandboxPosts).where(eq(sandboxPosts.idempotencyKey, key))
    expect(row!.publishCalls).toBe(2)

    // The adapter's link lands on the post's anchor in the channel's feed.
    const landing = await fetch(result.url, { redirect: 'manual' })
    expect(landing.status).toBe(302)
    expect(landing.headers.get('location')).toBe(sandboxPostUrl(baseUrl, ch, result.platformPostId))
    expect(sandboxFeedUrl(baseUrl, ch)).toBe(`${baseUrl}/sandbox/${ch}`)
  })

  it('maps a bad session to auth, a refusal to permanent with the server’s words, and no server to transient', async () => {
    const { acc } = await addChannel(team)
    const post = { accountId: acc, idempotencyKey: uuidv7(), text: 'x', media: [], publishedAt: '' }
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => error as PlatformError,
      )

    const signedOut = await failure(
      createHttpSandboxBackend({ fetch, serverUrl: baseUrl, orgId: team.orgId, token: 'x'.repeat(43) }).publish(post),
    )
    expect(signedOut).toMatchObject({ kind: 'auth', status: 401 })
    const noToken = await failure(
      createHttpSandboxBackend({ fetch, serverUrl: baseUrl, orgId: team.orgId, token: null }).publish(post),
    )
    expect(noToken).toMatchObject({ kind: 'auth' })

    const viewer = await failure(
      createHttpSandboxBackend({
        fetch,
        serverUrl: baseUrl,
        orgId: team.orgId,
        token: team.members.viewer!.token,
      }).publish(post),
    )
    expect(viewer).toBeInstanceOf(PlatformError)
    expect(viewer).toMatchObject({ kind: 'permanent', status: 403 })
    expect(viewer!.message).toMatch(/^A viewer cannot publish posts in this organization;/)

    // A port nobody listens on: the server is out of reach, which is worth retrying.
    const unreachable = await failure(
      createHttpSandboxBackend({
        fetch,
        serverUrl: 'http://127.0.0.1:9',
        orgId: team.orgId,
        token: team.owner.token,
      }).publish(post),
    )
    expect(unreachable).toMatchObject({ kind: 'transient' })
  })

  it('maps a failing server (its database gone) to transient', async () => {
    const broken = await startTestServer()
    try {
      const url = await listenOnLoopback(broken)
      const owner = await broken.signup('Rita')
      await broken.database.close()
      const backend = createHttpSandboxBackend({ fetch, serverUrl: url, orgId: uuidv7(), token: owner.token })
      const error = await backend.list('acc').then(
        () => null,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(PlatformError)
      expect(error).toMatchObject({ kind: 'transient', status: 500 })
    } finally {
      await broken.close().catch(() => undefined)
    }
  })

  it('maps a rate limit to transient with the server’s Retry-After', async () => {
    const strict = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '3' } })
    try {
      const url = await listenOnLoopback(strict)
      const owner = await strict.signup('Rita')
      const backend = createHttpSandboxBackend({ fetch, serverUrl: url, orgId: uuidv7(), token: owner.token })
      let error: unknown
      for (let i = 0; i < 5 && !error; i++) {
        error = await backend.list('ch').then(
          () => null,
          (e: unknown) => (e instanceof PlatformError && e.kind === 'transient' ? e : null),
        )
      }
      expect(error).toMatchObject({ kind: 'transient', status: 429 })
      expect((error as PlatformError).retryAfterMs).toBeGreaterThan(0)
    } finally {
      await strict.close()
    }
  })
})
