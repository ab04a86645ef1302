/**
 * The inbox end to end in Chromium with the real sync server: Ana's synced organization has seeded comments
 * (written as the fetcher will write them); she triages a batch by keyboard alone (move, select, done, assign,
 * tag, snooze), searches with highlighted matches and opens the shortcut list; Ben, on his own device, sees the
 * statuses and the assignment, and is told he was assigned. Screenshots light and dark, axe on each.
 * Comments arriving from the Sandbox by the fetcher and replies (a saved reply's missing placeholder, a reply
 * written offline) are in engage-replies.test.ts.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxCommentView } from '../../src-shared/api/comments'
import type { AppNotification } from '../../src-shared/entities/models'
import { addComments } from '../helpers/comment-rows'
import { expectAccessible, screenshot } from './browser'
import { call, startTwoApps, type Device, type TwoApps } from './two-apps'

const PASSWORD = 'correct horse battery'
const SYNCED = { timeout: 30_000, interval: 250 }

let apps: TwoApps
let serverUrl: string
let ana: Device
let ben: Device
let orgId: string
let benId: string

beforeAll(async () => {
  apps = await startTwoApps({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' })
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

const inbox = (device: Device, query: Record<string, unknown> = {}) =>
  call<{ comments: InboxCommentView[] }>(device.core, 'listInbox', { orgId, limit: 200, ...query }).then(
    (page) => page.comments,
  )
const press = async (page: Page, ...keys: string[]) => {
  for (const key of keys) await page.keyboard.press(key)
}
const toastGone = (page: Page) => expect.poll(() => page.getByRole('alert').count(), { timeout: 15_000 }).toBe(0)
/** A dialog closing fades out first; the inbox's keys wait for it, as a person's eyes do. */
const noDialog = (page: Page) => expect.poll(() => page.getByRole('dialog').count()).toBe(0)
const list = (page: Page) => page.getByRole('listbox', { name: 'Comments' })
const goToEngage = async (page: Page) => {
  await page.getByRole('navigation').getByRole('link', { name: 'Engage' }).click()
  await expect.poll(() => page.getByRole('heading', { name: 'Engage', level: 1 }).isVisible()).toBe(true)
}

const TEXTS = [
  'Is the oat milk flat white vegan?',
  'My order arrived broken and I want a refund now',
  'Love the new autumn blend!',
  'Do you open on Sunday mornings?',
  'Best croissant in town, thank you',
  'The app keeps charging me twice, this is urgent',
  '¿Tienen leche de avena?',
  'Great service today',
]

