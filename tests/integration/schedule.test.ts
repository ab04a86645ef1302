/**
 * Scheduling posts through dispatch on real SQLite: queue slots in the
 * channel's zone across daylight-saving changes, share next / now / at,
 * reordering, unscheduling and deleting, and refusals that write nothing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Organization } from '../../src-shared/entities/models'
import { addChannel, dailySchedule, setNow } from '../helpers/channel-rows'
import { startOnboardedCore, type TestCore } from '../helpers/core'

let core: TestCore
let org: Organization
afterEach(() => core?.dispose())

const rows = (table: string, where = '1', ...args: unknown[]) =>
  core.ctx.dbs
    .org(org.id)
    .$client.prepare(`SELECT * FROM ${table} WHERE ${where}`)
    .all(...args) as Record<string, unknown>[]
const outbox = () => rows('outbox').length
const jobsOf = (postId: string) => rows('schedule_jobs', 'post_id = ? AND deleted_at IS NULL', postId)

async function start(now: string) {
  ;({ core, org } = await startOnboardedCore())
  setNow(core, now)
}

const draft = (channelId: string | null, caption = 'Spring menu is here') =>
  core.ok('createDraft', { orgId: org.id, caption, socialAccountId: channelId })

async function queue(channelId: string, n: number) {
  const out = []
  for (let i = 0; i < n; i++) {
    const post = await draft(channelId, `Post ${i}`)
    out.push(await core.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'queue' } }))
  }
  return out
}

describe('queue slots across daylight-saving changes', () => {
  it('Europe/Paris: 09:00 local stays 09:00 over the last Sunday of March', async () => {
    await start('2026-03-27T12:00:00Z') // Friday, CET (UTC+1)
    const channel = addChannel(core, org.id, { schedule: dailySchedule('Europe/Paris', ['09:00']) })
    const posts = await queue(channel, 3)
    expect(posts.map((p) => p.scheduledAt)).toEqual([
      '2026-03-28T08:00:00.000Z', // Saturday 09:00 CET
      '2026-03-29T07:00:00.000Z', // Sunday 09:00 CEST: clocks went forward at 02:00
      '2026-03-30T07:00:00.000Z',
    ])
    expect(posts.every((p) => p.status === 'scheduled')).toBe(true)
    for (const post of posts) {
      expect(jobsOf(post.id)).toEqual([
        expect.objectContaining({ status: 'pending', run_at: post.scheduledAt, retry_count: 0 }),
      ])
    }
  })

  it('America/New_York: slots at 09:00 and a skipped 02:30 over the second Sunday of March', async () => {
    await start('2026-03-07T12:00:00Z') // Saturday, EST (UTC-5)
    const channel = addChannel(core, org.id, { schedule: dailySchedule('America/New_York', ['02:30', '09:00']) })
    const posts = await queue(channel, 4)
    expect(posts.map((p) => p.scheduledAt)).toEqual([
      '2026-03-07T14:00:00.000Z', // Sat 09:00 EST
      '2026-03-08T07:00:00.000Z', // Sun 02:30 does not exist: the first instant after the jump, 03:00 EDT
      '2026-03-08T13:00:00.000Z', // Sun 09:00 EDT
      '2026-03-09T06:30:00.000Z', // Mon 02:30 EDT
    ])
  })

  it('Europe/Paris in October: a slot in the repeated hour is used once, at its first occurrence', async () => {
    await start('2026-10-24T12:00:00Z') // Saturday, CEST (UTC+2); clocks go back at 03:00 on Sunday
    const channel = addChannel(core, org.id, { schedule: dailySchedule('Europe/Paris', ['02:30', '09:00']) })
    const posts = await queue(channel, 4)
    expect(posts.map((p) => p.scheduledAt)).toEqual([
      '2026-10-25T00:30:00.000Z', // Sun 02:30 CEST, the first of the two
      '2026-10-25T08:00:00.000Z', // Sun 09:00 CET
      '2026-10-26T01:30:00.000Z', // Mon 02:30 CET
      '2026-10-26T08:00:00.000Z',
    ])
  })

  it("a channel without a saved schedule uses weekdays 09:00, 12:30, 17:00 in the org's zone", async () => {
    await start('2026-03-06T15:00:00Z') // Friday 16:00 in Paris
    const channel = addChannel(core, org.id)
    const posts = await queue(channel, 2)
    expect(posts.map((p) => p.scheduledAt)).toEqual(['2026-03-06T16:00:00.000Z', '2026-03-09T08:00:00.000Z'])
  })

  it('a paused schedule or one without slots says to add slots or unpause, and writes nothing', async () => {
    await start('2026-03-06T15:00:00Z')
    const paused = addChannel(core, org.id, { schedule: dailySchedule('Europe/Paris', ['09:00'], true) })
    const empty = addChannel(core, org.id, { username: 'empty', schedule: dailySchedule('Europe/Paris', []) })
    const a = await draft(paused)
    const b = await draft(empty)
    const before = outbox()
    const pausedError = await core.fails('schedulePost', { orgId: org.id, postId: a.id, when: { kind: 'queue' } })
    expect(pausedError).toMatchObject({ code: 'conflict', message: expect.stringMatching(/paused.*Unpause/) })
    const emptyError = await core.fails('schedulePost', { orgId: org.id, postId: b.id, when: { kind: 'next' } })
    expect(emptyError.message).toMatch(/no posting slots.*Add slots/)
    expect(outbox()).toBe(before)
    expect(rows('schedule_jobs')).toEqual([])
    expect((await core.ok('getPost', { orgId: org.id, postId: a.id })).status).toBe('draft')
  })
})

describe('share next, now and at', () => {
  it('share next takes the first slot and pushes the queue back one slot each', async () => {
    await start('2026-03-02T06:00:00Z') // Monday
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00', '15:00']) })
    const [a, b] = await queue(channel, 2)
    const c = await draft(channel, 'Urgent')
    const next = await core.ok('schedulePost', { orgId: org.id, postId: c.id, when: { kind: 'next' } })
    expect(next.scheduledAt).toBe('2026-03-02T09:00:00.000Z')
    const after = await core.ok('listPosts', { orgId: org.id, channelId: channel, order: 'schedule' })
    expect(after.map((p) => [p.id, p.scheduledAt])).toEqual([
      [c.id, '2026-03-02T09:00:00.000Z'],
      [a!.id, '2026-03-02T15:00:00.000Z'],
      [b!.id, '2026-03-03T09:00:00.000Z'],
    ])
    // Each moved post's job moved with it, keeping its id (its idempotency key).
    expect(jobsOf(b!.id)).toEqual([expect.objectContaining({ run_at: '2026-03-03T09:00:00.000Z' })])
    expect(rows('schedule_jobs', 'status = ?', 'pending')).toHaveLength(3)
  })

  it('share next leaves a post at a chosen time between slots where it is', async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00', '15:00']) })
    const [a] = await queue(channel, 1)
    const chosen = await core.ok('schedulePost', {
      orgId: org.id,
      postId: (await draft(channel, 'At noon')).id,
      when: { kind: 'at', at: '2026-03-02T12:00:00Z' },
    })
    const c = await draft(channel, 'Urgent')
    await core.ok('schedulePost', { orgId: org.id, postId: c.id, when: { kind: 'next' } })
    const after = await core.ok('listPosts', { orgId: org.id, channelId: channel, order: 'schedule' })
    expect(after.map((p) => [p.id, p.scheduledAt])).toEqual([
      [c.id, '2026-03-02T09:00:00.000Z'],
      [chosen.id, '2026-03-02T12:00:00.000Z'],
      [a!.id, '2026-03-02T15:00:00.000Z'],
    ])
  })

  it('share now is due at once; a chosen time is kept in UTC; a time long past is refused', async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00']) })
    const now = await core.ok('schedulePost', {
      orgId: org.id,
      postId: (await draft(channel)).id,
      when: { kind: 'now' },
    })
    expect(now.scheduledAt).toBe('2026-03-02T06:00:00.000Z')
    expect(jobsOf(now.id)[0]).toMatchObject({ run_at: '2026-03-02T06:00:00.000Z', status: 'pending' })

    const at = await core.ok('schedulePost', {
      orgId: org.id,
      postId: (await draft(channel)).id,
      when: { kind: 'at', at: '2026-03-05T10:15:00+01:00' },
    })
    expect(at.scheduledAt).toBe('2026-03-05T09:15:00.000Z')

    const nowish = await draft(channel)
    const ok = await core.ok('schedulePost', {
      orgId: org.id,
      postId: nowish.id,
      when: { kind: 'at', at: '2026-03-02T05:59:30Z' },
    })
    expect(ok.status).toBe('scheduled')

    const late = await draft(channel)
    const before = outbox()
    const error = await core.fails('schedulePost', {
      orgId: org.id,
      postId: late.id,
      when: { kind: 'at', at: '2026-03-02T05:58:00Z' },
    })
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/already passed/) })
    expect(outbox()).toBe(before)
    expect(jobsOf(late.id)).toEqual([])
  })

  it('rescheduling moves the same pending job instead of adding one', async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00']) })
    const post = await draft(channel)
    await core.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'queue' } })
    const [job] = jobsOf(post.id)
    await core.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'at', at: '2026-03-04T12:00:00Z' } })
    expect(jobsOf(post.id)).toEqual([expect.objectContaining({ id: job!.id, run_at: '2026-03-04T12:00:00.000Z' })])
  })

  it('a failed post gets a fresh job (a new idempotency key) when scheduled again', async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00']) })
    const post = await draft(channel)
    await core.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'now' } })
    const db = core.ctx.dbs.org(org.id).$client
    db.prepare(`UPDATE schedule_jobs SET status = 'failed' WHERE post_id = ?`).run(post.id)
    db.prepare(`UPDATE posts SET status = 'failed' WHERE id = ?`).run(post.id)
    await core.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'queue' } })
    const jobs = jobsOf(post.id)
    expect(jobs.map((j) => j.status).sort()).toEqual(['failed', 'pending'])
    expect((await core.ok('getPost', { orgId: org.id, postId: post.id })).job).toMatchObject({ status: 'pending' })
  })
})

describe('failed posts in Sent', () => {
  it('Retry now puts a failed post back on the schedule at once with a fresh job; the failed one keeps its reason', async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00']) })
    const post = await draft(channel)
    await core.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'queue' } })
    const db = core.ctx.dbs.org(org.id).$client
    db.prepare(`UPDATE schedule_jobs SET status = 'failed', last_error = 'Sandbox said no' WHERE post_id = ?`).run(
      post.id,
    )
    db.prepare(`UPDATE posts SET status = 'failed' WHERE id = ?`).run(post.id)
    // What the Sent tab lists under "Needs your attention", with the reason.
    const trouble = await core.ok('listPosts', { orgId: org.id, statuses: ['failed', 'needs_attention'] })
    expect(trouble.map((p) => p.id)).toEqual([post.id])
    expect((await core.ok('getPost', { orgId: org.id, postId: post.id })).job).toMatchObject({
      status: 'failed',
      lastError: 'Sandbox said no',
    })

    setNow(core, '2026-03-02T10:00:00Z')
    const retried = await core.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'now' } })
    expect(retried).toMatchObject({ status: 'scheduled', scheduledAt: '2026-03-02T10:00:00.000Z' })
    expect((await core.ok('getPost', { orgId: org.id, postId: post.id })).job).toMatchObject({
      status: 'pending',
      runAt: '2026-03-02T10:00:00.000Z',
      lastError: null,
    })
    expect(jobsOf(post.id).map((j) => [j.status, j.last_error])).toEqual(
      expect.arrayContaining([
        ['failed', 'Sandbox said no'],
        ['pending', null],
      ]),
    )
    expect(await core.ok('listPosts', { orgId: org.id, statuses: ['failed', 'needs_attention'] })).toEqual([])
  })
})

describe('refusals', () => {
  it('asks for a channel first, and checks the platform limits in words', async () => {
    await start('2026-03-02T06:00:00Z')
    const noChannel = await draft(null)
    const error = await core.fails('schedulePost', { orgId: org.id, postId: noChannel.id, when: { kind: 'now' } })
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^Pick a channel first/) })

    const bluesky = addChannel(core, org.id, { platform: 'bluesky', username: 'acme.bsky.social' })
    const long = await draft(bluesky, 'x'.repeat(310))
    const before = outbox()
    const tooLong = await core.fails('schedulePost', { orgId: org.id, postId: long.id, when: { kind: 'now' } })
    expect(tooLong.message).toMatch(/acme\.bsky\.social cannot take this post: Too long by 10 characters/)
    expect(outbox()).toBe(before)
    expect((await core.ok('getPost', { orgId: org.id, postId: long.id })).status).toBe('draft')
  })

  it('a published post cannot be rescheduled, edited or unscheduled', async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id)
    const post = await draft(channel)
    core.ctx.dbs.org(org.id).$client.prepare(`UPDATE posts SET status = 'published' WHERE id = ?`).run(post.id)
    for (const [method, input] of [
      ['schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'now' } }],
      ['updateDraft', { orgId: org.id, postId: post.id, caption: 'changed' }],
      ['unschedulePost', { orgId: org.id, postId: post.id }],
    ] as const) {
      expect(await core.fails(method, input)).toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/already published/),
      })
    }
  })

  it('a viewer cannot schedule, and a contributor cannot reorder', async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00']) })
    const [post] = await queue(channel, 1)
    const setRole = (role: string) =>
      core.ctx.dbs.org(org.id).$client.prepare('UPDATE memberships SET role = ?').run(role)
    const before = outbox()
    setRole('viewer')
    expect((await core.fails('schedulePost', { orgId: org.id, postId: post!.id, when: { kind: 'now' } })).code).toBe(
      'forbidden',
    )
    setRole('contributor')
    const error = await core.fails('reorderQueue', { orgId: org.id, channelId: channel, postIds: [post!.id] })
    expect(error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/cannot reorder the queue/) })
    expect(outbox()).toBe(before)
  })
})

describe('reorder, unschedule, delete', () => {
  it('reordered posts take the slots in the given order, jobs included', async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00', '15:00']) })
    const [a, b, c] = await queue(channel, 3)
    const slots = [a!.scheduledAt, b!.scheduledAt, c!.scheduledAt]
    const reordered = await core.ok('reorderQueue', {
      orgId: org.id,
      channelId: channel,
      postIds: [c!.id, a!.id, b!.id],
    })
    expect(reordered.map((p) => [p.id, p.scheduledAt])).toEqual([
      [c!.id, slots[0]],
      [a!.id, slots[1]],
      [b!.id, slots[2]],
    ])
    expect(jobsOf(c!.id)[0]).toMatchObject({ run_at: slots[0] })

    const stranger = await draft(channel)
    const before = outbox()
    const error = await core.fails('reorderQueue', {
      orgId: org.id,
      channelId: channel,
      postIds: [a!.id, stranger.id],
    })
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining(stranger.id) })
    expect(outbox()).toBe(before)
  })

  it('unschedule returns the post to drafts and cancels its job; delete tombstones post and job', async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00']) })
    const [a, b] = await queue(channel, 2)
    const back = await core.ok('unschedulePost', { orgId: org.id, postId: a!.id })
    expect(back).toMatchObject({ status: 'draft', scheduledAt: null })
    expect(jobsOf(a!.id)).toEqual([expect.objectContaining({ status: 'cancelled' })])

    expect(await core.ok('deletePost', { orgId: org.id, postId: b!.id })).toEqual({ deleted: true })
    expect(rows('schedule_jobs', 'post_id = ? AND deleted_at IS NOT NULL', b!.id)).toHaveLength(1)
    expect((await core.fails('getPost', { orgId: org.id, postId: b!.id })).code).toBe('not_found')
    const ops = rows('outbox').flatMap((r) => JSON.parse(String(r.ops)) as { table: string; field: string }[])
    expect(ops).toContainEqual(expect.objectContaining({ table: 'schedule_jobs', field: 'deleted_at' }))
  })
})

describe('who may unschedule and delete', () => {
  const setRole = (role: string) =>
    core.ctx.dbs.org(org.id).$client.prepare('UPDATE memberships SET role = ?').run(role)

  it('a contributor only their own posts, with a reason and nothing written; an editor any post', async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00']) })
    const [theirs, mine] = await queue(channel, 2)
    // Written by a teammate: the row came from sync with their id.
    core.ctx.dbs.org(org.id).$client.prepare('UPDATE posts SET created_by = ? WHERE id = ?').run('teammate', theirs!.id)
    setRole('contributor')
    const before = outbox()
    for (const [method, verb] of [
      ['unschedulePost', 'unschedule'],
      ['deletePost', 'delete'],
    ] as const) {
      const error = await core.fails(method, { orgId: org.id, postId: theirs!.id })
      expect(error).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(new RegExp(`can ${verb} only the posts you wrote; ask an editor`)),
      })
    }
    expect(outbox()).toBe(before)
    expect(await core.ok('getPost', { orgId: org.id, postId: theirs!.id })).toMatchObject({
      status: 'scheduled',
      scheduledAt: theirs!.scheduledAt,
      job: { status: 'pending' },
    })

    expect(await core.ok('unschedulePost', { orgId: org.id, postId: mine!.id })).toMatchObject({ status: 'draft' })
    expect(await core.ok('deletePost', { orgId: org.id, postId: mine!.id })).toEqual({ deleted: true })

    setRole('editor')
    expect(await core.ok('unschedulePost', { orgId: org.id, postId: theirs!.id })).toMatchObject({ status: 'draft' })
    expect(await core.ok('deletePost', { orgId: org.id, postId: theirs!.id })).toEqual({ deleted: true })
  })

  it('no one removes a post while it is going out, as the server refuses (one shared rule)', async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00']) })
    const [post] = await queue(channel, 1)
    core.ctx.dbs.org(org.id).$client.prepare("UPDATE posts SET status = 'publishing' WHERE id = ?").run(post!.id)
    const before = outbox()
    expect(await core.fails('deletePost', { orgId: org.id, postId: post!.id })).toMatchObject({
      code: 'conflict',
      message: 'This post is being published right now; delete it once it is out.',
    })
    expect(await core.fails('unschedulePost', { orgId: org.id, postId: post!.id })).toMatchObject({
      code: 'conflict',
      message: 'This post is being published right now, so you cannot unschedule it.',
    })
    expect(outbox()).toBe(before)
    core.ctx.dbs.org(org.id).$client.prepare("UPDATE posts SET status = 'published' WHERE id = ?").run(post!.id)
    expect(await core.ok('deletePost', { orgId: org.id, postId: post!.id })).toEqual({ deleted: true })
  })

  it("an editor's edit of a scheduled post keeps its time and its job (the composer's Save changes)", async () => {
    await start('2026-03-02T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00']) })
    const [post] = await queue(channel, 1)
    const [job] = jobsOf(post!.id)
    const edited = await core.ok('updateDraft', { orgId: org.id, postId: post!.id, caption: 'Now with oat milk' })
    expect(edited).toMatchObject({ status: 'scheduled', scheduledAt: post!.scheduledAt, caption: 'Now with oat milk' })
    expect(jobsOf(post!.id)).toEqual([
      expect.objectContaining({ id: job!.id, status: 'pending', run_at: post!.scheduledAt }),
    ])
  })
})

describe('listPosts filters', () => {
  it('filters by statuses, channel and a time range, ordered by schedule', async () => {
    await start('2026-03-02T06:00:00Z')
    const one = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00']) })
    const two = addChannel(core, org.id, { username: 'two', schedule: dailySchedule('UTC', ['10:00']) })
    const [a, b] = await queue(one, 2)
    const [c] = await queue(two, 1)
    await draft(one, 'a draft')
    const scheduled = await core.ok('listPosts', { orgId: org.id, statuses: ['scheduled'], order: 'schedule' })
    expect(scheduled.map((p) => p.id)).toEqual([a!.id, c!.id, b!.id])
    const onOne = await core.ok('listPosts', { orgId: org.id, channelId: one, statuses: ['scheduled', 'draft'] })
    expect(onOne).toHaveLength(3)
    const firstDay = await core.ok('listPosts', {
      orgId: org.id,
      from: '2026-03-02T00:00:00Z',
      to: '2026-03-03T00:00:00+00:00',
      order: 'schedule',
    })
    expect(firstDay.map((p) => p.id)).toEqual([a!.id, c!.id])
  })
})
