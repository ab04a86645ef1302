/**
 * Settings' edits on real SQLite through dispatch: your name and email (checked by the same rules the form
 * uses), and the organization's time zone, which keeps every post's instant; the queue moves to the new zone
 * only when asked, onto the schedule's slots there, in order, leaving posts at chosen times where they are.
 * Each edit is one synced change with its audit row.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Organization, Post } from '../../src-shared/entities/models'
import { addChannel, dailySchedule, setNow } from '../helpers/channel-rows'
import { startOnboardedCore, type TestCore } from '../helpers/core'

let core: TestCore
let org: Organization
afterEach(() => core?.dispose())

const orgRows = (sql: string, ...args: unknown[]) =>
  core.ctx.dbs
    .org(org.id)
    .$client.prepare(sql)
    .all(...args) as Record<string, unknown>[]
const accountRows = (sql: string, ...args: unknown[]) =>
  core.ctx.dbs.account.$client.prepare(sql).all(...args) as Record<string, unknown>[]

async function start(now: string, timezone = 'Europe/Paris') {
  ;({ core, org } = await startOnboardedCore())
  if (timezone !== org.timezone) org = await core.ok('setOrganizationTimezone', { orgId: org.id, timezone })
  setNow(core, now)
}

async function queued(channelId: string, caption: string): Promise<Post> {
  const post = await core.ok('createDraft', { orgId: org.id, caption, socialAccountId: channelId })
  return core.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'queue' } })
}

const postsNow = async () =>
  new Map((await core.ok('listPosts', { orgId: org.id })).map((post) => [post.caption, post.scheduledAt]))
const pendingRunAt = (postId: string) =>
  orgRows(`SELECT run_at FROM schedule_jobs WHERE post_id = ? AND status = 'pending' AND deleted_at IS NULL`, postId)

describe('your profile', () => {
  it('saves a new name and email as one change for your other devices, with its audit row', async () => {
    ;({ core, org } = await startOnboardedCore())
    const before = accountRows('SELECT * FROM outbox').length
    const saved = await core.ok('updateProfile', { name: '  Ana Ruiz Soto ', email: 'ana.soto@example.com' })
    expect(saved).toMatchObject({ name: 'Ana Ruiz Soto', email: 'ana.soto@example.com' })
    expect(accountRows('SELECT * FROM outbox').length).toBe(before + 1)
    expect(accountRows(`SELECT meta FROM audit_logs WHERE action = 'profile.updated'`)).toEqual([
      { meta: JSON.stringify({ changed: ['name', 'email'] }) },
    ])
    // An empty email means none.
    expect((await core.ok('updateProfile', { name: 'Ana Ruiz Soto', email: '' })).email).toBeNull()
  })

  it('refuses an empty name or a broken email with the sentences the form shows as you type', async () => {
    ;({ core, org } = await startOnboardedCore())
    const empty = await core.fails('updateProfile', { name: '   ', email: null })
    expect(empty.issues).toEqual([{ path: 'name', message: 'Your name cannot be empty.' }])
    const broken = await core.fails('updateProfile', { name: 'Ana', email: 'ana@' })
    expect(broken.issues).toEqual([{ path: 'email', message: 'The email must be an address such as sam@example.com.' }])
    expect(await core.ok('getProfile', {})).toMatchObject({ name: 'Ana Ruiz', email: 'ana@example.com' })
  })
})

describe('the organization’s time zone', () => {
  it('changes the zone, keeps every post’s instant and job, and leaves channels planning in the old zone', async () => {
    await start('2026-06-01T06:00:00Z') // Monday, Paris is UTC+2
    const channel = addChannel(core, org.id, { schedule: dailySchedule('Europe/Paris', ['09:00']) })
    const first = await queued(channel, 'First')
    const second = await queued(channel, 'Second')
    expect([first.scheduledAt, second.scheduledAt]).toEqual(['2026-06-01T07:00:00.000Z', '2026-06-02T07:00:00.000Z'])

    const changed = await core.ok('setOrganizationTimezone', { orgId: org.id, timezone: 'America/New_York' })
    expect(changed.timezone).toBe('America/New_York')
    expect((await core.ok('listOrganizations', {}))[0]!.timezone).toBe('America/New_York')
    expect(await postsNow()).toEqual(
      new Map([
        ['First', '2026-06-01T07:00:00.000Z'],
        ['Second', '2026-06-02T07:00:00.000Z'],
      ]),
    )
    expect(pendingRunAt(first.id)).toEqual([{ run_at: '2026-06-01T07:00:00.000Z' }])
    const [listed] = await core.ok('listChannels', { orgId: org.id })
    expect(listed!.schedule.timezone).toBe('Europe/Paris')
    // One synced change of the organization's row, said in the audit with both zones.
    expect(
      orgRows(`SELECT meta FROM audit_logs WHERE action = 'organization.timezone_changed' ORDER BY timestamp`).at(-1),
    ).toEqual({ meta: JSON.stringify({ from: 'Europe/Paris', to: 'America/New_York' }) })
    expect(orgRows(`SELECT * FROM outbox`).some((row) => String(row.ops).includes('America/New_York'))).toBe(true)
  })

  it('re-plans on request: queued posts move to the slots in the new zone in order; chosen times stay', async () => {
    await start('2026-06-01T06:00:00Z')
    const channel = addChannel(core, org.id, { schedule: dailySchedule('Europe/Paris', ['09:00']) })
    await queued(channel, 'First')
    const second = await queued(channel, 'Second')
    const picked = await core.ok('createDraft', { orgId: org.id, caption: 'Picked', socialAccountId: channel })
    await core.ok('schedulePost', {
      orgId: org.id,
      postId: picked.id,
      when: { kind: 'at', at: '2026-06-01T20:15:00Z' },
    })
    await core.ok('setOrganizationTimezone', { orgId: org.id, timezone: 'America/New_York' })

    expect(await core.ok('replanQueue', { orgId: org.id })).toEqual({ channels: 1, moved: 2 })
    // 09:00 in New York (UTC-4 in June): Monday's is still ahead at 06:00 UTC.
    expect(await postsNow()).toEqual(
      new Map([
        ['First', '2026-06-01T13:00:00.000Z'],
        ['Second', '2026-06-02T13:00:00.000Z'],
        ['Picked', '2026-06-01T20:15:00.000Z'],
      ]),
    )
    expect(pendingRunAt(second.id)).toEqual([{ run_at: '2026-06-02T13:00:00.000Z' }])
    const [listed] = await core.ok('listChannels', { orgId: org.id })
    expect(listed!.schedule).toMatchObject({ timezone: 'America/New_York', slots: { mon: ['09:00'] } })

    // Asked again, there is nothing left to move.
    expect(await core.ok('replanQueue', { orgId: org.id })).toEqual({ channels: 0, moved: 0 })
  })

  it('lets only an owner or admin change the zone or re-plan, and refuses a zone that does not exist', async () => {
    await start('2026-06-01T06:00:00Z')
    const bad = await core.fails('setOrganizationTimezone', { orgId: org.id, timezone: 'Mars/Olympus' })
    expect(bad.issues?.[0]?.path).toBe('timezone')
    core.ctx.dbs.org(org.id).$client.prepare(`UPDATE memberships SET role = 'editor'`).run()
    const refused = await core.fails('setOrganizationTimezone', { orgId: org.id, timezone: 'Asia/Tokyo' })
    expect(refused.code).toBe('forbidden')
    expect((await core.fails('replanQueue', { orgId: org.id })).code).toBe('forbidden')
    expect((await core.ok('listOrganizations', {}))[0]!.timezone).toBe('Europe/Paris')
  })
})