describe('the Engage inbox', () => {
  it('sets up: Ana’s synced organization with a channel and comments, Ben joined as an editor', async () => {
    await onboard(ana, 'Ana Ruiz', 'ana@example.com', 'Acme Coffee')
    orgId = (await call<{ id: string }[]>(ana.core, 'listOrganizations', {}))[0]!.id
    await call(ana.core, 'attachOrganization', { orgId })
    await ana.page.getByRole('navigation').getByRole('link', { name: 'Channels' }).click()
    await ana.page.getByRole('button', { name: 'Connect a channel' }).first().click()
    await ana.page.getByLabel('Channel name').fill('Acme Sandbox')
    await ana.page.getByRole('button', { name: 'Connect Sandbox' }).click()
    await expect.poll(() => ana.page.getByRole('article', { name: 'Acme Sandbox' }).isVisible()).toBe(true)
    const [channel] = await call<{ id: string }[]>(ana.core, 'listChannels', { orgId })

    const invitation = await call<{ code: string }>(ana.core, 'createInvitation', { orgId, role: 'editor' })
    await onboard(ben, 'Ben Ortiz', 'ben@example.com', 'Ben Studio')
    await call(ben.core, 'joinOrganization', { code: invitation.code })
    await call(ben.core, 'setActiveOrganization', { orgId })
    benId = (await call<{ id: string }>(ben.core, 'getProfile', {})).id

    const now = Date.now()
    addComments(
      ana.core,
      orgId,
      channel!.id,
      Array.from({ length: 40 }, (_, i) => ({
        text: TEXTS[i % TEXTS.length]!,
        timestamp: new Date(now - (i + 1) * 7 * 60_000).toISOString(),
        author: { name: ['Sam Lee', 'Kim Park', 'Lucía Gómez', 'Tom Berg'][i % 4]!, handle: `fan${i}.example` },
      })),
    )
    // The comments reach Ben's device through the server.
    await expect.poll(async () => (await inbox(ben)).length, SYNCED).toBe(40)
  })

  it('shows the inbox with its filters and counts', async () => {
    await goToEngage(ana.page)
    await expect.poll(() => ana.page.getByRole('option').first().isVisible()).toBe(true)
    await expect.poll(() => ana.page.getByRole('radiogroup', { name: 'Status' }).textContent()).toContain('Open 40')
    await ana.page.mouse.move(1350, 890)
    await expectAccessible(ana.page, 'Engage inbox')
    await screenshot(ana.page, 'engage-1-inbox-light')
  })

  it('triages a batch by keyboard alone: move, select, done, assign, tag, snooze', async () => {
    const page = ana.page
    // Nothing focused yet: the keys work from the screen itself.
    await page.evaluate(() =>
      (globalThis as unknown as { document: { activeElement: { blur?(): void } } }).document.activeElement.blur?.(),
    )
    const first = (await inbox(ana, { status: ['open'] })).slice(0, 6)

    // Two at the top, selected and marked done.
    await press(page, 'x', 'j', 'x')
    await expect.poll(() => page.getByRole('region', { name: 'Selection' }).textContent()).toContain('2 selected')
    await press(page, 'e')
    await expect
      .poll(async () => (await inbox(ana, { status: ['done'] })).map((c) => c.id).sort())
      .toEqual([first[0]!.id, first[1]!.id].sort())
    await toastGone(page)

    // The list now starts at the third; take it and the next, and hand them to Ben.
    await press(page, 'k', 'k', 'x', 'j', 'x', 'a')
    const assign = page.getByRole('dialog', { name: 'Assign 2 comments' })
    await expect.poll(() => assign.isVisible()).toBe(true)
    await page.keyboard.type('Ben')
    await press(page, 'Enter')
    await expect.poll(async () => (await inbox(ana, { assignedTo: benId })).length).toBe(2)
    await noDialog(page)

    // Tag the active one (no selection now).
    await press(page, 't')
    const tag = page.getByRole('dialog', { name: 'Tag the comment' })
    await expect.poll(() => tag.isVisible()).toBe(true)
    await page.keyboard.type('vip')
    await press(page, 'Enter', 'Enter')
    await expect.poll(async () => (await inbox(ana, { tag: 'vip' })).length).toBe(1)
    await noDialog(page)

    // Snooze the next one for an hour.
    await press(page, 'j', 's')
    const snooze = page.getByRole('dialog', { name: 'Snooze the comment until…' })
    await expect.poll(() => snooze.isVisible()).toBe(true)
    await screenshot(page, 'engage-2-snooze')
    await press(page, '1')
    await expect.poll(async () => (await inbox(ana, { status: ['snoozed'] })).length).toBe(1)
    const [snoozed] = await inbox(ana, { status: ['snoozed'] })
    expect(Date.parse(snoozed!.snoozedUntil!) - Date.now()).toBeGreaterThan(55 * 60_000)
    await noDialog(page)

    // Enter opens the active comment with its history.
    await press(page, 'k', 'Enter')
    const conversation = page.getByRole('region', { name: 'Conversation' })
    await expect
      .poll(() =>
        conversation
          .getByText(/You changed the tags of a comment|You assigned/)
          .first()
          .isVisible(),
      )
      .toBe(true)
    await toastGone(page)
    await expectAccessible(page, 'Engage, a conversation open')
    await screenshot(page, 'engage-3-conversation')
  })

  it('searches with "/" and marks the matches', async () => {
    const page = ana.page
    await list(page).focus()
    await press(page, '/')
    await page.keyboard.type('oat')
    // Five say "oat"; the two marked done are not among the open ones shown, and one of them did.
    await expect.poll(() => page.getByRole('option').count()).toBe(4)
    await expect.poll(() => list(page).locator('mark').first().textContent()).toBe('oat')
    await expectAccessible(page, 'Engage, a search')
    await screenshot(page, 'engage-4-search')
    await press(page, 'Escape')
    await expect
      .poll(() =>
        page.evaluate(() =>
          (
            globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }
          ).document.activeElement.getAttribute('role'),
        ),
      )
      .toBe('listbox')
  })

  it('lists every shortcut with "?"', async () => {
    const page = ana.page
    await press(page, '?')
    const help = page.getByRole('dialog', { name: 'Inbox shortcuts' })
    await expect.poll(() => help.isVisible()).toBe(true)
    for (const what of ['Next comment', 'Mark done', 'Assign to a teammate', 'Snooze', 'Search'])
      expect(await help.getByText(what, { exact: false }).count()).toBeGreaterThan(0)
    await expectAccessible(page, 'Engage, shortcuts')
    await screenshot(page, 'engage-5-help')
    await press(page, 'Escape')
    await expect.poll(() => help.isVisible()).toBe(false)
  })

  it('shows Ben the statuses and his assignment, and tells him', async () => {
    await expect.poll(async () => (await inbox(ben, { assignedTo: benId })).length, SYNCED).toBe(2)
    await expect.poll(async () => (await inbox(ben, { status: ['done'] })).length, SYNCED).toBe(2)
    await expect
      .poll(async () => (await call<AppNotification[]>(ben.core, 'listNotifications', {})).map((n) => n.kind), SYNCED)
      .toContain('comment.assigned')
    await ben.page.reload()
    await goToEngage(ben.page)
    // His two, with his name on them, among the open comments.
    await expect.poll(() => list(ben.page).getByText('Ben Ortiz', { exact: true }).count(), SYNCED).toBe(2)
    await expect.poll(() => ben.page.getByRole('radiogroup', { name: 'Status' }).textContent()).toContain('Done 2')
    await toastGone(ben.page)
    await expectAccessible(ben.page, 'Engage, Ben’s assigned comments')
    await screenshot(ben.page, 'engage-6-teammate')
  })

  it('looks right in dark mode', async () => {
    const page = ana.page
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.reload()
    await expect.poll(() => page.getByRole('heading', { name: 'Engage', level: 1 }).isVisible()).toBe(true)
    await expect.poll(() => page.getByRole('option').first().isVisible()).toBe(true)
    await press(page, 'j', 'x', 'Enter')
    await expect
      .poll(() => page.getByRole('region', { name: 'Conversation' }).getByRole('heading').first().isVisible())
      .toBe(true)
    await page.mouse.move(1350, 890)
    await expectAccessible(page, 'Engage inbox, dark')
    await screenshot(page, 'engage-7-inbox-dark')
    await press(page, '?')
    await expect.poll(() => page.getByRole('dialog', { name: 'Inbox shortcuts' }).isVisible()).toBe(true)
    await expectAccessible(page, 'Engage shortcuts, dark')
    await screenshot(page, 'engage-8-help-dark')
  })
})
