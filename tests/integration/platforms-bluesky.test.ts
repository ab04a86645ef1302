// The Bluesky adapter against a local server replaying answers shaped as the AT Protocol lexicons document them:
// these pin the request shapes and the error paths a real PDS rarely shows (5xx, rate limits). The real path runs
// against a local PDS from @atproto/dev-env in platforms-bluesky-pds.test.ts.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type PlatformSession } from '../../src-shared/platforms/adapter'
import { createBlueskyAdapter, rkeyFromIdempotencyKey } from '../../src-shared/platforms/bluesky'
import { startRecordedServer, type RecordedServer } from './platforms-recorded-server'

const did = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz'
const fixedNow = Date.parse('2026-11-25T12:00:00.000Z')
const key = '0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b'
const rkey = rkeyFromIdempotencyKey(key)
const postUri = `at://${did}/app.bsky.feed.post/${rkey}`

const sessionAnswer = {
  did,
  handle: 'alice.test',
  email: 'alice@example.com',
  emailConfirmed: true,
  accessJwt: 'access-1',
  refreshJwt: 'refresh-1',
  active: true,
}
const notFound = (uri: string) => ({
  status: 400,
  json: { error: 'RecordNotFound', message: `Could not locate record: ${uri}` },
})

let server: RecordedServer
let session: PlatformSession
const adapter = () => createBlueskyAdapter({ fetch: (input, init) => fetch(input, init), now: () => fixedNow })

beforeEach(async () => {
  server = await startRecordedServer()
  session = {
    platform: 'bluesky',
    service: server.url,
    accountId: did,
    handle: 'alice.test',
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
  }
})
afterEach(() => server.close())

