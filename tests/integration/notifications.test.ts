/**
 * Notifications: what `notify` stores and tells the windows, the in-app list
 * and marking read, on a real account.sqlite; and approval notifications
 * passing between two desktops through the real sync server.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { AppEvent } from '../../src-shared/api/events'
import { notify } from '../../src-main/services/notifications'
import { firstWords } from '../../src-main/services/post-notifications'
import { SyncRequestError } from '../../src-shared/sync/server-client'
import { addChannel, dailySchedule } from '../helpers/channel-rows'
import { startOnboardedCore, startTestCore, type TestCore } from '../helpers/core'
import { useLoopbackServer } from '../helpers/loopback'

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

describe('firstWords', () => {
  it('keeps short captions, cuts long ones at a word, and names an empty one', () => {
    expect(firstWords('  Spring\n menu  ')).toBe('Spring menu')
    expect(firstWords('word '.repeat(30))).toBe(`${'word '.repeat(12).trim()}…`)
    expect(firstWords('x'.repeat(80))).toBe(`${'x'.repeat(60)}…`)
    expect(firstWords('   ')).toBe('(no text)')
  })
})

describe('approval notifications between two desktops through the real sync server', () => {
  const sync = useLoopbackServer()

  /** A desktop whose link to the server can be cut: a cut link fails like a network error. */
  async function device(name: string, email: string) {
    const link = { offline: false }
    const cut = () => {
      throw new SyncRequestError('network', 'The sync server cannot be reached.')
    }
    const desktop = startTestCore(undefined, {
      sync: {
        wrapTransport: (transport) => ({
          push: (...args) => (link.offline ? cut() : transport.push(...args)),
          pull: (...args) => (link.offline ? cut() : transport.pull(...args)),
          pushOwnData: (...args) => (link.offline ? cut() : transport.pushOwnData(...args)),
          pullOwnData: (...args) => (link.offline ? cut() : transport.pullOwnData(...args)),
        }),
      },
    })
    sync.cores.push(desktop)
    await desktop.ok('createProfile', { name, email })
    await desktop.ok('connectServer', { serverUrl: sync.url, email, password: 'correct horse battery', mode: 'signup' })
    return { desktop, link }
  }

  it('tells the approver about a request, and the contributor about each decision, made offline or not', async () => {
    const { desktop: ana, link: anaLink } = await device('Ana', 'ana.approver@example.com')
    const anaEvents: AppEvent[] = []
    ana.onEvent((e) => anaEvents.push(e))
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    const channel = addChannel(ana, org.id, { username: 'acme', schedule: dailySchedule('Europe/Paris', ['09:00']) })
    await ana.ok('attachOrganization', { orgId: org.id })
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'contributor' })
    const { desktop: ben } = await device('Ben', 'ben.contributor@example.com')
    await ben.ok('joinOrganization', { code: invitation.code })

    // Ben asks; his own device says nothing about it.
    const draft = await ben.ok('createDraft', {
      orgId: org.id,
      caption: 'Our spring menu arrives on Monday with three new roasts',
      socialAccountId: channel,
    })
    const asked = await ben.ok('schedulePost', {
      orgId: org.id,
      postId: draft.id,
      when: { kind: 'at', at: '2026-03-05T08:00:00Z' },
    })
    expect(asked.status).toBe('needs_approval')
    expect((await ben.ok('syncNow', { orgId: org.id })).pending).toBe(0)
    expect(await ben.ok('listNotifications', {})).toEqual([])

    await ana.ok('syncNow', { orgId: org.id })
    const [request] = await ana.ok('listNotifications', {})
    expect(request).toMatchObject({
      orgId: org.id,
      kind: 'approval.requested',
      title: 'Approval requested: Our spring menu arrives on Monday with three new roasts',
      body: 'Ben asks to publish it on acme on Thu 5 Mar, 09:00.',
      postId: draft.id,
      readAt: null,
    })
    expect(anaEvents).toContainEqual({ type: 'notification', notification: request })

    // Ana rejects while the server is out of reach: the decision waits in her outbox.
    anaLink.offline = true
    const rejected = await ana.ok('decideApproval', {
      orgId: org.id,
      postId: draft.id,
      decision: 'rejected',
      comment: 'Name the three roasts',
    })
    expect(rejected.status).toBe('rejected')
    const offline = await ana.ok('syncNow', { orgId: org.id })
    expect(offline).toMatchObject({ state: 'offline' })
    expect(offline.pending).toBeGreaterThan(0)
    await ben.ok('syncNow', { orgId: org.id })
    expect(await ben.ok('listNotifications', {})).toEqual([])

    anaLink.offline = false
    expect((await ana.ok('syncNow', { orgId: org.id })).pending).toBe(0)
    await ben.ok('syncNow', { orgId: org.id })
    expect(await ben.ok('listNotifications', {})).toEqual([
      expect.objectContaining({
        kind: 'approval.rejected',
        title: 'Rejected: Name the three roasts',
        body: 'Ana rejected “Our spring menu arrives on Monday with three new roasts”. Edit it and send it again.',
        postId: draft.id,
      }),
    ])
    expect((await ben.ok('getPost', { orgId: org.id, postId: draft.id })).status).toBe('rejected')

    // Ben fixes it and asks again for the queue; Ana is told again and approves; Ben hears of it.
    await ben.ok('updateDraft', { orgId: org.id, postId: draft.id, caption: 'Spring menu: Kenya, Huila and Sidamo' })
    await ben.ok('schedulePost', { orgId: org.id, postId: draft.id, when: { kind: 'queue' } })
    await ben.ok('syncNow', { orgId: org.id })
    await ana.ok('syncNow', { orgId: org.id })
    const again = (await ana.ok('listNotifications', {}))[0]
    expect(again).toMatchObject({
      kind: 'approval.requested',
      body: 'Ben asks to publish it on acme in the next free queue slot.',
    })
    await ana.ok('decideApproval', { orgId: org.id, postId: draft.id, decision: 'approved' })
    await ana.ok('syncNow', { orgId: org.id })
    await ben.ok('syncNow', { orgId: org.id })
    const detail = await ben.ok('getPost', { orgId: org.id, postId: draft.id })
    expect(detail).toMatchObject({ status: 'scheduled', scheduledAt: '2026-03-02T08:00:00.000Z' })
    expect(detail.job).toMatchObject({ status: 'pending', runAt: '2026-03-02T08:00:00.000Z' })
    expect(detail.approvals.map((a) => [a.approverName, a.status])).toEqual([
      ['Ana', 'rejected'],
      ['Ana', 'approved'],
    ])
    expect((await ben.ok('listNotifications', {}))[0]).toMatchObject({
      kind: 'approval.approved',
      title: 'Approved: Spring menu: Kenya, Huila and Sidamo',
      body: 'Ana approved it. It goes out on Mon 2 Mar, 09:00.',
    })
    // Ana was not told about her own decisions.
    expect((await ana.ok('listNotifications', {})).map((n) => n.kind)).toEqual([
      'approval.requested',
      'approval.requested',
    ])
  })
})
