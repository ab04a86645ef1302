/**
 * The sync server's publishing loop, with a real desktop core on real
 * SQLite attached to the real server over loopback HTTP: an org that turns
 * serverPublishing on gets its due Sandbox posts published with no desktop
 * loop running, and the desktop pulls the outcome; an org without it is
 * left alone; a job a crashed publisher left running is looked up, not sent again.
 */
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { newId } from '../../src-main/core/ids'
import { integrations, organizations, posts, scheduleJobs, socialAccounts } from '../../src-main/db/schema/org'
import { sandboxPosts, scheduleJobs as serverJobs } from '../../sync-server/db/schema'
import { createServerPublisher, type ServerPublisher } from '../../sync-server/publishing/server-publisher'
import { acquireLease, readLease } from '../../sync-server/services/leases'
import { publishSandboxPost } from '../../sync-server/services/sandbox'
import { followUpLeaseId } from '../../src-shared/scheduling/follow-ups'
import { sandboxLimits } from '../../src-shared/platforms/sandbox'
import { startTestCore, type TestCore } from '../helpers/core'
import { listenOnLoopback } from '../helpers/loopback'
import { writeScheduled } from '../helpers/schedule-rows'
import { startTestServer, type TestServer } from '../helpers/sync-server'
import { writeRows } from '../helpers/write-rows'

let server: TestServer
let serverUrl: string
let publisher: ServerPublisher
const cores: TestCore[] = []

beforeEach(async () => {
  server = await startTestServer()
  serverUrl = await listenOnLoopback(server)
  publisher = createServerPublisher(server.app.ctx, { publicUrl: serverUrl, random: () => 0.5 })
})
afterEach(async () => {
  publisher.stop()
  await publisher.idle()
  for (const core of cores.splice(0)) core.dispose()
  await server.close()
})

/** A desktop signed in to the server with an attached organization that has one Sandbox channel. */
async function desktopWithSandboxOrg(email: string, serverPublishing: boolean) {
  const core = startTestCore()
  cores.push(core)
  await core.ok('createProfile', { name: 'Ana', email })
  await core.ok('connectServer', { serverUrl, email, password: 'correct horse battery', mode: 'signup' })
  const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
  await core.ok('attachOrganization', { orgId: org.id })
  const integration = { id: newId(), orgId: org.id, platform: 'sandbox' as const, meta: { service: '' } }
  const channelId = newId()
  // As connectChannel makes it: the Sandbox account id is an id of its own.
  const accountId = newId()
  const account = {
    id: channelId,
    orgId: org.id,
    integrationId: integration.id,
    platformUserId: accountId,
    username: 'acme',
  }
  writeRows(
    core,
    org.id,
    [
      { table: integrations, rowId: integration.id, values: integration },
      { table: socialAccounts, rowId: channelId, values: account },
    ],
    'channel.connected',
  )
  writeRows(
    core,
    org.id,
    [{ table: organizations, rowId: org.id, values: { settings: { serverPublishing, publishLateWithinMinutes: 15 } } }],
    'organization.settings_changed',
  )
  return { core, orgId: org.id, channelId, accountId }
}

/** A draft made through the API, then scheduled on the channel with a pending job due at `runAt`. */
async function scheduleSandboxPost(core: TestCore, orgId: string, channelId: string, caption: string, runAt: Date) {
  const post = await core.ok('createDraft', { orgId, caption })
  return writeScheduled(core, orgId, post.id, runAt, { socialAccountId: channelId })
}

const serverCalls = async (key: string) =>
  (await server.database.db.select().from(sandboxPosts).where(eq(sandboxPosts.idempotencyKey, key)))[0]?.publishCalls ??
  0

