/**
 * An approval passing between two people on two desktops and the real sync
 * server, in Chromium: Ana (owner) puts her organization on the server,
 * connects a Sandbox channel and invites Ben as a contributor; Ben joins on
 * his own device, writes a post and sends it for approval. Ana's app tells
 * her (bell and list); she opens the post from the notification and asks for
 * changes with a comment, which Ben's app shows him. Ben sends it again, Ana
 * approves, and Ben's app tells him it is on the schedule.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppNotification, Post, PostDetail } from '../../src-shared/entities/models'
import { expectAccessible, screenshot } from './browser'
import { call, startTwoApps, type Device, type TwoApps } from './two-apps'

const PASSWORD = 'correct horse battery'
const TEXT = 'Our autumn blend is back on Friday, come early'
const COMMENT = 'Say which Friday: the 28th'
/** Changes travel device → server → device; generous, but bounded. */
const SYNCED = { timeout: 30_000, interval: 250 }

let apps: TwoApps
let serverUrl: string
let ana: Device
let ben: Device
let orgId: string
let postId: string

beforeAll(async () => {
  apps = await startTwoApps({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' })
  ;({ serverUrl, ana, ben } = apps)
})
afterAll(() => apps?.close())

async function onboard(device: Device, name: string, email: string, org: string) {
  const { page } = device
  await page.goto(device.host.url)
  await page.getByLabel('Your name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel('Organization name').fill(org)
  await page.getByRole('button', { name: 'Create organization' }).click()
  await expect.poll(() => page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
  await call(device.core, 'connectServer', { serverUrl, email, password: PASSWORD, mode: 'signup' })
}

/** The titles of the desktop notifications a page showed (recorded by the init script below). */
const desktopTitles = (page: Page) =>
  page.evaluate(() =>
    ((globalThis as unknown as { shownNotifications?: { title: string }[] }).shownNotifications ?? []).map(
      (shown) => shown.title,
    ),
  )
/** Clicks the page's latest desktop notification, as the person would in the system tray. */
const clickLatestDesktop = (page: Page) =>
  page.evaluate(() => {
    const shown = (globalThis as unknown as { shownNotifications: { notification: { onclick(): void } }[] })
      .shownNotifications
    shown.at(-1)!.notification.onclick()
  })

const bell = (page: Page) => page.getByRole('banner').getByRole('button', { name: /^Notifications/ })
const notificationsOf = (device: Device) => call<AppNotification[]>(device.core, 'listNotifications', {})
const post = (device: Device) => call<PostDetail>(device.core, 'getPost', { orgId, postId })

/** Opens the bell's list and clicks the notification whose title matches. */
async function openFromBell(page: Page, title: RegExp) {
  await bell(page).click()
  const list = page.getByRole('dialog', { name: 'Notifications' })
  await expect.poll(() => list.getByRole('button', { name: title }).first().isVisible()).toBe(true)
  return list
}

describe('an approval between a contributor and an approver', () => {
  it('sets up: Ana’s synced organization with a Sandbox channel, Ben joined as a contributor', async () => {
    await onboard(ana, 'Ana Ruiz', 'ana@example.com', 'Acme Coffee')
    orgId = (await call<{ id: string }[]>(ana.core, 'listOrganizations', {}))[0]!.id
    await call(ana.core, 'attachOrganization', { orgId })

    await ana.page.getByRole('navigation').getByRole('link', { name: 'Channels' }).click()
    await ana.page.getByRole('button', { name: 'Connect a channel' }).first().click()
    await ana.page.getByLabel('Channel name').fill('Acme Sandbox')
    await ana.page.getByRole('button', { name: 'Connect Sandbox' }).click()
    await expect.poll(() => ana.page.getByRole('article', { name: 'Acme Sandbox' }).isVisible()).toBe(true)

    const invitation = await call<{ code: string }>(ana.core, 'createInvitation', { orgId, role: 'contributor' })
    await onboard(ben, 'Ben Ortiz', 'ben@example.com', 'Ben Studio')
    await call(ben.core, 'joinOrganization', { code: invitation.code })
    await call(ben.core, 'setActiveOrganization', { orgId })
    await ben.page.reload()
    // The channel reaches Ben's device, to read and write for, not to manage.
    await ben.page.getByRole('navigation').getByRole('link', { name: 'Channels' }).click()
    await expect.poll(() => ben.page.getByRole('article', { name: 'Acme Sandbox' }).isVisible(), SYNCED).toBe(true)
    await expect
      .poll(() => ben.page.getByText('Only owners, admins and editors can connect channels').isVisible())
      .toBe(true)
    expect(await ben.page.getByRole('button', { name: 'Posting schedule' }).count()).toBe(0)
    await expectAccessible(ben.page, 'Channels, as a contributor')
  })

  it('lets Ana turn on server publishing for the synced organization, and desktop notifications', async () => {
    await ana.page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click()
    const section = ana.page.getByRole('region', { name: 'Publishing' })
    const serverPublishing = section.getByRole('switch', { name: /Publish from the sync server/ })
    await expect.poll(() => serverPublishing.isEnabled()).toBe(true)
    await serverPublishing.click({ force: true })
    await expect
      .poll(
        async () =>
          (await call<{ serverPublishing: boolean }>(ana.core, 'getPublishingSettings', { orgId })).serverPublishing,
      )
      .toBe(true)
    // The browser asks only when the button is pressed; here the test answers for the person.
    await ana.page.context().grantPermissions(['notifications'])
    await section.getByRole('button', { name: 'Turn on desktop notifications' }).click()
    await expect.poll(() => section.getByText('Desktop notifications are on for this browser.').isVisible()).toBe(true)
    await section.scrollIntoViewIfNeeded()
    await expectAccessible(ana.page, 'Settings, Publishing')
    await screenshot(ana.page, 'settings-publishing-synced')

    // From here Ana's window is behind another one (the app leaves the in-front case to its toast), and the
    // desktop notifications it shows are kept so the test can read and click them.
    await ana.page.context().addInitScript(() => {
      const page = globalThis as unknown as Record<string, unknown> & { document: { hasFocus(): boolean } }
      const Real = page.Notification as new (title: string, options?: { body?: string }) => object
      const shown: { title: string; body?: string; notification: object }[] = []
      page.shownNotifications = shown
      page.Notification = class extends Real {
        constructor(title: string, options?: { body?: string }) {
          super(title, options)
          shown.push({ title, body: options?.body, notification: this })
        }
      }
      page.document.hasFocus = () => false
    })
    await ana.page.reload()
    await expect.poll(() => section.getByText('Desktop notifications are on for this browser.').isVisible()).toBe(true)
  })

  it('Ben writes a post and sends it for approval', async () => {
    await ben.page.goto(`${ben.host.url.split('#')[0]}#/publish/compose`)
    await expect.poll(() => ben.page.getByRole('heading', { name: 'Create a post', level: 1 }).isVisible()).toBe(true)
    const channel = ben.page.getByRole('checkbox', { name: /Acme Sandbox/ })
    if (!(await channel.isChecked())) await ben.page.locator('label', { hasText: 'Acme Sandbox' }).click()
    await ben.page.getByLabel('Text', { exact: true }).fill(TEXT)
    await ben.page.getByRole('button', { name: 'Send for approval' }).click()
    await expect
      .poll(async () => (await call<Post[]>(ben.core, 'listPosts', { orgId })).map((p) => [p.caption, p.status]))
      .toEqual([[TEXT, 'needs_approval']])
    postId = (await call<Post[]>(ben.core, 'listPosts', { orgId }))[0]!.id
  })

  it('Ana’s app tells her; she opens the post from the notification', async () => {
    await ana.page.getByRole('navigation').getByRole('link', { name: 'Publish' }).click()
    await expect.poll(() => bell(ana.page).getAttribute('aria-label'), SYNCED).toBe('Notifications, 1 unread')
    const [request] = await notificationsOf(ana)
    expect(request).toMatchObject({ kind: 'approval.requested', postId, readAt: null })
    // Also said in a toast as it arrives, and on the desktop, since the window is not in front.
    await expect.poll(() => ana.page.getByRole('button', { name: 'Open post' }).isVisible()).toBe(true)
    expect(await desktopTitles(ana.page)).toEqual([request!.title])

    const list = await openFromBell(ana.page, /Approval requested/)
    await expectAccessible(ana.page, 'Notifications list')
    await screenshot(ana.page, 'approvals-1-requested')
    await list.getByRole('button', { name: /Approval requested/ }).click()
    await expect.poll(() => ana.page.getByRole('heading', { name: 'Post', level: 1 }).isVisible()).toBe(true)
    expect(ana.page.url()).toContain(`#/publish/post/${postId}`)
    await expect.poll(() => ana.page.getByText(TEXT).first().isVisible()).toBe(true)
    // Opening it read it.
    await expect.poll(() => bell(ana.page).getAttribute('aria-label')).toBe('Notifications')
    expect((await notificationsOf(ana))[0]!.readAt).not.toBeNull()
  })

  it('Ana asks for changes with a comment, and Ben’s app shows him the comment', async () => {
    await ana.page.getByRole('button', { name: 'Reject…' }).click()
    await ana.page.getByLabel('What should change?').fill(COMMENT)
    await ana.page.getByRole('dialog').getByRole('button', { name: 'Reject', exact: true }).click()
    await expect.poll(async () => (await post(ana)).status).toBe('rejected')

    await expect.poll(() => bell(ben.page).getAttribute('aria-label'), SYNCED).toBe('Notifications, 1 unread')
    const [rejected] = await notificationsOf(ben)
    expect(rejected).toMatchObject({ kind: 'approval.rejected', postId })
    expect(`${rejected!.title} ${rejected!.body}`).toContain(COMMENT)
    const list = await openFromBell(ben.page, /Rejected/)
    await screenshot(ben.page, 'approvals-2-rejected')
    await list.getByRole('button', { name: /Rejected/ }).click()
    await expect.poll(() => ben.page.getByRole('heading', { name: 'Post', level: 1 }).isVisible()).toBe(true)
    await expect.poll(() => ben.page.getByText(COMMENT).first().isVisible()).toBe(true)
    await expectAccessible(ben.page, 'Post, rejected with a comment')
    await screenshot(ben.page, 'approvals-3-comment')
  })

  it('Ben sends it again; Ana approves; Ben’s app tells him', async () => {
    await ben.page.getByRole('link', { name: 'Edit' }).click()
    await expect.poll(() => ben.page.getByLabel('Text', { exact: true }).inputValue()).toBe(TEXT)
    await ben.page.getByLabel('Text', { exact: true }).fill(`${TEXT} the 28th`)
    await ben.page.getByRole('button', { name: 'Send for approval' }).click()
    await expect.poll(async () => (await post(ben)).status).toBe('needs_approval')
    expect((await post(ben)).caption).toBe(`${TEXT} the 28th`)
    await expect.poll(() => bell(ana.page).getAttribute('aria-label'), SYNCED).toBe('Notifications, 1 unread')
    // This time Ana follows the browser's desktop notification.
    await expect
      .poll(async () => (await desktopTitles(ana.page)).filter((t) => t.startsWith('Approval requested')).length)
      .toBe(2)
    await ana.page.getByRole('navigation').getByRole('link', { name: 'Publish' }).click()
    await clickLatestDesktop(ana.page)
    await expect.poll(() => ana.page.url()).toContain(`#/publish/post/${postId}`)
    await expect.poll(() => bell(ana.page).getAttribute('aria-label')).toBe('Notifications')
    await expect.poll(() => ana.page.getByText(`${TEXT} the 28th`).first().isVisible(), SYNCED).toBe(true)
    await ana.page.getByRole('button', { name: 'Approve', exact: true }).click()
    await expect.poll(async () => (await post(ana)).status).toBe('scheduled')

    await expect.poll(() => bell(ben.page).getAttribute('aria-label'), SYNCED).toBe('Notifications, 1 unread')
    const [approved] = await notificationsOf(ben)
    expect(approved).toMatchObject({ kind: 'approval.approved', postId })
    await openFromBell(ben.page, /Approved/)
    await expectAccessible(ben.page, 'Notifications list, approved')
    await screenshot(ben.page, 'approvals-4-approved')
    await ben.page.getByRole('button', { name: 'Mark all read' }).click()
    await expect.poll(() => bell(ben.page).getAttribute('aria-label')).toBe('Notifications')
    expect((await notificationsOf(ben)).every((n) => n.readAt !== null)).toBe(true)
    expect((await post(ben)).approvals.map((a) => a.status)).toEqual(expect.arrayContaining(['rejected', 'approved']))
  })

  it('lists everything Ben was told on the Notifications page', async () => {
    await ben.page.getByRole('dialog', { name: 'Notifications' }).getByRole('link', { name: 'See all' }).click()
    await expect.poll(() => ben.page.getByRole('heading', { name: 'Notifications', level: 1 }).isVisible()).toBe(true)
    expect(await ben.page.title()).toBe('Notifications · buffer-clone')
    const items = ben.page.getByRole('main').getByRole('listitem')
    await expect.poll(() => items.count()).toBe(2)
    expect(await items.first().textContent()).toMatch(/^Approved/)
    await expect.poll(() => ben.page.getByRole('dialog', { name: 'Notifications' }).count()).toBe(0)
    expect(await ben.page.getByRole('main').getByRole('button', { name: 'Mark all read' }).isDisabled()).toBe(true)
    await expectAccessible(ben.page, 'Notifications page')
    await screenshot(ben.page, 'approvals-5-notifications-page')
  })
})
