/**
 * Comments in from Bluesky against the real AT Protocol reference servers: @atproto/dev-env's TestNetwork runs a
 * PDS and the real AppView (on the machine's PostgreSQL and Redis), which serves notifications and threads. A
 * second account replies to our post, mentions us and quotes us; the adapter's fetchInbox brings each with its
 * thread context, and the next fetch only what is new. Through the service on a real SQLite file, the rows are
 * linked to our post and never doubled.
 */
import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestNetwork } from '@atproto/dev-env'
import { posts } from '../../src-main/db/schema/org'
import type { PlatformSession } from '../../src-shared/platforms/adapter'
import { createBlueskyAdapter, parseAtUri } from '../../src-shared/platforms/bluesky'
import { onLoopback } from '../helpers/bluesky-pds'
import { startOnboardedCore } from '../helpers/core'

const POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/test'
// Letters and underscores only, unique per run: dev-env makes `appview_<this>` and `ozone_<this>` schemas.
const SCHEMA = `bc_inbox_${[...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`

let network: TestNetwork
let service: string
const adapter = createBlueskyAdapter({ fetch: (input, init) => fetch(input, init) })

interface Account {
  did: string
  handle: string
  appPassword: string
  agent: ReturnType<TestNetwork['pds']['getClient']>
}

async function createAccount(name: string): Promise<Account> {
  const agent = network.pds.getClient()
  const handle = `${name}.test`
  const created = await agent.createAccount({ handle, email: `${name}@example.com`, password: `password-${name}` })
  const appPassword = await agent.com.atproto.server.createAppPassword({ name: 'buffer-clone tests' })
  return { did: created.data.did, handle, appPassword: appPassword.data.password, agent }
}

async function strongRef(uri: string): Promise<{ uri: string; cid: string }> {
  const { repo, rkey } = parseAtUri(uri)
  const query = new URLSearchParams({ repo, collection: 'app.bsky.feed.post', rkey })
  const res = await fetch(`${service}/xrpc/com.atproto.repo.getRecord?${query}`)
  const record = (await res.json()) as { uri: string; cid: string }
  return { uri: record.uri, cid: record.cid }
}

let alice: Account
let bob: Account
let session: PlatformSession
let ourPost: { uri: string; cid: string }

beforeAll(async () => {
  process.env.REDIS_HOST = '127.0.0.1:6379'
  network = await onLoopback(() => TestNetwork.create({ dbPostgresUrl: POSTGRES_URL, dbPostgresSchema: SCHEMA }))
  service = `http://127.0.0.1:${network.pds.port}`
  alice = await createAccount('alice')
  bob = await createAccount('bob')
  session = await adapter.connect({
    kind: 'app_password',
    service,
    identifier: alice.handle,
    password: alice.appPassword,
  })
  const published = await adapter.publish(session, { text: 'Our new blend is out today.' }, { idempotencyKey: 'p1' })
  ourPost = await strongRef(published.platformPostId)
  await network.processAll()
}, 120_000)

