/**
 * Threads and first comments through the core's own publishing loop, wired as
 * the app runs it, to real platforms: the Sandbox, a real Bluesky PDS
 * (@atproto/dev-env) and a stand-in Mastodon instance over real HTTP. Each
 * step goes out once, in order, each answering the one before; a crash after
 * the platform took a step is looked up by the step's key and not sent again;
 * a refused first comment leaves the post published with a note, and Retry
 * sends it once.
 */
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { posts, sandboxPosts, scheduleJobs } from '../../src-main/db/schema/org'
import { parseAtUri, rkeyFromIdempotencyKey } from '../../src-shared/platforms/bluesky'
import { startBlueskyPds, type BlueskyPds } from '../helpers/bluesky-pds'
import { startTestCore, type TestCore } from '../helpers/core'
import { startFakeMastodon } from '../helpers/fake-mastodon'
import { ClockTimers } from '../helpers/fake-timers'
import { writeRows } from '../helpers/write-rows'
import { writeScheduled } from '../helpers/schedule-rows'

const cores: TestCore[] = []
afterEach(() => {
  for (const c of cores.splice(0)) c.dispose()
})

let pds: BlueskyPds
beforeAll(async () => {
  pds = await startBlueskyPds()
})
afterAll(() => pds?.close())

async function setup() {
  const timers = new ClockTimers(() => core.clock)
  const core = startTestCore(undefined, { publishing: { timers } })
  cores.push(core)
  await core.ok('createProfile', { name: 'Ana Ruiz', email: null })
  const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
  const settle = () => core.scheduler!.idle()
  await settle()
  const db = () => core.ctx.dbs.org(org.id)
  /** A post with a thread and a first comment, due now on the channel, and the loop told. */
  async function scheduleThread(channelId: string, caption: string, parts: string[], firstComment: string) {
    const post = await core.ok('createDraft', { orgId: org.id, caption, socialAccountId: channelId })
    const values = { threadParts: parts.map((text) => ({ text })), firstComment }
    writeRows(core, org.id, [{ table: posts, rowId: post.id, values }], 'post.updated')
    const ids = writeScheduled(core, org.id, post.id, core.clock.now())
    core.ctx.publishing.scheduleChanged(org.id)
    await settle()
    return ids
  }
  const rowOf = (postId: string) => db().select().from(posts).where(eq(posts.id, postId)).get()!
  const jobOf = (jobId: string) => db().select().from(scheduleJobs).where(eq(scheduleJobs.id, jobId)).get()!
  return { core, orgId: org.id, settle, scheduleThread, rowOf, jobOf }
}

