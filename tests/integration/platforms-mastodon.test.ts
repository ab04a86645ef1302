import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PlatformError, type PlatformSession } from '../../src-shared/platforms/adapter'
import { createMastodonAdapter, mastodonLimits } from '../../src-shared/platforms/mastodon'
import { fixture, startRecordedServer, type RecordedServer } from './platforms-recorded-server'

const token = 'ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0'
const fixedNow = Date.parse('2026-11-25T12:00:00.000Z')

let server: RecordedServer
let session: PlatformSession
const adapter = () =>
  createMastodonAdapter({ fetch: (input, init) => fetch(input, init), now: () => fixedNow, sleep: async () => {} })

beforeEach(async () => {
  server = await startRecordedServer()
  session = {
    platform: 'mastodon',
    service: server.url,
    accountId: '14715',
    handle: 'trwnh',
    accessToken: token,
  }
})
afterEach(() => server.close())

describe('Mastodon adapter against recorded answers', () => {
  it('connects with an access token through verify_credentials', async () => {
    server.on('GET', '/api/v1/accounts/verify_credentials', { json: fixture('mastodon', 'account.json') })
    const connected = await adapter().connect({ kind: 'access_token', service: server.url, accessToken: token })
    expect(connected).toMatchObject({ platform: 'mastodon', accountId: '14715', handle: 'trwnh', accessToken: token })
    expect(connected.displayName).toBe('infinite love ⴳ')
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${token}`)
  })

  it('registers the app on an instance and sends the user to its consent page with a PKCE challenge', async () => {
    server.on('POST', '/api/v1/apps', { json: fixture('mastodon', 'app.json') })
    const client = await adapter().registerApp(server.url, {
      clientName: 'buffer-clone',
      redirectUri: 'https://sync.example/oauth/mastodon',
      scopes: ['read', 'write'],
      website: 'https://buffer-clone.example',
    })
    expect(server.requests[0]!.json()).toEqual({
      client_name: 'buffer-clone',
      redirect_uris: 'https://sync.example/oauth/mastodon',
      scopes: 'read write',
      website: 'https://buffer-clone.example',
    })
    expect(client).toEqual({
      clientId: 'TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM',
      clientSecret: 'ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw',
      redirectUri: 'https://sync.example/oauth/mastodon',
      scopes: ['read', 'write'],
    })
    const request = await adapter().authorizationRequest(server.url, client)
    const url = new URL(request.authorizationUrl)
    expect(url.pathname).toBe('/oauth/authorize')
    expect(url.searchParams.get('client_id')).toBe(client.clientId)
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('state')).toBe(request.state)
  })

  it('reads the instance’s own limits from /api/v2/instance', async () => {
    server.on('GET', '/api/v2/instance', {
      json: {
        ...(fixture('mastodon', 'instance.json') as object),
        configuration: {
          ...(fixture('mastodon', 'instance.json') as { configuration: object }).configuration,
          statuses: { max_characters: 5000, max_media_attachments: 4, characters_reserved_per_url: 23 },
        },
      },
    })
    const limits = await adapter().fetchLimits(server.url)
    expect(limits.maxTextLength).toBe(5000)
    expect(limits.maxAltTextLength).toBe(1500)
    expect(limits.media).toEqual([
      {
        kind: 'image',
        mimeTypes: ['image/jpeg', 'image/png', 'image/heic', 'image/heif', 'image/webp', 'image/avif'],
        maxBytes: 16777216,
      },
      { kind: 'gif', mimeTypes: ['image/gif'], maxBytes: 16777216 },
      {
        kind: 'video',
        mimeTypes: ['video/webm', 'video/mp4', 'video/quicktime', 'video/ogg', 'video/x-ms-asf'],
        maxBytes: 103809024,
      },
    ])
    expect(limits.visibilities).toEqual(mastodonLimits.visibilities)
  })

  it('exchanges an OAuth code with its PKCE verifier for a token', async () => {
    server.on('POST', '/oauth/token', { json: fixture('mastodon', 'token.json') })
    server.on('GET', '/api/v1/accounts/verify_credentials', { json: fixture('mastodon', 'account.json') })
    const connected = await adapter().connect({
      kind: 'oauth_code',
      service: server.url,
      client: { clientId: 'client-1', redirectUri: 'https://sync.example/oauth/mastodon', scopes: ['read', 'write'] },
      code: 'the-code',
      codeVerifier: 'the-verifier',
    })
    const tokenRequest = server.requests[0]!
    expect(tokenRequest.headers['content-type']).toBe('application/x-www-form-urlencoded')
    const form = new URLSearchParams(tokenRequest.body.toString())
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      client_id: 'client-1',
      redirect_uri: 'https://sync.example/oauth/mastodon',
      code_verifier: 'the-verifier',
      scope: 'read write',
    })
    expect(connected.accessToken).toBe(token)
    expect(server.requests[1]!.headers.authorization).toBe(`Bearer ${token}`)
  })

  it('publishes a status with an image, its description, a content warning and visibility, under an Idempotency-Key', async () => {
    server.on('POST', '/api/v2/media', { status: 202, json: fixture('mastodon', 'media-processing.json') })
    server.on(
      'GET',
      '/api/v1/media/22348641',
      { status: 206, json: fixture('mastodon', 'media-processing.json') },
      { status: 200, json: fixture('mastodon', 'media-ready.json') },
    )
    server.on('POST', '/api/v1/statuses', { json: fixture('mastodon', 'status.json') })

    const result = await adapter().publish(
      session,
      {
        text: 'We ship on Friday. https://example.com/notes',
        media: [
          { mimeType: 'image/png', data: new Uint8Array([137, 80, 78, 71]), fileName: 'a.png', altText: 'A chart' },
        ],
        contentWarning: 'launch notes',
        visibility: 'unlisted',
        languages: ['en'],
      },
      { idempotencyKey: '0193a1b2-0000-7000-8000-000000000001' },
    )

    expect(result).toEqual({
      platformPostId: '103270115826048975',
      url: 'https://mastodon.social/@trwnh/103270115826048975',
    })
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v2/media',
      'GET /api/v1/media/22348641',
      'GET /api/v1/media/22348641',
      'POST /api/v1/statuses',
    ])
    const upload = server.requests[0]!
    expect(upload.headers.authorization).toBe(`Bearer ${token}`)
    const form = await upload.form()
    const file = form.get('file') as File
    expect(file.type).toBe('image/png')
    expect(file.name).toBe('a.png')
    expect([...new Uint8Array(await file.arrayBuffer())]).toEqual([137, 80, 78, 71])
    expect(form.get('description')).toBe('A chart')

    const status = server.requests[3]!
    expect(status.headers['idempotency-key']).toBe('0193a1b2-0000-7000-8000-000000000001')
    expect(status.headers.authorization).toBe(`Bearer ${token}`)
    expect(status.headers['content-type']).toBe('application/json')
    expect(status.json()).toEqual({
      status: 'We ship on Friday. https://example.com/notes',
      visibility: 'unlisted',
      media_ids: ['22348641'],
      spoiler_text: 'launch notes',
      sensitive: true,
      language: 'en',
    })
  })

  it('publishes a reply in a thread with in_reply_to_id', async () => {
    server.on('POST', '/api/v1/statuses', { json: fixture('mastodon', 'status.json') })
    await adapter().publish(session, { text: '2/2', replyTo: '103270000000000001' }, { idempotencyKey: 'k2' })
    expect(server.requests[0]!.json()).toEqual({
      status: '2/2',
      visibility: 'public',
      in_reply_to_id: '103270000000000001',
    })
  })

  it('maps 422 to a permanent error in the instance’s words', async () => {
    server.on('POST', '/api/v1/statuses', { status: 422, json: fixture('mastodon', 'error-422.json') })
    const error = await adapter()
      .publish(session, { text: 'x'.repeat(501) }, { idempotencyKey: 'k' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({
      kind: 'permanent',
      status: 422,
      message: 'Validation failed: Text character limit of 500 exceeded',
    })
  })

  it('maps 429 to transient with the wait until X-RateLimit-Reset', async () => {
    server.on('POST', '/api/v1/statuses', {
      status: 429,
      headers: {
        'X-RateLimit-Limit': '300',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': '2026-11-25T12:04:30.000Z',
      },
      json: fixture('mastodon', 'error-429.json'),
    })
    const error = await adapter()
      .publish(session, { text: 'hi' }, { idempotencyKey: 'k' })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'transient', status: 429, retryAfterMs: 270_000 })
  })

  it('maps 5xx to transient, honouring Retry-After', async () => {
    server.on('POST', '/api/v1/statuses', { status: 503, headers: { 'Retry-After': '120' }, json: { error: 'down' } })
    const error = await adapter()
      .publish(session, { text: 'hi' }, { idempotencyKey: 'k' })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'transient', status: 503, retryAfterMs: 120_000 })
  })

  it('maps 401 and 403 to auth', async () => {
    server.on('GET', '/api/v1/accounts/verify_credentials', {
      status: 401,
      json: fixture('mastodon', 'error-401.json'),
    })
    const error = await adapter()
      .refresh(session)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'auth', status: 401 })
    expect((error as Error).message).toContain('The access token is invalid')

    server.on('POST', '/api/v1/statuses', { status: 403, json: { error: 'This action is not allowed' } })
    const forbidden = await adapter()
      .publish(session, { text: 'hi' }, { idempotencyKey: 'k' })
      .catch((e: unknown) => e)
    expect(forbidden).toMatchObject({ kind: 'auth', status: 403 })
  })

  it('maps a refused connection to transient', async () => {
    await server.close()
    const error = await adapter()
      .publish(session, { text: 'hi' }, { idempotencyKey: 'k' })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'transient' })
    server = await startRecordedServer()
  })

  it('cannot look a status up by idempotency key, and says so', async () => {
    expect(await adapter().lookup(session, 'k')).toMatchObject({ status: 'unsupported' })
    expect(server.requests).toHaveLength(0)
  })

  it('reads replies from the status context as plain-text comments', async () => {
    server.on('GET', '/api/v1/statuses/103270115826048975/context', { json: fixture('mastodon', 'context.json') })
    const comments = await adapter().fetchComments(session, '103270115826048975')
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${token}`)
    expect(comments).toEqual([
      {
        platformCommentId: '103270118934592713',
        platformPostId: '103270115826048975',
        inReplyToId: '103270115826048975',
        author: {
          id: '90211',
          handle: 'sofia',
          displayName: 'Sofía',
          avatarUrl: 'https://files.mastodon.social/accounts/avatars/000/090/211/original/a1b2c3.png',
        },
        text: "@trwnh Friday & not a day later?\nCan't wait.",
        createdAt: '2019-12-08T03:49:21.184Z',
        url: 'https://mastodon.social/@sofia/103270118934592713',
      },
      expect.objectContaining({
        platformCommentId: '103270121456890001',
        inReplyToId: '103270118934592713',
        author: expect.objectContaining({ handle: 'lee@fosstodon.org', displayName: 'lee' }),
        text: 'Same here',
      }),
    ])
  })

  it('replies to a comment, mentioning its author', async () => {
    server.on('POST', '/api/v1/statuses', { json: fixture('mastodon', 'status.json') })
    await adapter().reply(
      session,
      { platformPostId: '103270121456890001', authorHandle: 'lee@fosstodon.org' },
      'Thanks!',
      { idempotencyKey: 'r1' },
    )
    const request = server.requests[0]!
    expect(request.headers['idempotency-key']).toBe('r1')
    expect(request.json()).toEqual({ status: '@lee@fosstodon.org Thanks!', in_reply_to_id: '103270121456890001' })
  })

  it('reads followers and per-status counts for analytics, listing deleted statuses as missing', async () => {
    server.on('GET', '/api/v1/accounts/verify_credentials', { json: fixture('mastodon', 'account.json') })
    server.on('GET', '/api/v1/statuses/103270115826048975', { json: fixture('mastodon', 'status.json') })
    server.on('GET', '/api/v1/statuses/999', { status: 404, json: fixture('mastodon', 'error-404.json') })
    const snapshot = await adapter().fetchAnalytics(session, ['103270115826048975', '999'])
    expect(snapshot).toEqual({
      takenAt: '2026-11-25T12:00:00.000Z',
      followers: 821,
      posts: [{ platformPostId: '103270115826048975', likes: 11, reposts: 6, replies: 5, quotes: 1 }],
      missing: ['999'],
    })
  })
})