describe('server-side publishing', () => {
  it('publishes a due Sandbox post with no desktop running, and the desktop pulls the published post and its link', async () => {
    const { core, orgId, channelId, accountId } = await desktopWithSandboxOrg('ana@example.com', true)
    const due = await scheduleSandboxPost(core, orgId, channelId, 'Out while the laptop sleeps', core.clock.now())
    const later = await scheduleSandboxPost(
      core,
      orgId,
      channelId,
      'Tomorrow',
      new Date(core.clock.now().getTime() + 86_400_000),
    )
    expect((await core.ok('syncNow', { orgId })).pending).toBe(0)
    core.close()

    await publisher.runDue()

    const [sent] = await server.database.db
      .select()
      .from(sandboxPosts)
      .where(eq(sandboxPosts.idempotencyKey, due.jobId))
    expect(sent).toMatchObject({ orgId, accountId, text: 'Out while the laptop sleeps', publishCalls: 1 })
    expect(await serverCalls(later.jobId)).toBe(0)
    expect(await readLease(server.database.db, orgId, due.jobId)).toMatchObject({
      holder: 'server',
      outcome: 'published',
    })
    // Published twice by nobody: a second pass finds nothing to do.
    await publisher.runDue()
    expect(await serverCalls(due.jobId)).toBe(1)

    // The laptop wakes up and pulls what happened.
    const laptop = startTestCore(core.dataDir)
    cores.push(laptop)
    // Its saved session loads in the background; sync once it has.
    await vi.waitFor(() => expect(laptop.ctx.sync.currentSession).not.toBeNull())
    await laptop.ok('syncNow', { orgId })
    const db = laptop.ctx.dbs.org(orgId)
    const post = db.select().from(posts).where(eq(posts.id, due.postId)).get()!
    expect(post).toMatchObject({
      status: 'published',
      platformPostId: sent!.id,
      platformUrl: `${serverUrl}/sandbox/${channelId}#${sent!.id}`,
    })
    expect(post.publishedAt).toBe(server.clock.now().toISOString())
    expect(db.select().from(scheduleJobs).where(eq(scheduleJobs.id, due.jobId)).get()).toMatchObject({ status: 'done' })
    expect(db.select().from(posts).where(eq(posts.id, later.postId)).get()).toMatchObject({ status: 'scheduled' })

    // The link in Sent opens the feed page at the post.
    const feed = await fetch(post.platformUrl!.split('#')[0]!)
    expect(await feed.text()).toContain(`<article id="${sent!.id}"`)
  })

  it('leaves an organization without serverPublishing alone', async () => {
    const { core, orgId, channelId } = await desktopWithSandboxOrg('ben@example.com', false)
    const due = await scheduleSandboxPost(core, orgId, channelId, 'Only from a desktop', core.clock.now())
    await core.ok('syncNow', { orgId })
    await publisher.runDue()
    expect(await serverCalls(due.jobId)).toBe(0)
    expect(await readLease(server.database.db, orgId, due.jobId)).toBeUndefined()
    const [job] = await server.database.db
      .select()
      .from(serverJobs)
      .where(and(eq(serverJobs.orgId, orgId), eq(serverJobs.id, due.jobId)))
    expect(job?.status).toBe('pending')
  })

  it('leaves a job to the desktop that holds its lease, and flags a post found due too late', async () => {
    const { core, orgId, channelId } = await desktopWithSandboxOrg('cy@example.com', true)
    const held = await scheduleSandboxPost(core, orgId, channelId, 'A desktop has this one', core.clock.now())
    const stale = await scheduleSandboxPost(
      core,
      orgId,
      channelId,
      'Missed',
      new Date(core.clock.now().getTime() - 60 * 60_000),
    )
    await core.ok('syncNow', { orgId })
    await acquireLease(server.app.ctx, orgId, held.jobId, 'some-desktop', 5 * 60_000)

    await publisher.runDue()
    expect(await serverCalls(held.jobId)).toBe(0)
    expect(await serverCalls(stale.jobId)).toBe(0)
    await core.ok('syncNow', { orgId })
    const db = core.ctx.dbs.org(orgId)
    expect(db.select().from(posts).where(eq(posts.id, stale.postId)).get()).toMatchObject({ status: 'needs_attention' })
    expect(db.select().from(scheduleJobs).where(eq(scheduleJobs.id, stale.jobId)).get()!.lastError).toMatch(/^missed/)
    expect(db.select().from(posts).where(eq(posts.id, held.postId)).get()).toMatchObject({ status: 'scheduled' })
  })

  it('settles a job a crashed publisher left running by looking it up, never sending it again', async () => {
    const { core, orgId, channelId, accountId } = await desktopWithSandboxOrg('dee@example.com', true)
    const sentBeforeCrash = await scheduleSandboxPost(
      core,
      orgId,
      channelId,
      'Went out, then the laptop died',
      core.clock.now(),
    )
    const neverSent = await scheduleSandboxPost(core, orgId, channelId, 'Died before sending', core.clock.now())
    await core.ok('syncNow', { orgId })
    // A desktop took both leases and marked both running; it sent one, then crashed without reporting.
    for (const { jobId, postId } of [sentBeforeCrash, neverSent]) {
      await acquireLease(server.app.ctx, orgId, jobId, 'crashed-laptop', 60_000)
      writeRows(
        core,
        orgId,
        [
          { table: posts, rowId: postId, values: { status: 'publishing' } },
          { table: scheduleJobs, rowId: jobId, values: { status: 'running' } },
        ],
        'post.publishing',
      )
    }
    await core.ok('syncNow', { orgId })
    await publishSandboxPost(server.app.ctx, orgId, {
      accountId,
      idempotencyKey: sentBeforeCrash.jobId,
      text: 'Went out, then the laptop died',
      media: [],
    })

    // While the leases last, the server keeps off.
    await publisher.runDue()
    expect(await serverCalls(neverSent.jobId)).toBe(0)
    server.clock.advance(2 * 60_000)
    await publisher.runDue()

    expect(await serverCalls(sentBeforeCrash.jobId)).toBe(1)
    expect(await serverCalls(neverSent.jobId)).toBe(1)
    await core.ok('syncNow', { orgId })
    const db = core.ctx.dbs.org(orgId)
    for (const { postId, jobId } of [sentBeforeCrash, neverSent]) {
      expect(db.select().from(posts).where(eq(posts.id, postId)).get()).toMatchObject({ status: 'published' })
      expect(db.select().from(scheduleJobs).where(eq(scheduleJobs.id, jobId)).get()).toMatchObject({ status: 'done' })
    }
  })

  it('leaves a Bluesky channel’s job to the desktops, and fails a post the Sandbox refuses with its reason', async () => {
    const { core, orgId, channelId } = await desktopWithSandboxOrg('eve@example.com', true)
    const integration = { id: newId(), orgId, platform: 'bluesky' as const, meta: { service: 'https://bsky.social' } }
    const blueskyId = newId()
    writeRows(
      core,
      orgId,
      [
        { table: integrations, rowId: integration.id, values: integration },
        {
          table: socialAccounts,
          rowId: blueskyId,
          values: {
            id: blueskyId,
            orgId,
            integrationId: integration.id,
            platformUserId: 'did:plc:acme',
            username: 'acme.bsky.social',
          },
        },
      ],
      'channel.connected',
    )
    const bluesky = await scheduleSandboxPost(
      core,
      orgId,
      blueskyId,
      'Only a desktop holds this token',
      core.clock.now(),
    )
    const tooLong = await scheduleSandboxPost(core, orgId, channelId, 'x'.repeat(501), core.clock.now())
    await core.ok('syncNow', { orgId })

    await publisher.runDue()
    expect(await readLease(server.database.db, orgId, bluesky.jobId)).toBeUndefined()
    expect(await serverCalls(tooLong.jobId)).toBe(0)
    expect(await readLease(server.database.db, orgId, tooLong.jobId)).toMatchObject({
      holder: 'server',
      outcome: 'failed',
    })

    await core.ok('syncNow', { orgId })
    const db = core.ctx.dbs.org(orgId)
    expect(db.select().from(scheduleJobs).where(eq(scheduleJobs.id, bluesky.jobId)).get()).toMatchObject({
      status: 'pending',
    })
    expect(db.select().from(posts).where(eq(posts.id, tooLong.postId)).get()).toMatchObject({ status: 'failed' })
    expect(db.select().from(scheduleJobs).where(eq(scheduleJobs.id, tooLong.jobId)).get()!.lastError).toBe(
      'the text is 501 characters; the Sandbox takes at most 500',
    )
  })

  it('runs on its own once started: what is due goes out without being asked', async () => {
    const { core, orgId, channelId } = await desktopWithSandboxOrg('fay@example.com', true)
    const due = await scheduleSandboxPost(core, orgId, channelId, 'On its own', core.clock.now())
    await core.ok('syncNow', { orgId })
    publisher.start()
    await vi.waitFor(async () => expect(await serverCalls(due.jobId)).toBe(1))
    await publisher.idle()
    expect(await readLease(server.database.db, orgId, due.jobId)).toMatchObject({ outcome: 'published' })
  })

  it('waits for the next due job with a timer, not the minute-long safety tick', async () => {
    const { core, orgId, channelId } = await desktopWithSandboxOrg('gus@example.com', true)
    const soon = await scheduleSandboxPost(
      core,
      orgId,
      channelId,
      'In a second',
      new Date(core.clock.now().getTime() + 1000),
    )
    await core.ok('syncNow', { orgId })
    publisher.start()
    await publisher.idle()
    expect(await serverCalls(soon.jobId)).toBe(0)
    // The second passes on the server's clock; the timer armed for it fires about then.
    server.clock.advance(1000)
    await vi.waitFor(async () => expect(await serverCalls(soon.jobId)).toBe(1), { timeout: 10_000, interval: 100 })
  })
})

