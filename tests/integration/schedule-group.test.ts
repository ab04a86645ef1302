/**
 * The composer's post for several channels in one call (scheduleGroup) on
 * real SQLite: every channel's post is written and scheduled in one
 * transaction and one synced mutation, or, when one channel refuses, nothing
 * at all is written: no rows, no outbox entry, no audit row.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
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
/** Everything a write leaves behind, to compare before and after. */
const written = () => ({
  posts: rows('posts'),
  jobs: rows('schedule_jobs'),
  outbox: rows('outbox'),
  audit: rows('audit_logs'),
  clocks: rows('field_clocks'),
  texts: rows('collab_docs'),
})

async function start(now: string) {
  ;({ core, org } = await startOnboardedCore())
  setNow(core, now)
}

const draft = (channelId: string | null, caption: string, groupId: string | null = null) =>
  core.ok('createDraft', { orgId: org.id, caption, socialAccountId: channelId, groupId })

describe('scheduleGroup', () => {
  it('writes and schedules every channel’s post in one mutation, reusing and removing the group’s drafts', async () => {
    await start('2026-03-02T06:00:00Z')
    const daily = dailySchedule('UTC', ['09:00'])
    const [a, b, c] = ['alpha', 'bravo', 'charlie'].map((username) =>
      addChannel(core, org.id, { username, schedule: daily }),
    )
    const d = addChannel(core, org.id, { username: 'delta', schedule: daily })
    const groupId = uuidv7()
    const onA = await draft(a!, 'Old words', groupId)
    const onD = await draft(d, 'Old words', groupId)
    const gone = await draft(d, 'Old words', groupId)
    await core.ok('deletePost', { orgId: org.id, postId: gone.id })
    const outboxBefore = rows('outbox').length
    const auditBefore = rows('audit_logs').length

    const result = await core.ok('scheduleGroup', {
      orgId: org.id,
      groupId,
      when: { kind: 'queue' },
      tags: ['spring'],
      posts: [
        { postId: onA.id, channelId: a!, caption: 'Spring menu is here' },
        { postId: null, channelId: b!, caption: 'Spring menu is here' },
        { postId: null, channelId: c!, caption: 'Spring menu, for Charlie' },
      ],
      // One of the group's posts was deleted meanwhile (by a teammate, through sync): it stays gone.
      remove: [onD.id, gone.id],
    })

    expect(result.map((p) => [p.socialAccountId, p.status, p.scheduledAt, p.caption, p.tags, p.groupId])).toEqual([
      [a, 'scheduled', '2026-03-02T09:00:00.000Z', 'Spring menu is here', ['spring'], groupId],
      [b, 'scheduled', '2026-03-02T09:00:00.000Z', 'Spring menu is here', ['spring'], groupId],
      [c, 'scheduled', '2026-03-02T09:00:00.000Z', 'Spring menu, for Charlie', ['spring'], groupId],
    ])
    expect(result[0]!.id).toBe(onA.id)
    expect(rows('posts', 'id = ?', onD.id)[0]!.deleted_at).not.toBeNull()
    for (const post of result) {
      expect(rows('schedule_jobs', 'post_id = ? AND deleted_at IS NULL', post.id)).toEqual([
        expect.objectContaining({ status: 'pending', run_at: post.scheduledAt }),
      ])
    }
    // One mutation for the server and one line in the activity log.
    expect(rows('outbox').length).toBe(outboxBefore + 1)
    const audit = rows('audit_logs').slice(auditBefore)
    expect(audit).toEqual([
      expect.objectContaining({ action: 'post_group.scheduled', entity_type: 'post_group', entity_id: groupId }),
    ])
    expect(JSON.parse(String(audit[0]!.meta))).toMatchObject({
      created: 2,
      removed: 1,
      postIds: result.map((p) => p.id),
    })
  })

  it('writes nothing at all when the third channel refuses: no posts, jobs, outbox, audit, clocks or text', async () => {
    await start('2026-03-02T06:00:00Z')
    const daily = dailySchedule('UTC', ['09:00'])
    const a = addChannel(core, org.id, { username: 'alpha', schedule: daily })
    const b = addChannel(core, org.id, { username: 'bravo', schedule: daily })
    const sky = addChannel(core, org.id, { platform: 'bluesky', username: 'sky.example', schedule: daily })
    const groupId = uuidv7()
    const onA = await draft(a, 'Old words', groupId)
    const onB = await draft(b, 'Old words', groupId)
    const before = written()

    const error = await core.fails('scheduleGroup', {
      orgId: org.id,
      groupId,
      when: { kind: 'at', at: '2026-03-03T10:00:00Z' },
      posts: [
        { postId: onA.id, channelId: a, caption: 'Spring menu is here' },
        { postId: onB.id, channelId: b, caption: 'Spring menu is here' },
        // Bluesky takes 300 characters: this one is too long, so none of the three goes out.
        { postId: null, channelId: sky, caption: 'Spring menu is here. '.repeat(20) },
      ],
    })

    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^sky\.example cannot take/) })
    expect(written()).toEqual(before)
    for (const post of [onA, onB]) {
      expect(await core.ok('getPost', { orgId: org.id, postId: post.id })).toMatchObject({
        status: 'draft',
        caption: 'Old words',
        scheduledAt: null,
        job: null,
      })
    }
  })

  it('names the channel whose refusal stopped the group, and writes nothing when a channel is gone', async () => {
    await start('2026-03-02T06:00:00Z')
    const daily = dailySchedule('UTC', ['09:00'])
    const a = addChannel(core, org.id, { username: 'alpha', schedule: daily })
    const paused = addChannel(core, org.id, { username: 'bravo', schedule: dailySchedule('UTC', ['09:00'], true) })
    const before = written()
    const error = await core.fails('scheduleGroup', {
      orgId: org.id,
      groupId: uuidv7(),
      when: { kind: 'queue' },
      posts: [
        { postId: null, channelId: a, caption: 'Hello' },
        { postId: null, channelId: paused, caption: 'Hello' },
        { postId: null, channelId: uuidv7(), caption: 'Hello' },
      ],
    })
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^The posting schedule of bravo/) })
    expect(written()).toEqual(before)
  })

  it('Save changes: a scheduled post keeps its time, a channel added meanwhile takes the time asked for', async () => {
    await start('2026-03-02T06:00:00Z')
    const daily = dailySchedule('UTC', ['09:00'])
    const a = addChannel(core, org.id, { username: 'alpha', schedule: daily })
    const b = addChannel(core, org.id, { username: 'bravo', schedule: daily })
    const groupId = uuidv7()
    const onA = await draft(a, 'Old words', groupId)
    const scheduled = await core.ok('schedulePost', {
      orgId: org.id,
      postId: onA.id,
      when: { kind: 'at', at: '2026-03-04T12:00:00Z' },
    })
    const result = await core.ok('scheduleGroup', {
      orgId: org.id,
      groupId,
      keepPlaced: true,
      when: { kind: 'at', at: scheduled.scheduledAt! },
      posts: [
        { postId: onA.id, channelId: a, caption: 'New words' },
        { postId: null, channelId: b, caption: 'New words' },
      ],
    })
    expect(result.map((p) => [p.status, p.scheduledAt, p.caption])).toEqual([
      ['scheduled', '2026-03-04T12:00:00.000Z', 'New words'],
      ['scheduled', '2026-03-04T12:00:00.000Z', 'New words'],
    ])
    expect(rows('audit_logs', "action = 'post_group.saved'")).toHaveLength(1)
  })

  it('a contributor’s group goes to approval as a whole; a channel named twice is refused', async () => {
    await start('2026-03-02T06:00:00Z')
    const daily = dailySchedule('UTC', ['09:00'])
    const a = addChannel(core, org.id, { username: 'alpha', schedule: daily })
    const b = addChannel(core, org.id, { username: 'bravo', schedule: daily })
    core.ctx.dbs.org(org.id).$client.prepare("UPDATE memberships SET role = 'contributor'").run()
    const input = {
      orgId: org.id,
      groupId: uuidv7(),
      when: { kind: 'next' as const },
      posts: [
        { postId: null, channelId: a, caption: 'Hello' },
        { postId: null, channelId: b, caption: 'Hello' },
      ],
    }
    const result = await core.ok('scheduleGroup', input)
    expect(result.map((p) => p.status)).toEqual(['needs_approval', 'needs_approval'])
    expect(rows('audit_logs', "action = 'post_group.approval_requested'")).toHaveLength(1)
    const twice = { ...input, posts: [input.posts[0]!, input.posts[0]!] }
    expect(await core.fails('scheduleGroup', twice)).toMatchObject({
      code: 'invalid_input',
      message: 'Each channel gets one post: a channel is named twice.',
    })
  })
})
