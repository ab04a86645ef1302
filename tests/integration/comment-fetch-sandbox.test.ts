/**
 * Comments in from the Sandbox, through the real service and the real loop on real SQLite files: its people comment
 * on the channel's posts and answer each other as (fake) time passes, each fetch brings only what arrived since the
 * last, linked to our post; and in an org that syncs, two editors' devices that fetch the same comments make the
 * same rows, which the real sync server merges, while a viewer's device fetches nothing and reads them all.
 */
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { posts } from '../../src-main/db/schema/org'
import { adapterFor } from '../../src-main/platforms/adapters'
import { readStoredChannel, sessionOf } from '../../src-main/platforms/channel-store'
import type { TestCore } from '../helpers/core'
import { startOnboardedCore } from '../helpers/core'
import { ClockTimers } from '../helpers/fake-timers'
import { signedUpDesktop, useLoopbackServer } from '../helpers/loopback'
import { startTestCore } from '../helpers/core'
import { sandboxConversation } from '../../src-shared/platforms/sandbox-inbox'
import type { SandboxPost } from '../../src-shared/platforms/sandbox'
import { commentRowId } from '../../src-main/services/comment-fetch'
import { createServerLeases } from '../../src-main/scheduler/server-leases'

const HOUR = 3_600_000

/**
 * Publishes sandbox posts until one will get comments that people answer within four days. Answers that one, and
 * everything said on all of them within four days (the posts before it may have comments too).
 */
async function publishTalkedAboutPost(
  core: TestCore,
  orgId: string,
  channelId: string,
): Promise<{ post: SandboxPost; conversation: (nowMs: number) => ReturnType<typeof sandboxConversation> }> {
  const channel = readStoredChannel(core.ctx.dbs.org(orgId), channelId)!
  const session = (await sessionOf(core.ctx.secrets, channel))!
  const adapter = adapterFor(core.ctx, orgId, 'sandbox', channelId)
  const published: { id: string; publishedAt: string }[] = []
  const conversation = (nowMs: number) => published.flatMap((p) => sandboxConversation(p, nowMs))
  for (let i = 0; i < 200; i++) {
    const { platformPostId } = await adapter.publish(
      session,
      { text: `Our news, take ${i}` },
      { idempotencyKey: `k${i}` },
    )
    const post = { id: platformPostId, publishedAt: core.clock.now().toISOString() }
    published.push(post)
    const later = sandboxConversation(post, core.clock.now().getTime() + 4 * 24 * HOUR)
    if (later.some((c) => c.platformCommentId.includes(':r'))) {
      return { post: { ...post, text: '' } as SandboxPost, conversation }
    }
  }
  throw new Error('no sandbox post got answered comments in 200 tries')
}

const commentRows = (core: TestCore, orgId: string) =>
  core.ctx.dbs
    .org(orgId)
    .$client.prepare(
      'SELECT id, platform_comment_id, post_id, post_link, text, ai_insights, platform_meta FROM comments ORDER BY timestamp, id',
    )
    .all() as {
    id: string
    platform_comment_id: string
    post_id: string | null
    post_link: string | null
    text: string
    ai_insights: string
    platform_meta: string
  }[]

describe('comments in from the Sandbox', () => {
  it('brings its people’s comments and their answers to each other as they arrive, each once, linked to our post', async () => {
    const { core, org } = await startOnboardedCore()
    try {
      const channel = await core.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme test' })
      const { post, conversation } = await publishTalkedAboutPost(core, org.id, channel.id)
      // Our post row, as the publishing loop leaves it once published.
      core.ctx.dbs
        .org(org.id)
        .update(posts)
        .set({
          socialAccountId: channel.id,
          status: 'published',
          platformPostId: post.id,
          platformUrl: `sandbox://${org.id}/${channel.id}/posts/${post.id}`,
        })
        .where(eq(posts.id, (await core.ok('createDraft', { orgId: org.id, caption: 'x' })).id))
        .run()

      const timers = new ClockTimers(() => core.clock)
      const { CommentFetchLoop } = await import('../../src-main/scheduler/comment-fetch-loop')
      const loop = new CommentFetchLoop(core.ctx, { timers, intervalMs: 10 * 60_000, tickMs: 60_000 })
      await loop.start()
      expect(commentRows(core, org.id)).toEqual([])

      const everything = conversation(core.clock.now().getTime() + 4 * 24 * HOUR)
      for (let hour = 0; hour < 4 * 24; hour += 6) {
        await timers.advance(6 * HOUR, () => loop.idle())
        const now = core.clock.now().getTime()
        const ids = commentRows(core, org.id).map((r) => r.platform_comment_id)
        // What has arrived by now (the loop fetched within its interval), nothing from the future, never one twice.
        const arrived = everything.filter((c) => Date.parse(c.createdAt) <= now)
        const fetchedBefore = arrived.filter((c) => Date.parse(c.createdAt) <= now - 10 * 60_000)
        expect(ids.length).toBeGreaterThanOrEqual(fetchedBefore.length)
        expect(arrived.map((c) => c.platformCommentId)).toEqual(expect.arrayContaining(ids))
        expect(new Set(ids).size).toBe(ids.length)
      }
      loop.stop()
      const rows = commentRows(core, org.id)
      expect(rows.map((r) => r.platform_comment_id).sort()).toEqual(everything.map((c) => c.platformCommentId).sort())

      const answer = rows.find(
        (r) => r.platform_comment_id.startsWith(`${post.id}:`) && r.platform_comment_id.includes(':r'),
      )!
      const meta = JSON.parse(answer.platform_meta) as { inReplyToId: string; context: { text: string }[] }
      // An answer names the comment it answers, and carries the post and that comment as its thread.
      expect(everything.map((c) => c.platformCommentId)).toContain(meta.inReplyToId)
      expect(meta.context).toHaveLength(2)
      for (const row of rows) {
        // Those on the post we have a row for are linked to it; the others answer posts we have no row of.
        const onOurs = row.platform_comment_id.startsWith(`${post.id}:`)
        expect(row.post_id !== null).toBe(onOurs)
        if (onOurs) expect(row.post_link).toContain(post.id)
        expect(JSON.parse(row.ai_insights)).toMatchObject({ sentiment: { label: expect.any(String) } })
        expect(row.id).toBe(commentRowId(channel.id, row.platform_comment_id))
      }

      // On demand: nothing new has arrived, so nothing is added.
      expect(await core.ok('fetchCommentsNow', { orgId: org.id })).toMatchObject({ added: 0, problems: [] })
      const [state] = await core.ok('inboxChannels', { orgId: org.id })
      expect(state).toMatchObject({ channelId: channel.id, fetchesHere: true, problem: null })
      expect(state!.checkedAt).toBe(core.clock.now().toISOString())
    } finally {
      core.dispose()
    }
  })
})

