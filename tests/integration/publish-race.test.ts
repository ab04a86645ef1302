/**
 * The race: two desktops (real cores on real SQLite, each running
 * the core's own scheduling loop with the server's leases and the server's
 * Sandbox over loopback HTTP) and the sync server's own publishing loop all
 * go for the same due posts at once. Each post is published exactly once:
 * the Sandbox counts every publish call per idempotency key, and each count
 * must be 1; every post ends published on both desktops after syncing.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { posts, scheduleJobs } from '../../src-main/db/schema/org'
import { publishLeases, sandboxPosts } from '../../sync-server/db/schema'
import { createServerPublisher, type ServerPublisher } from '../../sync-server/publishing/server-publisher'
import { startTestCore, type TestCore } from '../helpers/core'
import { listenOnLoopback } from '../helpers/loopback'
import { startTestServer, type TestServer } from '../helpers/sync-server'

const POSTS = 30
const HOUR = 60 * 60_000

let server: TestServer
let serverUrl: string
let publisher: ServerPublisher
const cores: TestCore[] = []

// Embedded PGlite (the default server) and PostgreSQL, where requests really run at the same time.
describe.each(['pglite', 'postgres'] as const)('on %s', (kind) => {
  beforeEach(async () => {
    server = await startTestServer({ kind })
    serverUrl = await listenOnLoopback(server)
    // One job at a time: in-process PGlite answers the server's loop in microtasks, so with several at once it
    // would take every job before a desktop's first request over loopback HTTP arrived, and there would be no race.
    publisher = createServerPublisher(server.app.ctx, { publicUrl: serverUrl, concurrency: 1 })
  })
  afterEach(async () => {
    publisher.stop()
    await publisher.idle()
    for (const core of cores.splice(0)) {
      await core.scheduler?.idle()
      // Sync rounds settle before the desktop goes, as they should before its databases close.
      await core.sync.idle()
      core.dispose()
    }
    await server.close()
  })

  /** A desktop signed in to the server, running the core's own publishing loop. */
  async function desktop(name: string, email: string) {
    const core = startTestCore(undefined, { publishing: { loop: true } })
    cores.push(core)
    await core.ok('createProfile', { name, email })
    await core.ok('connectServer', { serverUrl, email, password: 'correct horse battery', mode: 'signup' })
    return core
  }

  describe('two desktops and the server racing for the same due posts', () => {
    it('publishes each post exactly once', async () => {
      const ana = await desktop('Ana', 'ana@example.com')
      const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
      await ana.ok('attachOrganization', { orgId: org.id })
      const channel = await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme' })
      await ana.ok('updatePublishingSettings', { orgId: org.id, settings: { serverPublishing: true } })

      // Due an hour from now, so nobody starts before everyone has them.
      const dueAt = new Date(ana.clock.now().getTime() + HOUR).toISOString()
      const postIds: string[] = []
      for (let i = 0; i < POSTS; i++) {
        const draft = await ana.ok('createDraft', {
          orgId: org.id,
          caption: `Race post #${i}`,
          socialAccountId: channel.id,
        })
        const scheduled = await ana.ok('schedulePost', {
          orgId: org.id,
          postId: draft.id,
          when: { kind: 'at', at: dueAt },
        })
        expect(scheduled.status).toBe('scheduled')
        postIds.push(draft.id)
      }
      expect((await ana.ok('syncNow', { orgId: org.id })).pending).toBe(0)
      const jobIds = ana.ctx.dbs
        .org(org.id)
        .select({ id: scheduleJobs.id })
        .from(scheduleJobs)
        .where(inArray(scheduleJobs.postId, postIds))
        .all()
        .map((j) => j.id)
      expect(jobIds).toHaveLength(POSTS)

      const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'editor' })
      const ben = await desktop('Ben', 'ben@example.com')
      await ben.ok('joinOrganization', { code: invitation.code })
      await ben.ok('syncNow', { orgId: org.id })
      const pendingOnBen = ben.ctx.dbs
        .org(org.id)
        .select()
        .from(scheduleJobs)
        .where(and(inArray(scheduleJobs.id, jobIds), eq(scheduleJobs.status, 'pending')))
        .all()
      expect(pendingOnBen).toHaveLength(POSTS)

      // The hour passes everywhere; then all three loops go at once.
      for (const clock of [ana.clock, ben.clock, server.clock]) clock.advance(HOUR)
      await Promise.all([ana.scheduler!.runDue(), ben.scheduler!.runDue(), publisher.runDue()])
      // Whatever one of them could not take at the first go (a lease held elsewhere), the next passes settle.
      for (let round = 0; round < 5; round++) {
        await Promise.all([ana.ok('syncNow', { orgId: org.id }), ben.ok('syncNow', { orgId: org.id })])
        await Promise.all([ana.scheduler!.runDue(), ben.scheduler!.runDue(), publisher.runDue()])
      }
      await Promise.all([ana.scheduler!.idle(), ben.scheduler!.idle(), publisher.idle()])

      // At most once: one publish call per job's idempotency key, and every job has its post.
      const sent = await server.database.db
        .select()
        .from(sandboxPosts)
        .where(inArray(sandboxPosts.idempotencyKey, jobIds))
      expect(sent.map((p) => p.publishCalls)).toEqual(Array(POSTS).fill(1))
      expect(new Set(sent.map((p) => p.idempotencyKey))).toEqual(new Set(jobIds))
      expect(new Set(sent.map((p) => p.text))).toEqual(new Set(postIds.map((_, i) => `Race post #${i}`)))

      // Every lease ended as published, under one holder each.
      const leases = await server.database.db.select().from(publishLeases).where(eq(publishLeases.orgId, org.id))
      expect(leases).toHaveLength(POSTS)
      expect(leases.every((l) => l.outcome === 'published' && l.completedAt !== null)).toBe(true)
      // It was a race: more than one of them published (the exact split varies from run to run).
      const holders = new Set(leases.map((l) => l.holder))
      expect(holders.size).toBeGreaterThan(1)
      expect([...holders].every((h) => h === 'server' || /^[0-9a-f-]{36}$/.test(h))).toBe(true)
      expect(ana.logged).toEqual([])
      expect(ben.logged).toEqual([])

      // Both desktops agree that every post is out.
      await vi.waitFor(async () => {
        for (const core of [ana, ben, ana]) await core.ok('syncNow', { orgId: org.id })
        for (const core of [ana, ben]) {
          const statuses = core.ctx.dbs
            .org(org.id)
            .select({ status: posts.status, platformPostId: posts.platformPostId, platformUrl: posts.platformUrl })
            .from(posts)
            .where(inArray(posts.id, postIds))
            .all()
          expect(statuses.map((s) => s.status)).toEqual(Array(POSTS).fill('published'))
          // Linked to the Sandbox post that went out, on this server's feed, whoever published it.
          expect(new Set(statuses.map((s) => s.platformPostId))).toEqual(new Set(sent.map((p) => p.id)))
          for (const { platformUrl } of statuses) expect(platformUrl!.startsWith(`${serverUrl}/sandbox/`)).toBe(true)
        }
      })

      // And the public feed shows each once.
      const feed = await fetch(`${serverUrl}/sandbox/${channel.id}/feed.json`)
      expect(((await feed.json()) as { posts: unknown[] }).posts).toHaveLength(POSTS)
    })
  })
})