describe('Bluesky adapter against documented XRPC answers', () => {
  it('signs in with a handle and an app password', async () => {
    server.on('POST', '/xrpc/com.atproto.server.createSession', { json: sessionAnswer })
    const connected = await adapter().connect({
      kind: 'app_password',
      service: server.url,
      identifier: 'alice.test',
      password: 'abcd-efgh-ijkl-mnop',
    })
    expect(server.requests[0]!.json()).toEqual({ identifier: 'alice.test', password: 'abcd-efgh-ijkl-mnop' })
    expect(connected).toEqual(session)
  })

  it('refreshes with the refresh token as bearer', async () => {
    server.on('POST', '/xrpc/com.atproto.server.refreshSession', {
      json: { ...sessionAnswer, accessJwt: 'access-2', refreshJwt: 'refresh-2' },
    })
    const refreshed = await adapter().refresh(session)
    expect(server.requests[0]!.headers.authorization).toBe('Bearer refresh-1')
    expect(refreshed).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' })
  })

  it('maps an expired token to auth and a wrong password to auth', async () => {
    server.on('POST', '/xrpc/com.atproto.server.refreshSession', {
      status: 400,
      json: { error: 'ExpiredToken', message: 'Token has expired' },
    })
    await expect(adapter().refresh(session)).rejects.toMatchObject({ kind: 'auth', code: 'ExpiredToken' })
    server.on('POST', '/xrpc/com.atproto.server.createSession', {
      status: 401,
      json: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' },
    })
    await expect(
      adapter().connect({ kind: 'app_password', service: server.url, identifier: 'alice.test', password: 'x' }),
    ).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('Invalid identifier or password') })
  })

  it('posts with link and mention facets at byte offsets and an image with alt text, under the derived rkey', async () => {
    server.on(
      'GET',
      '/xrpc/com.atproto.identity.resolveHandle',
      { json: { did: 'did:plc:bobbobbobbobbobbobbobbob' } },
      { status: 400, json: { error: 'InvalidRequest', message: 'Unable to resolve handle' } },
    )
    server.on('POST', '/xrpc/com.atproto.repo.uploadBlob', {
      json: {
        blob: {
          $type: 'blob',
          ref: { $link: 'bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy' },
          mimeType: 'image/png',
          size: 4,
        },
      },
    })
    server.on('POST', '/xrpc/com.atproto.repo.createRecord', {
      json: {
        uri: postUri,
        cid: 'bafyreig2fjxi3rptqdgylg7e5hmjl6mcke7rn2b6cugzlqq3i4zu6rq52q',
        commit: { cid: 'bafyreihx3v5y3bfzq7c3e6qn2mkr3ekh2ccl4xkbi5mqwnx2tyk7ypkc6i', rev: '3lbtxvghbbs2b' },
        validationStatus: 'valid',
      },
    })
    const text = 'Ça marche 🎉 @bob.test https://example.com/é and @ghost.test'
    const result = await adapter().publish(
      session,
      {
        text,
        languages: ['fr'],
        media: [{ mimeType: 'image/png', data: new Uint8Array([137, 80, 78, 71]), altText: 'A green tick' }],
      },
      { idempotencyKey: key },
    )
    expect(result).toEqual({ platformPostId: postUri, url: `https://bsky.app/profile/alice.test/post/${rkey}` })

    const [resolveBob, resolveGhost, upload, create] = server.requests
    expect(resolveBob!.query.get('handle')).toBe('bob.test')
    expect(resolveGhost!.query.get('handle')).toBe('ghost.test')
    expect(upload!.headers['content-type']).toBe('image/png')
    expect(upload!.headers.authorization).toBe('Bearer access-1')
    expect([...upload!.body]).toEqual([137, 80, 78, 71])
    expect(create!.headers.authorization).toBe('Bearer access-1')
    // 'Ça' is 3 bytes, '🎉' 4: the mention starts at byte 16, not at JavaScript index 13.
    expect(create!.json()).toEqual({
      repo: did,
      collection: 'app.bsky.feed.post',
      rkey,
      record: {
        $type: 'app.bsky.feed.post',
        text,
        createdAt: '2026-11-25T12:00:00.000Z',
        langs: ['fr'],
        facets: [
          {
            index: { byteStart: 16, byteEnd: 25 },
            features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:bobbobbobbobbobbobbobbob' }],
          },
          {
            index: { byteStart: 26, byteEnd: 48 },
            features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/é' }],
          },
        ],
        embed: {
          $type: 'app.bsky.embed.images',
          images: [
            {
              alt: 'A green tick',
              image: {
                $type: 'blob',
                ref: { $link: 'bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy' },
                mimeType: 'image/png',
                size: 4,
              },
            },
          ],
        },
      },
    })
  })

  it('threads a reply under the parent and the root it names', async () => {
    const rootUri = `at://${did}/app.bsky.feed.post/3lbtrootroot2`
    const parentUri = `at://${did}/app.bsky.feed.post/3lbtparentpar`
    server.on('GET', '/xrpc/com.atproto.repo.getRecord', {
      json: {
        uri: parentUri,
        cid: 'bafyparent',
        value: {
          $type: 'app.bsky.feed.post',
          text: '2/3',
          createdAt: '2026-11-25T11:00:00.000Z',
          reply: { root: { uri: rootUri, cid: 'bafyroot' }, parent: { uri: rootUri, cid: 'bafyroot' } },
        },
      },
    })
    server.on('POST', '/xrpc/com.atproto.repo.createRecord', { json: { uri: postUri, cid: 'bafynew' } })
    await adapter().publish(session, { text: '3/3', replyTo: parentUri }, { idempotencyKey: key })
    const getRecord = server.requests[0]!
    expect(Object.fromEntries(getRecord.query)).toEqual({
      repo: did,
      collection: 'app.bsky.feed.post',
      rkey: '3lbtparentpar',
    })
    expect((server.requests[1]!.json() as { record: { reply: unknown } }).record.reply).toEqual({
      root: { uri: rootUri, cid: 'bafyroot' },
      parent: { uri: parentUri, cid: 'bafyparent' },
    })
  })

  it('does not post twice: when a retried create fails because the record exists, it returns that record', async () => {
    // Today's PDS answers a create on an existing rkey with 500 (bluesky-social/atproto#3718).
    server.on('POST', '/xrpc/com.atproto.repo.createRecord', {
      status: 500,
      json: { error: 'InternalServerError', message: 'Internal Server Error' },
    })
    server.on('GET', '/xrpc/com.atproto.repo.getRecord', {
      json: { uri: postUri, cid: 'bafyold', value: { $type: 'app.bsky.feed.post', text: 'once', createdAt: 'x' } },
    })
    const result = await adapter().publish(session, { text: 'once' }, { idempotencyKey: key })
    expect(result.platformPostId).toBe(postUri)
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /xrpc/com.atproto.repo.createRecord',
      'GET /xrpc/com.atproto.repo.getRecord',
    ])
    expect(server.requests[1]!.query.get('rkey')).toBe(rkey)
  })

  it('keeps a transient failure transient when nothing landed, with the rate-limit wait', async () => {
    server.on('POST', '/xrpc/com.atproto.repo.createRecord', {
      status: 429,
      headers: {
        'RateLimit-Limit': '5000',
        'RateLimit-Remaining': '0',
        'RateLimit-Reset': String(fixedNow / 1000 + 42),
      },
      json: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
    })
    server.on('GET', '/xrpc/com.atproto.repo.getRecord', notFound(postUri))
    await expect(adapter().publish(session, { text: 'hi' }, { idempotencyKey: key })).rejects.toMatchObject({
      kind: 'transient',
      retryAfterMs: 42_000,
    })
  })

  it('reports rejected content as permanent in the server’s words', async () => {
    server.on('POST', '/xrpc/com.atproto.repo.createRecord', {
      status: 400,
      json: {
        error: 'InvalidRequest',
        message: 'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes',
      },
    })
    server.on('GET', '/xrpc/com.atproto.repo.getRecord', notFound(postUri))
    await expect(adapter().publish(session, { text: 'x' }, { idempotencyKey: key })).rejects.toMatchObject({
      kind: 'permanent',
      message: 'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes',
    })
  })

  it('looks a post up by its idempotency key through getRecord', async () => {
    server.on(
      'GET',
      '/xrpc/com.atproto.repo.getRecord',
      { json: { uri: postUri, cid: 'bafy', value: { text: 'hi' } } },
      notFound(postUri),
    )
    expect(await adapter().lookup(session, key)).toEqual({
      status: 'found',
      platformPostId: postUri,
      url: `https://bsky.app/profile/alice.test/post/${rkey}`,
    })
    expect(await adapter().lookup(session, key)).toEqual({ status: 'not_found' })
    // Older PDS versions say the same without the error code.
    server.on('GET', '/xrpc/com.atproto.repo.getRecord', {
      status: 400,
      json: { error: 'InvalidRequest', message: `Could not locate record: ${postUri}` },
    })
    expect(await adapter().lookup({ ...session, accountId: 'did:plc:other' }, key)).toEqual({ status: 'not_found' })
    expect(server.requests[0]!.query.get('rkey')).toBe(rkey)
    expect(server.requests[0]!.query.get('repo')).toBe(did)
  })

  it('flattens the post thread into comments, skipping blocked and deleted replies', async () => {
    const reply = (uri: string, parent: string, text: string, replies: unknown[] = []) => ({
      $type: 'app.bsky.feed.defs#threadViewPost',
      post: {
        uri,
        cid: 'bafy',
        author: { did: 'did:plc:carol', handle: 'carol.test', displayName: 'Carol', avatar: 'https://cdn/a.jpg' },
        record: {
          $type: 'app.bsky.feed.post',
          text,
          createdAt: '2026-11-25T12:30:00.000Z',
          reply: { root: { uri: postUri, cid: 'bafy' }, parent: { uri: parent, cid: 'bafy' } },
        },
        indexedAt: '2026-11-25T12:30:01.000Z',
      },
      replies,
    })
    const c1 = 'at://did:plc:carol/app.bsky.feed.post/3lbtc1c1c1c1c'
    const c2 = 'at://did:plc:carol/app.bsky.feed.post/3lbtc2c2c2c2c'
    server.on('GET', '/xrpc/app.bsky.feed.getPostThread', {
      json: {
        thread: {
          $type: 'app.bsky.feed.defs#threadViewPost',
          post: { uri: postUri, cid: 'bafy', author: { did, handle: 'alice.test' }, record: { text: 'hi' } },
          replies: [
            reply(c1, postUri, 'Nice!', [reply(c2, c1, 'Agreed')]),
            { $type: 'app.bsky.feed.defs#blockedPost', uri: 'at://x/app.bsky.feed.post/y', blocked: true },
          ],
        },
      },
    })
    const comments = await adapter().fetchComments(session, postUri)
    expect(server.requests[0]!.query.get('uri')).toBe(postUri)
    expect(comments.map((c) => [c.platformCommentId, c.inReplyToId, c.text, c.author.handle])).toEqual([
      [c1, postUri, 'Nice!', 'carol.test'],
      [c2, c1, 'Agreed', 'carol.test'],
    ])
    expect(comments[0]!.url).toBe('https://bsky.app/profile/carol.test/post/3lbtc1c1c1c1c')
  })

  it('reads followers and counts, listing posts the AppView no longer has', async () => {
    server.on('GET', '/xrpc/app.bsky.actor.getProfile', { json: { did, handle: 'alice.test', followersCount: 77 } })
    server.on('GET', '/xrpc/app.bsky.feed.getPosts', {
      json: {
        posts: [
          {
            uri: postUri,
            cid: 'bafy',
            author: { did, handle: 'alice.test' },
            record: { text: 'hi' },
            likeCount: 9,
            repostCount: 2,
            replyCount: 3,
            quoteCount: 1,
            indexedAt: '2026-11-25T12:00:01.000Z',
          },
        ],
      },
    })
    const gone = `at://${did}/app.bsky.feed.post/3lbtgonegone2`
    const snapshot = await adapter().fetchAnalytics(session, [postUri, gone])
    expect(server.requests[1]!.query.getAll('uris')).toEqual([postUri, gone])
    expect(snapshot).toEqual({
      takenAt: '2026-11-25T12:00:00.000Z',
      followers: 77,
      posts: [{ platformPostId: postUri, likes: 9, reposts: 2, replies: 3, quotes: 1 }],
      missing: [gone],
    })
  })
})
