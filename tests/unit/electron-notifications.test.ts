/**
 * Native notifications with Electron stood in for: each `notification`
 * event of a real core becomes one native notification, and clicking it
 * focuses the window and moves the page to the post's route.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { notify } from '../../src-main/services/notifications'
import { startOnboardedCore, type TestCore } from '../helpers/core'

vi.mock('electron', () => ({ app: { setAppUserModelId: () => undefined }, Notification: class {} }))

const { showCoreNotifications } = await import('../../src-main/host/electron/notifications')

class FakeNotification {
  static shown: FakeNotification[] = []
  static supported = true
  static isSupported = () => FakeNotification.supported
  readonly listeners = new Map<string, () => void>()
  constructor(readonly options: { title: string; body: string }) {}
  on(event: string, listener: () => void) {
    this.listeners.set(event, listener)
    return this
  }
  show() {
    FakeNotification.shown.push(this)
  }
  click() {
    this.listeners.get('click')?.()
  }
}

function fakeWindow({ minimized = false } = {}) {
  const calls: string[] = []
  return {
    calls,
    isDestroyed: () => false,
    isMinimized: () => minimized,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
    webContents: {
      executeJavaScript: async (code: string) => {
        calls.push(code)
      },
    },
  }
}

let core: TestCore
afterEach(() => {
  core?.dispose()
  FakeNotification.shown = []
  FakeNotification.supported = true
})

describe('native notifications', () => {
  it('shows each notification event and opens its post on click', async () => {
    let org
    ;({ core, org } = await startOnboardedCore())
    const window = fakeWindow({ minimized: true })
    const stop = showCoreNotifications(core, () => window, FakeNotification)
    core.ctx.emit({ type: 'posts.changed', orgId: org.id })
    notify(core.ctx, {
      orgId: org.id,
      kind: 'approval.requested',
      title: 'Approval requested: Spring menu',
      body: 'Ben asks to publish it.',
      postId: 'post-1',
    })
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([
      { title: 'Approval requested: Spring menu', body: 'Ben asks to publish it.' },
    ])
    expect(window.calls).toEqual([])
    FakeNotification.shown[0]!.click()
    expect(window.calls).toEqual(['restore', 'show', 'focus', 'location.hash = "#/publish/post/post-1"'])

    notify(core.ctx, { orgId: org.id, kind: 'post.failed', title: 'Failed', body: 'x', postId: null })
    FakeNotification.shown[1]!.click()
    expect(window.calls.at(-1)).toBe('location.hash = "#/notifications"')

    stop()
    notify(core.ctx, { orgId: org.id, kind: 'post.failed', title: 'After stop', body: 'x', postId: null })
    expect(FakeNotification.shown).toHaveLength(2)
  })

  it('shows nothing where the system has no notifications, and a click with no window does nothing', async () => {
    let org
    ;({ core, org } = await startOnboardedCore())
    FakeNotification.supported = false
    showCoreNotifications(core, () => null, FakeNotification)
    notify(core.ctx, { orgId: org.id, kind: 'post.published', title: 'Out', body: '', postId: 'p' })
    expect(FakeNotification.shown).toEqual([])
    FakeNotification.supported = true
    notify(core.ctx, { orgId: org.id, kind: 'post.published', title: 'Out', body: '', postId: 'p' })
    expect(() => FakeNotification.shown[0]!.click()).not.toThrow()
  })
})
