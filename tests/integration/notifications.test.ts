/**
 * Notifications: what `notify` stores and tells the windows, the in-app list
 * and marking read, on a real account.sqlite.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { AppEvent } from '../../src-shared/api/events'
import { notify } from '../../src-main/services/notifications'
import { startOnboardedCore, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

const outboxSize = (core: TestCore) =>
  (core.ctx.dbs.account.$client.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n

describe('notify', () => {
  it('stores the notification locally, emits it, and lists newest first', async () => {
    let org
    ;({ core, org } = await startOnboardedCore())
    const events: AppEvent[] = []
    core.onEvent((e) => events.push(e))
    const outboxBefore = outboxSize(core)
    const first = notify(core.ctx, {
      orgId: org.id,
      kind: 'approval.requested',
      title: 'Approval requested',
      body: 'Bea asks: Spring menu',
      postId: 'p1',
    })
    core.clock.advance(1000)
    const second = notify(core.ctx, { orgId: org.id, kind: 'post.failed', title: 'Failed', body: 'x', postId: null })
    expect(events).toContainEqual({ type: 'notification', notification: first })
    expect(events.filter((e) => e.type === 'notifications.changed')).toHaveLength(2)
    // Local-only: nothing goes to the outbox.
    expect(outboxSize(core)).toBe(outboxBefore)
    const listed = await core.ok('listNotifications', {})
    expect(listed.map((n) => n.id)).toEqual([second.id, first.id])
    expect(listed[1]).toMatchObject({ title: 'Approval requested', postId: 'p1', readAt: null })
    expect(await core.ok('listNotifications', { limit: 1 })).toHaveLength(1)
  })

  it('marks some or all read and answers the unread count', async () => {
    let org
    ;({ core, org } = await startOnboardedCore())
    const made = [1, 2, 3].map((i) =>
      notify(core.ctx, { orgId: org.id, kind: 'post.published', title: `Published ${i}`, body: '', postId: null }),
    )
    expect(await core.ok('markNotificationsRead', { ids: [made[0]!.id] })).toEqual({ unread: 2 })
    const listed = await core.ok('listNotifications', {})
    expect(listed.find((n) => n.id === made[0]!.id)?.readAt).toBe(core.clock.now().toISOString())
    expect(listed.find((n) => n.id === made[1]!.id)?.readAt).toBeNull()
    expect(await core.ok('markNotificationsRead', {})).toEqual({ unread: 0 })
    expect((await core.ok('listNotifications', {})).every((n) => n.readAt !== null)).toBe(true)
  })
})