describe('server-side follow-ups', () => {
  it('sends a thread in order, keeps the post live when the first comment is refused, and sends it once on Retry', async () => {
    const { core, orgId, channelId } = await desktopWithSandboxOrg('cleo@example.com', true)
    const draft = await core.ok('createDraft', { orgId, caption: 'Roast day (1/2)' })
    const tooLong = 'x'.repeat(sandboxLimits.maxTextLength + 1)
    const plan = { threadParts: [{ text: 'Come by at noon (2/2)' }], firstComment: tooLong }
    writeRows(core, orgId, [{ table: posts, rowId: draft.id, values: plan }], 'post.updated')
    const ids = writeScheduled(core, orgId, draft.id, core.clock.now(), { socialAccountId: channelId })
    expect((await core.ok('syncNow', { orgId })).pending).toBe(0)
    core.close()

    await publisher.runDue()

    const sent = async (key: string) =>
      (await server.database.db.select().from(sandboxPosts).where(eq(sandboxPosts.idempotencyKey, key)))[0]
    const root = await sent(ids.jobId)
    const part = await sent(`${ids.jobId}-part-1`)
    expect(root).toMatchObject({ text: 'Roast day (1/2)', replyTo: null, publishCalls: 1 })
    expect(part).toMatchObject({ text: 'Come by at noon (2/2)', replyTo: root!.id, publishCalls: 1 })
    expect(await sent(`${ids.jobId}-comment`)).toBeUndefined()

    const laptop = startTestCore(core.dataDir)
    cores.push(laptop)
    await vi.waitFor(() => expect(laptop.ctx.sync.currentSession).not.toBeNull())
    await laptop.ok('syncNow', { orgId })
    const db = laptop.ctx.dbs.org(orgId)
    expect(db.select().from(posts).where(eq(posts.id, ids.postId)).get()).toMatchObject({
      status: 'published',
      platformPostId: root!.id,
      followUps: [expect.objectContaining({ kind: 'part', index: 1, platformPostId: part!.id })],
    })
    const stopped = await laptop.ok('followUpStatus', { orgId, postId: ids.postId })
    expect(stopped.left).toBe(1)
    expect(stopped.note).toMatch(
      /^The first comment was not posted: the text is \d+ characters; the Sandbox takes at most/,
    )

    // The person shortens the comment and retries; the server sends what is left, once.
    writeRows(
      laptop,
      orgId,
      [{ table: posts, rowId: ids.postId, values: { firstComment: 'Menu inside' } }],
      'post.updated',
    )
    expect((await laptop.ok('retryFollowUps', { orgId, postId: ids.postId })).sending).toBe(true)
    expect((await laptop.ok('syncNow', { orgId })).pending).toBe(0)
    await publisher.runDue()
    await publisher.runDue()

    const comment = await sent(`${ids.jobId}-comment`)
    expect(comment).toMatchObject({ text: 'Menu inside', replyTo: part!.id, publishCalls: 1 })
    expect((await sent(`${ids.jobId}-part-1`))!.publishCalls).toBe(1)
    expect(await readLease(server.database.db, orgId, followUpLeaseId(ids.jobId))).toMatchObject({
      holder: 'server',
      outcome: 'published',
    })
    await laptop.ok('syncNow', { orgId })
    expect(
      db
        .select()
        .from(posts)
        .where(eq(posts.id, ids.postId))
        .get()!
        .followUps.map((f) => f.kind),
    ).toEqual(['part', 'first_comment'])
    expect(db.select().from(scheduleJobs).where(eq(scheduleJobs.id, ids.jobId)).get()).toMatchObject({
      status: 'done',
    })
    expect(await laptop.ok('followUpStatus', { orgId, postId: ids.postId })).toEqual({
      left: 0,
      note: null,
      sending: false,
    })
  })
})
