/**
 * The shared per-field rules on one device's real SQLite, asked before a person's change is written: a
 * contributor changes only the posts they wrote, and a refused change leaves nothing behind (no row change,
 * no caption update, no outbox entry, no cancelled job). The teammate's post arrives as a synced row would:
 * written straight into the org file with another author.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Organization } from '../../src-shared/entities/models'
import { addChannel, dailySchedule, setNow } from '../helpers/channel-rows'
import { startOnboardedCore, type TestCore } from '../helpers/core'

let core: TestCore
let org: Organization
let channel: string
afterEach(() => core?.dispose())

const db = () => core.ctx.dbs.org(org.id).$client
const setRole = (role: string) => db().prepare('UPDATE memberships SET role = ?').run(role)
const count = (table: string) => (db().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
const snapshot = () => ({
  posts: db().prepare('SELECT * FROM posts ORDER BY id').all(),
  jobs: db().prepare('SELECT * FROM schedule_jobs ORDER BY id').all(),
  outbox: count('outbox'),
  clocks: db().prepare('SELECT * FROM field_clocks ORDER BY table_name, row_id, field').all(),
  collab: db().prepare('SELECT * FROM collab_docs ORDER BY row_id').all(),
})

async function start() {
  ;({ core, org } = await startOnboardedCore())
  setNow(core, '2026-03-02T06:00:00Z')
  channel = addChannel(core, org.id, { schedule: dailySchedule('UTC', ['09:00', '15:00']) })
}

/** A post by a teammate, as sync brings it: the editor schedules it, and its author becomes someone else. */
async function teammatesPost(scheduled: boolean) {
  setRole('editor')
  const post = await core.ok('createDraft', { orgId: org.id, caption: 'Theirs', socialAccountId: channel })
  if (scheduled) await core.ok('schedulePost', { orgId: org.id, postId: post.id, when: { kind: 'queue' } })
  db().prepare('UPDATE posts SET created_by = ? WHERE id = ?').run('teammate-1', post.id)
  setRole('contributor')
  return post
}

describe("a contributor and a teammate's post", () => {
  it.each([false, true])('cannot edit it, scheduled: %s, and nothing is written', async (scheduled) => {
    await start()
    const post = await teammatesPost(scheduled)
    const before = snapshot()
    const refused = await core.fails('updateDraft', { orgId: org.id, postId: post.id, caption: 'Mine now' })
    expect(refused.code).toBe('forbidden')
    expect(refused.message).toBe('A contributor changes only the posts they wrote; ask an editor, admin or owner.')
    const tags = await core.fails('updateDraft', { orgId: org.id, postId: post.id, tags: ['spring'] })
    expect(tags.code).toBe('forbidden')
    expect(snapshot()).toEqual(before)
  })

  it('cannot schedule it, unschedule it or delete it', async () => {
    await start()
    const draft = await teammatesPost(false)
    const before = snapshot()
    expect((await core.fails('schedulePost', { orgId: org.id, postId: draft.id, when: { kind: 'queue' } })).code).toBe(
      'forbidden',
    )
    expect((await core.fails('deletePost', { orgId: org.id, postId: draft.id })).code).toBe('forbidden')
    const scheduled = await teammatesPost(true)
    const middle = snapshot()
    expect((await core.fails('unschedulePost', { orgId: org.id, postId: scheduled.id })).code).toBe('forbidden')
    expect(snapshot()).toEqual(middle)
    expect(before.outbox).toBeLessThan(middle.outbox)
  })

  it('still edits, schedules and deletes their own posts', async () => {
    await start()
    setRole('contributor')
    const own = await core.ok('createDraft', { orgId: org.id, caption: 'Mine', socialAccountId: channel })
    const edited = await core.ok('updateDraft', { orgId: org.id, postId: own.id, caption: 'Mine, edited' })
    expect(edited.caption).toBe('Mine, edited')
    const asked = await core.ok('schedulePost', { orgId: org.id, postId: own.id, when: { kind: 'queue' } })
    expect(asked.status).toBe('needs_approval')
    await core.ok('deletePost', { orgId: org.id, postId: own.id })
  })
})