describe('comments in, for a team that syncs', () => {
  const sync = useLoopbackServer()

  it('makes the same rows on two editors’ devices, merged by sync; a viewer fetches nothing and reads them', async () => {
    const ana = await signedUpDesktop(sync.cores, sync.url, { name: 'Ana', email: 'ana@example.com' }, false)
    const org = await ana.ok('createOrganization', { name: 'Acme', timezone: 'Europe/Paris' })
    const channel = await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme test' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const { conversation } = await publishTalkedAboutPost(ana, org.id, channel.id)
    await ana.ok('syncNow', { orgId: org.id })

    const join = async (name: string, role: 'editor' | 'viewer') => {
      const invitation = await ana.ok('createInvitation', { orgId: org.id, role })
      const core = await signedUpDesktop(sync.cores, sync.url, { name, email: `${name}@example.com` }, false)
      await core.ok('joinOrganization', { code: invitation.code })
      core.clock.advance(ana.clock.now().getTime() - core.clock.now().getTime())
      return core
    }
    const ben = await join('ben', 'editor')
    const vic = await join('vic', 'viewer')
    for (const clock of [ana.clock, ben.clock, vic.clock, sync.server.clock]) clock.advance(4 * 24 * HOUR)

    // While Ben's device holds the channel's inbox lease, Ana's does not fetch it.
    const bensLeases = createServerLeases({
      fetch: (input, init) => fetch(input, init),
      serverUrl: sync.url,
      orgId: org.id,
      holder: 'ben-device',
      token: () => ben.ctx.sync.currentSession?.token ?? null,
    })
    const held = (await bensLeases.acquire(`inbox-${channel.id}`))!
    expect(held).not.toBeNull()
    expect(await ana.ok('fetchCommentsNow', { orgId: org.id })).toEqual({ fetched: 0, added: 0, problems: [] })
    expect(commentRows(ana, org.id)).toEqual([])
    await bensLeases.release(`inbox-${channel.id}`, held.fence, 'skipped')

    // Both editors fetch before either has synced: the same comments, the same row ids.
    const first = await ana.ok('fetchCommentsNow', { orgId: org.id })
    const second = await ben.ok('fetchCommentsNow', { orgId: org.id })
    const everything = conversation(ana.clock.now().getTime())
    expect(first).toMatchObject({ added: everything.length, problems: [] })
    expect(second).toMatchObject({ added: everything.length, problems: [] })

    const refused = await vic.fails('fetchCommentsNow', { orgId: org.id })
    expect(refused.code).toBe('forbidden')
    expect(refused.message).toMatch(/ask one of them/)
    expect((await vic.ok('inboxChannels', { orgId: org.id }))[0]).toMatchObject({ fetchesHere: false })

    for (const core of [ana, ben, ana, vic]) expect((await core.ok('syncNow', { orgId: org.id })).message).toBeNull()
    const ids = (core: TestCore) => commentRows(core, org.id).map((r) => r.id)
    expect(ids(ana)).toHaveLength(everything.length)
    expect(ids(ben)).toEqual(ids(ana))
    expect(ids(vic)).toEqual(ids(ana))
    expect(commentRows(vic, org.id).map((r) => r.text)).toEqual(commentRows(ana, org.id).map((r) => r.text))
  })

  it('keeps a contributor’s device from fetching', async () => {
    const ana = await signedUpDesktop(sync.cores, sync.url, { name: 'Ana', email: 'ana2@example.com' }, false)
    const org = await ana.ok('createOrganization', { name: 'Acme', timezone: 'Europe/Paris' })
    await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme test' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'contributor' })
    const cal = startTestCore(undefined, { sync: { live: false } })
    sync.cores.push(cal)
    await cal.ok('createProfile', { name: 'Cal', email: 'cal@example.com' })
    await cal.ok('connectServer', {
      serverUrl: sync.url,
      email: 'cal@example.com',
      password: 'correct horse battery',
      mode: 'signup',
    })
    await cal.ok('joinOrganization', { code: invitation.code })
    expect((await cal.ok('inboxChannels', { orgId: org.id }))[0]).toMatchObject({ fetchesHere: false })
    expect((await cal.fails('fetchCommentsNow', { orgId: org.id })).code).toBe('forbidden')
    expect((await ana.ok('inboxChannels', { orgId: org.id }))[0]).toMatchObject({ fetchesHere: true })
  })
})