describe('threads and first comments on real platforms', () => {
  it('publishes a thread and its first comment to the Sandbox in order, each once', async () => {
    const s = await setup()
    const channel = await s.core.ok('connectChannel', { orgId: s.orgId, platform: 'sandbox', name: 'Acme sandbox' })
    const ids = await s.scheduleThread(channel.id, 'New beans (1/3)', ['Ethiopia (2/3)', 'Kenya (3/3)'], 'Order here')

    const row = s.rowOf(ids.postId)
    expect(row.status).toBe('published')
    const feed = await s.core.ok('listSandboxFeed', { orgId: s.orgId, channelId: channel.id })
    // What the Sandbox stored, with what each post answers.
    const stored = s.core.ctx.dbs.org(s.orgId).select().from(sandboxPosts).all()
    const byId = new Map(stored.map((p) => [p.id, p]))
    const [part2, part3, comment] = row.followUps
    expect(row.followUps.map((f) => f.kind)).toEqual(['part', 'part', 'first_comment'])
    expect(byId.get(part2!.platformPostId)).toMatchObject({ text: 'Ethiopia (2/3)', replyTo: row.platformPostId })
    expect(byId.get(part3!.platformPostId)).toMatchObject({ text: 'Kenya (3/3)', replyTo: part2!.platformPostId })
    expect(byId.get(comment!.platformPostId)).toMatchObject({ text: 'Order here', replyTo: part3!.platformPostId })
    // The feed shows them as one thread, in reading order.
    expect(feed).toHaveLength(1)
    expect([feed[0]!.text, ...(feed[0]!.thread ?? []).map((p) => p.text)]).toEqual([
      'New beans (1/3)',
      'Ethiopia (2/3)',
      'Kenya (3/3)',
      'Order here',
    ])
    expect(new Set(stored.map((p) => p.idempotencyKey))).toEqual(
      new Set([ids.jobId, `${ids.jobId}-part-1`, `${ids.jobId}-part-2`, `${ids.jobId}-comment`]),
    )
    expect(s.jobOf(ids.jobId).status).toBe('done')
    expect(await s.core.ok('followUpStatus', { orgId: s.orgId, postId: ids.postId })).toEqual({
      left: 0,
      note: null,
      sending: false,
    })

    // Catch-ups later send nothing again.
    await s.core.scheduler!.catchUp()
    expect(s.core.ctx.dbs.org(s.orgId).select().from(sandboxPosts).all()).toHaveLength(4)
  })

  it('publishes a Bluesky thread and first comment as replies on a real PDS, and a crash after a step never doubles it', async () => {
    const s = await setup()
    const bob = await pds.createAccount(`bob${Date.now() % 100000}`)
    const channel = await s.core.ok('connectChannel', {
      orgId: s.orgId,
      platform: 'bluesky',
      service: pds.url,
      identifier: bob.identifier,
      appPassword: bob.appPassword,
    })
    const ids = await s.scheduleThread(channel.id, 'Roast day (1/2)', ['Come by at noon (2/2)'], 'Menu: acme.example')

    const row = s.rowOf(ids.postId)
    expect(row.status).toBe('published')
    const stored = await pds.listPosts(bob.did)
    expect(stored).toHaveLength(3)
    const byUri = new Map(stored.map((p) => [p.uri, p]))
    const root = byUri.get(row.platformPostId!)!
    const part = byUri.get(row.followUps[0]!.platformPostId)!
    const comment = byUri.get(row.followUps[1]!.platformPostId)!
    expect(root.value.text).toBe('Roast day (1/2)')
    expect(part.value).toMatchObject({
      text: 'Come by at noon (2/2)',
      reply: { root: { uri: root.uri }, parent: { uri: root.uri } },
    })
    expect(comment.value).toMatchObject({
      text: 'Menu: acme.example',
      reply: { root: { uri: root.uri }, parent: { uri: part.uri } },
    })
    // Each step's record key comes from its own key, the same every time.
    expect(parseAtUri(part.uri).rkey).toBe(rkeyFromIdempotencyKey(`${ids.jobId}-part-1`))
    expect(parseAtUri(comment.uri).rkey).toBe(rkeyFromIdempotencyKey(`${ids.jobId}-comment`))

    // As a kill leaves it after the PDS took the comment: the job running, the comment not recorded.
    const recorded = row.followUps.slice(0, 1)
    writeRows(s.core, s.orgId, [{ table: posts, rowId: ids.postId, values: { followUps: recorded } }], 'test.crash')
    writeRows(s.core, s.orgId, [{ table: scheduleJobs, rowId: ids.jobId, values: { status: 'running' } }], 'test.crash')
    await s.core.scheduler!.catchUp()

    expect(await pds.listPosts(bob.did)).toHaveLength(3)
    const after = s.rowOf(ids.postId)
    expect(after.followUps.map((f) => f.platformPostId)).toEqual([part.uri, comment.uri])
    expect(s.jobOf(ids.jobId).status).toBe('done')
  })

  it('threads on Mastodon; a refused first comment leaves the post live with a note, and Retry sends it once', async () => {
    const s = await setup()
    const instance = await startFakeMastodon()
    try {
      const channel = await s.core.ok('connectChannel', {
        orgId: s.orgId,
        platform: 'mastodon',
        service: instance.url,
        accessToken: instance.token,
      })
      instance.refuse = (body) => (body.status === 'Menu inside' ? 'Validation failed: Replies are closed' : null)
      const ids = await s.scheduleThread(channel.id, 'Roast day (1/2)', ['Come by (2/2)'], 'Menu inside')

      const row = s.rowOf(ids.postId)
      expect(row.status).toBe('published')
      expect(row.platformUrl).toBe(`${instance.url}/@ana/101`)
      expect(instance.statusPosts.map((p) => [p.body.status, p.body.in_reply_to_id ?? null])).toEqual([
        ['Roast day (1/2)', null],
        ['Come by (2/2)', '101'],
        ['Menu inside', '102'],
      ])
      expect(instance.statusPosts.map((p) => p.idempotencyKey)).toEqual([
        ids.jobId,
        `${ids.jobId}-part-1`,
        `${ids.jobId}-comment`,
      ])
      const status = await s.core.ok('followUpStatus', { orgId: s.orgId, postId: ids.postId })
      expect(status).toEqual({
        left: 1,
        note: 'The first comment was not posted: Validation failed: Replies are closed. Retry to send it.',
        sending: false,
      })

      instance.refuse = null
      const retried = await s.core.ok('retryFollowUps', { orgId: s.orgId, postId: ids.postId })
      expect(retried.sending).toBe(true)
      await s.settle()

      const comments = instance.statusPosts.filter((p) => p.body.status === 'Menu inside')
      // The refused attempt, then the one Retry sent: under the same key, answering part two.
      expect(comments.map((p) => [p.idempotencyKey, p.body.in_reply_to_id])).toEqual([
        [`${ids.jobId}-comment`, '102'],
        [`${ids.jobId}-comment`, '102'],
      ])
      expect(s.rowOf(ids.postId).followUps.map((f) => f.kind)).toEqual(['part', 'first_comment'])
      expect(await s.core.ok('followUpStatus', { orgId: s.orgId, postId: ids.postId })).toEqual({
        left: 0,
        note: null,
        sending: false,
      })
      // A second Retry has nothing left to send.
      await s.core.ok('retryFollowUps', { orgId: s.orgId, postId: ids.postId })
      await s.settle()
      expect(instance.statusPosts).toHaveLength(4)
    } finally {
      await instance.close()
    }
  })
})
