// The Bluesky adapter end to end against a real PDS (@atproto/dev-env): each post is read back from the PDS's repo,
// so these check what Bluesky stores, not what the adapter meant to send.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { PlatformError, validatePost, type Fetch, type PlatformSession } from '../../src-shared/platforms/adapter'
import {
  blueskyLimits,
  createBlueskyAdapter,
  isValidTid,
  parseAtUri,
  rkeyFromIdempotencyKey,
} from '../../src-shared/platforms/bluesky'
import { startBlueskyPds, type BlueskyPds, type BlueskyPdsAccount } from '../helpers/bluesky-pds'

// A 1×1 PNG, the smallest real image the PDS stores as a blob.
const png = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
)

interface StoredPost {
  uri: string
  cid: string
  value: {
    text: string
    facets?: { index: { byteStart: number; byteEnd: number }; features: Record<string, string>[] }[]
    embed?: {
      $type: string
      images: { alt: string; image: { mimeType: string; size: number; ref: { $link: string } } }[]
    }
    reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } }
  }
}

let pds: BlueskyPds
let alice: BlueskyPdsAccount
let bob: BlueskyPdsAccount
let session: PlatformSession
const adapter = createBlueskyAdapter({ fetch: (input, init) => fetch(input, init) })

beforeAll(async () => {
  pds = await startBlueskyPds()
  alice = await pds.createAccount('alice')
  bob = await pds.createAccount('bob')
  session = await adapter.connect({
    kind: 'app_password',
    service: pds.url,
    identifier: alice.identifier,
    password: alice.appPassword,
  })
})
afterAll(() => pds?.close())