afterAll(async () => {
  await network?.close()
  // The schemas this run made, and only those.
  const client = new pg.Client({ connectionString: POSTGRES_URL })
  await client.connect()
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE '%' || $1`,
      [SCHEMA],
    )
    for (const { name } of rows) await client.query(`DROP SCHEMA "${name}" CASCADE`)
  } finally {
    await client.end()
  }
}, 60_000)

const reply = (text: string, parent = ourPost) =>
  bob.agent.post({ text, reply: { root: ourPost, parent }, createdAt: new Date().toISOString() })

function mention(text: string) {
  const at = `@${alice.handle}`
  const byteStart = Buffer.byteLength(text.slice(0, text.indexOf(at)))
  return bob.agent.post({
    text,
    facets: [
      {
        index: { byteStart, byteEnd: byteStart + Buffer.byteLength(at) },
        features: [{ $type: 'app.bsky.richtext.facet#mention', did: alice.did }],
      },
    ],
    createdAt: new Date().toISOString(),
  })
}

describe('Bluesky inbox against the real AppView', () => {
  it('fetches replies, mentions and quotes with their thread, then only what is new', async () => {
    const first = await reply('Is it available in 250 g bags?')
    const mentioned = await mention(`Trying the new one from @${alice.handle} tomorrow`)
    const quoted = await bob.agent.post({
      text: 'This one is worth it',
      embed: { $type: 'app.bsky.embed.record', record: ourPost },
      createdAt: new Date().toISOString(),
    })
    await network.processAll()

    const since = new Date(Date.now() - 30 * 86_400_000).toISOString()
    const round1 = await adapter.fetchInbox(session, { cursor: null, since })
    const byUri = new Map(round1.comments.map((c) => [c.platformCommentId, c]))
    expect([...byUri.keys()].sort()).toEqual([first.uri, mentioned.uri, quoted.uri].sort())
    expect(byUri.get(first.uri)).toMatchObject({
      kind: 'reply',
      platformPostId: ourPost.uri,
      inReplyToId: ourPost.uri,
      author: { id: bob.did, handle: bob.handle },
      text: 'Is it available in 250 g bags?',
      url: `https://bsky.app/profile/${bob.handle}/post/${parseAtUri(first.uri).rkey}`,
    })
    // The thread context: our post, as the AppView shows it.
    expect(byUri.get(first.uri)!.context).toEqual([
      expect.objectContaining({ platformPostId: ourPost.uri, text: 'Our new blend is out today.' }),
    ])
    expect(byUri.get(mentioned.uri)).toMatchObject({ kind: 'mention', inReplyToId: '', context: [] })
    expect(byUri.get(quoted.uri)).toMatchObject({ kind: 'quote', platformPostId: ourPost.uri })
    expect(round1.cursor).toBeTruthy()

    // Nothing new: nothing comes back.
    expect((await adapter.fetchInbox(session, { cursor: round1.cursor, since })).comments).toEqual([])

    // A reply to Bob's own reply, in our thread: the next fetch brings it alone, with the whole thread above it.
    const second = await reply('Answering myself: they have 250 g now!', first)
    await network.processAll()
    const round2 = await adapter.fetchInbox(session, { cursor: round1.cursor, since })
    expect(round2.comments.map((c) => c.platformCommentId)).toEqual([second.uri])
    expect(round2.comments[0]).toMatchObject({ kind: 'reply', platformPostId: ourPost.uri, inReplyToId: first.uri })
    expect(round2.comments[0]!.context.map((p) => p.platformPostId)).toEqual([ourPost.uri, first.uri])
  })

  it('writes them into the inbox through the service, linked to our post, each once', async () => {
    const { core, org } = await startOnboardedCore()
    try {
      const channel = await core.ok('connectChannel', {
        orgId: org.id,
        platform: 'bluesky',
        service,
        identifier: alice.handle,
        appPassword: alice.appPassword,
      })
      const draft = await core.ok('createDraft', { orgId: org.id, caption: 'Our new blend is out today.' })
      core.ctx.dbs
        .org(org.id)
        .update(posts)
        .set({ socialAccountId: channel.id, status: 'published', platformPostId: ourPost.uri })
        .where(eq(posts.id, draft.id))
        .run()

      const round1 = await core.ok('fetchCommentsNow', { orgId: org.id })
      expect(round1.problems).toEqual([])
      expect(round1.added).toBeGreaterThanOrEqual(3)
      const rows = () =>
        core.ctx.dbs
          .org(org.id)
          .$client.prepare('SELECT platform_comment_id, post_id, text FROM comments ORDER BY timestamp')
          .all() as { platform_comment_id: string; post_id: string | null; text: string }[]
      const before = rows()
      expect(before).toHaveLength(round1.added)
      // Replies and the quote answer our post; the mention stands alone.
      expect(before.filter((r) => r.post_id === draft.id).length).toBe(before.length - 1)

      const third = await reply('Ordered two bags.')
      await network.processAll()
      const round2 = await core.ok('fetchCommentsNow', { orgId: org.id })
      expect(round2).toMatchObject({ added: 1, problems: [] })
      const after = rows()
      expect(after).toHaveLength(before.length + 1)
      expect(after.at(-1)).toMatchObject({ platform_comment_id: third.uri, post_id: draft.id })
      expect(new Set(after.map((r) => r.platform_comment_id)).size).toBe(after.length)
      const [state] = await core.ok('inboxChannels', { orgId: org.id })
      expect(state).toMatchObject({ fetchesHere: true, problem: null, checkedAt: core.clock.now().toISOString() })
    } finally {
      core.dispose()
    }
  })
})