async function xrpcGet<T>(method: string, query: Record<string, string>): Promise<T> {
  const res = await fetch(`${pds.url}/xrpc/${method}?${new URLSearchParams(query)}`)
  if (!res.ok) throw new Error(`${method} answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as T
}

const readPost = (uri: string) => {
  const { repo, collection, rkey } = parseAtUri(uri)
  return xrpcGet<StoredPost>('com.atproto.repo.getRecord', { repo, collection, rkey })
}

const postsOf = (did: string) => pds.listPosts(did)

/** The text a facet covers, cut from the UTF-8 bytes the way Bluesky clients render it. */
const covered = (text: string, index: { byteStart: number; byteEnd: number }) =>
  Buffer.from(text, 'utf8').subarray(index.byteStart, index.byteEnd).toString('utf8')

describe('Bluesky adapter against a real PDS', () => {
  it('signs in with an app password', () => {
    expect(session).toMatchObject({ platform: 'bluesky', service: pds.url, accountId: alice.did, handle: 'alice.test' })
    expect(session.accessToken).toBeTruthy()
    expect(session.refreshToken).toBeTruthy()
  })

  it('stores link, mention and tag facets at UTF-8 byte offsets, the mention resolved to the DID', async () => {
    const text = 'Café ☕ 🇫🇷 read https://example.com/a?b=1 with @bob.test and @nobody.test #ünïcode!'
    const published = await adapter.publish(session, { text }, { idempotencyKey: uuidv7() })

    const { value } = await readPost(published.platformPostId)
    expect(value.text).toBe(text)
    const byCovered = Object.fromEntries(value.facets!.map((facet) => [covered(text, facet.index), facet.features]))
    expect(byCovered).toEqual({
      'https://example.com/a?b=1': [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/a?b=1' }],
      '@bob.test': [{ $type: 'app.bsky.richtext.facet#mention', did: bob.did }],
      '#ünïcode': [{ $type: 'app.bsky.richtext.facet#tag', tag: 'ünïcode' }],
    })
    // A handle no one holds stays plain text.
    expect(value.facets).toHaveLength(3)
    // Byte offsets, not UTF-16 indexes: the accents, the emoji and the flag before the link shift them.
    const link = value.facets!.find((facet) => facet.features[0]!.uri)!
    expect(link.index.byteStart).toBe(Buffer.byteLength('Café ☕ 🇫🇷 read '))
    expect(link.index.byteStart).not.toBe(text.indexOf('https'))
  })

  it('uploads images as blobs with their alt text', async () => {
    const published = await adapter.publish(
      session,
      {
        text: 'A pixel',
        media: [{ mimeType: 'image/png', data: png, fileName: 'pixel.png', altText: 'One red pixel' }],
      },
      { idempotencyKey: uuidv7() },
    )

    const { value } = await readPost(published.platformPostId)
    expect(value.embed!.$type).toBe('app.bsky.embed.images')
    expect(value.embed!.images).toHaveLength(1)
    const [image] = value.embed!.images
    expect(image!.alt).toBe('One red pixel')
    expect(image!.image).toMatchObject({ mimeType: 'image/png', size: png.length })
    const blob = await fetch(
      `${pds.url}/xrpc/com.atproto.sync.getBlob?${new URLSearchParams({ did: alice.did, cid: image!.image.ref.$link })}`,
    )
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(png)
  })

  it('threads replies under the root and their parent', async () => {
    const root = await adapter.publish(session, { text: 'Thread 1/3' }, { idempotencyKey: uuidv7() })
    const second = await adapter.publish(
      session,
      { text: 'Thread 2/3', replyTo: root.platformPostId },
      { idempotencyKey: uuidv7() },
    )
    const third = await adapter.publish(
      session,
      { text: 'Thread 3/3', replyTo: second.platformPostId },
      { idempotencyKey: uuidv7() },
    )

    const [rootStored, secondStored, thirdStored] = await Promise.all(
      [root, second, third].map((post) => readPost(post.platformPostId)),
    )
    const rootRef = { uri: rootStored!.uri, cid: rootStored!.cid }
    expect(rootStored!.value.reply).toBeUndefined()
    expect(secondStored!.value.reply).toEqual({ root: rootRef, parent: rootRef })
    expect(thirdStored!.value.reply).toEqual({
      root: rootRef,
      parent: { uri: secondStored!.uri, cid: secondStored!.cid },
    })
  })

  it('posts once per idempotency key, under the rkey derived from it, even when a retry follows', async () => {
    const key = uuidv7()
    const text = `Once only ${key}`
    const first = await adapter.publish(session, { text }, { idempotencyKey: key })
    const retry = await adapter.publish(session, { text }, { idempotencyKey: key })

    expect(retry).toEqual(first)
    const rkey = parseAtUri(first.platformPostId).rkey
    expect(rkey).toBe(rkeyFromIdempotencyKey(key))
    expect(isValidTid(rkey)).toBe(true)
    expect((await postsOf(alice.did)).filter((post) => post.value.text === text)).toHaveLength(1)
  })

  it('accepts the derived rkey for keys that are not UUIDs', async () => {
    const key = `job-${uuidv7()}:attempt-key`
    const published = await adapter.publish(session, { text: 'Plain key' }, { idempotencyKey: key })
    expect(parseAtUri(published.platformPostId).rkey).toBe(rkeyFromIdempotencyKey(key))
  })

  it('returns the landed post when the create reached the PDS but its answer was lost', async () => {
    let dropped = 0
    const losingFetch: Fetch = async (input, init) => {
      const res = await fetch(input, init)
      if (input.includes('com.atproto.repo.createRecord') && dropped++ === 0) throw new TypeError('socket hang up')
      return res
    }
    const key = uuidv7()
    const text = `Answer lost ${key}`
    const published = await createBlueskyAdapter({ fetch: losingFetch }).publish(
      session,
      { text },
      { idempotencyKey: key },
    )

    expect(dropped).toBe(1)
    expect(published.platformPostId).toBe(`at://${alice.did}/app.bsky.feed.post/${rkeyFromIdempotencyKey(key)}`)
    expect((await postsOf(alice.did)).filter((post) => post.value.text === text)).toHaveLength(1)
  })

  it('refuses, as permanent, another text under a key that already posted, and posts nothing', async () => {
    const key = uuidv7()
    await adapter.publish(session, { text: `First text ${key}` }, { idempotencyKey: key })
    const before = (await postsOf(alice.did)).length

    const error = await adapter
      .publish(session, { text: `Other text ${key}` }, { idempotencyKey: key })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ kind: 'permanent', message: expect.stringContaining('different post') })
    expect(await postsOf(alice.did)).toHaveLength(before)
  })

  it('looks a post up by its idempotency key', async () => {
    const key = uuidv7()
    const published = await adapter.publish(session, { text: 'Find me' }, { idempotencyKey: key })

    expect(await adapter.lookup!(session, key)).toEqual({ status: 'found', ...published })
    expect(await adapter.lookup!(session, uuidv7())).toEqual({ status: 'not_found' })
  })

  it('says a wrong app password is an auth problem and what to check', async () => {
    const error = await adapter
      .connect({
        kind: 'app_password',
        service: pds.url,
        identifier: alice.identifier,
        password: 'aaaa-bbbb-cccc-dddd',
      })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ kind: 'auth', status: 401 })
    expect((error as Error).message).toMatch(/handle and app password.*App passwords.*Invalid identifier or password/)
  })

  it("refuses the account's own password and asks for an app password", async () => {
    const error = await adapter
      .connect({
        kind: 'app_password',
        service: pds.url,
        identifier: alice.identifier,
        password: alice.accountPassword,
      })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ kind: 'auth', message: expect.stringContaining('Create an app password') })
  })

  it('refreshes the session, and the new tokens publish', async () => {
    const refreshed = await adapter.refresh!(session)
    expect(refreshed).toMatchObject({ accountId: alice.did, handle: 'alice.test', service: pds.url })
    // A new refresh token (it carries a unique id); the access token may match to the second, so it is used instead.
    expect(refreshed.refreshToken).not.toBe(session.refreshToken)
    const published = await adapter.publish(refreshed, { text: 'After refresh' }, { idempotencyKey: uuidv7() })
    expect((await readPost(published.platformPostId)).value.text).toBe('After refresh')
    expect(await adapter.refresh!(refreshed)).toMatchObject({ accountId: alice.did })

    await expect(adapter.refresh!({ ...session, refreshToken: 'not-a-token' })).rejects.toMatchObject({ kind: 'auth' })
  })

  it('counts graphemes as the PDS does: 300 pass, 301 are refused before any call', async () => {
    // A thumbs-up with a skin tone: one grapheme, two code points, eight bytes.
    const atLimit = '👍🏽'.repeat(300)
    expect(validatePost(blueskyLimits, { text: atLimit })).toEqual([])
    const published = await adapter.publish(session, { text: atLimit }, { idempotencyKey: uuidv7() })
    expect((await readPost(published.platformPostId)).value.text).toBe(atLimit)

    const over = atLimit + '!'
    expect(validatePost(blueskyLimits, { text: over })).toEqual([
      expect.objectContaining({ code: 'too_long', message: expect.stringContaining('301 of 300') }),
    ])
    // Were it sent anyway, the PDS would refuse it for the same count, as a permanent failure.
    await expect(adapter.publish(session, { text: over }, { idempotencyKey: uuidv7() })).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('maximum 300, got 301'),
    })
  })
})
