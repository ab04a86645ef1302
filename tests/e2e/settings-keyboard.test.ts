/**
 * Settings and the keyboard in Chromium on the real core: your profile and the organization's name and time
 * zone edited with checks as you type (and the queue re-planned only on request), the time format chosen in
 * Appearance and followed by the schedule's slots; `N` opening a new post with the cursor in its text, Esc on
 * a dialog and submitting sending focus back where it came from, and the schedule picker keeping a typed
 * "18" after Enter on a day. Settings and the picker are checked with axe and photographed, light and dark.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, startApp, type App } from './browser'

const SHOTS = '/work/shots/polish'

let app: App
let page: Page
let orgId: string
let channelId: string

/** Moves the page to an in-app address, as a link would (this target has no DOM types). */
const go = (target: Page, hash: string) =>
  target.evaluate((to) => {
    ;(globalThis as unknown as { location: { hash: string } }).location.hash = to
  }, hash)

/** What has focus, by its accessible name as the page gives it (this target has no DOM types). */
const focused = (target: Page) =>
  target.evaluate(() => {
    const active = (globalThis as unknown as { document: { activeElement: Record<string, unknown> | null } }).document
      .activeElement as unknown as {
      tagName: string
      getAttribute(name: string): string | null
      textContent: string | null
      labels?: { textContent: string | null }[]
    } | null
    if (!active) return 'nothing'
    const label = active.getAttribute('aria-label') ?? active.labels?.[0]?.textContent ?? active.textContent
    return `${active.tagName.toLowerCase()}:${(label ?? '').trim()}`
  })

const shoot = (target: Page, name: string) => target.screenshot({ path: join(SHOTS, `${name}.png`) })

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  app = await startApp()
  await app.core.ok('createProfile', { name: 'Ana Ruiz', email: 'ana@example.com' })
  orgId = (await app.core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })).id
  channelId = (await app.core.ok('connectChannel', { orgId, platform: 'sandbox', name: 'Acme Sandbox' })).id
  const context = await app.browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
    locale: 'en-US',
  })
  page = await context.newPage()
  await page.goto(app.host.url)
  await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
})
afterAll(async () => {
  await app?.close()
})

describe('Settings', () => {
  it('edits your profile with checks as you type', async () => {
    await go(page, '#/settings')
    const profile = page.getByRole('form', { name: 'Your profile' })
    await profile.getByLabel('Name').fill('   ')
    await expect.poll(() => profile.getByText('Your name cannot be empty.').isVisible()).toBe(true)
    expect(await profile.getByRole('button', { name: 'Save profile' }).isDisabled()).toBe(true)
    await profile.getByLabel('Email').fill('ana@')
    await expect
      .poll(() => profile.getByText('The email must be an address such as sam@example.com.').isVisible())
      .toBe(true)
    // Typing "n" in a field is text, not the new-post shortcut.
    await profile.getByLabel('Name').fill('Ana Ruiz Soto')
    await profile.getByLabel('Email').fill('ana.soto@example.com')
    expect(await page.getByRole('heading', { name: 'Settings', level: 1 }).isVisible()).toBe(true)
    await profile.getByRole('button', { name: 'Save profile' }).click()
    await expect.poll(async () => (await app.core.ok('getProfile', {}))?.name).toBe('Ana Ruiz Soto')
    expect((await app.core.ok('getProfile', {}))?.email).toBe('ana.soto@example.com')
  })

  it('renames the organization and changes its time zone; the queue moves only on request', async () => {
    const queued = await app.core.ok('createDraft', { orgId, caption: 'Morning roast', socialAccountId: channelId })
    const before = await app.core.ok('schedulePost', { orgId, postId: queued.id, when: { kind: 'queue' } })

    await page.getByLabel('Organization name').fill('')
    await expect.poll(() => page.getByText('The organization name cannot be empty.').isVisible()).toBe(true)
    await page.getByLabel('Organization name').fill('Acme Coffee Roasters')
    await page.getByRole('button', { name: 'Rename' }).click()
    await expect.poll(async () => (await app.core.ok('listOrganizations', {}))[0]?.name).toBe('Acme Coffee Roasters')

    const zone = page.getByRole('form', { name: 'Time zone' })
    await zone.getByLabel('Time zone').click()
    await zone.getByLabel('Time zone').fill('New York')
    await page.getByRole('option', { name: /^America\/New York/ }).click()
    await zone.getByRole('button', { name: 'Change time zone' }).click()
    await expect.poll(async () => (await app.core.ok('listOrganizations', {}))[0]?.timezone).toBe('America/New_York')
    // The post kept its instant; the channel still plans in Paris until asked.
    expect((await app.core.ok('getPost', { orgId, postId: queued.id })).scheduledAt).toBe(before.scheduledAt)
    await expect.poll(() => page.getByText('Some channels still post in another zone').isVisible()).toBe(true)
    expect(await page.getByText(/Acme Sandbox posts at Europe\/Paris times/).isVisible()).toBe(true)

    await page.getByRole('button', { name: 'Re-plan the queue in the new zone' }).click()
    await expect
      .poll(async () => (await app.core.ok('listChannels', { orgId }))[0]?.schedule.timezone)
      .toBe('America/New_York')
    const moved = (await app.core.ok('getPost', { orgId, postId: queued.id })).scheduledAt!
    const wall = DateTime.fromISO(moved, { zone: 'America/New_York' })
    expect(['09:00', '12:30', '17:00']).toContain(wall.toFormat('HH:mm'))
    await expect.poll(() => page.getByText('Some channels still post in another zone').count()).toBe(0)
  })

  it('says who did what in the activity log', async () => {
    await expect.poll(() => page.getByText('You renamed the organization from “Acme Coffee” to').isVisible()).toBe(true)
    expect(await page.getByText('You changed the organization’s time zone to America/New York').isVisible()).toBe(true)
    expect(await page.getByText(/^You re-planned the queue in America\/New York/).isVisible()).toBe(true)
  })

  it('chooses the time format, which the posting slots follow', async () => {
    await page.locator('label', { hasText: /^24-hour$/ }).click()
    await expect.poll(async () => (await app.core.ok('getProfile', {}))?.preferences.timeFormat).toBe('24h')
    await expect.poll(() => page.getByText('Times read like 17:30').isVisible()).toBe(true)
    await go(page, '#/channels')
    await page.getByRole('button', { name: 'Posting schedule' }).click()
    const editor = page.getByRole('dialog')
    await expect.poll(() => editor.getByRole('button', { name: 'Remove 17:00 on Monday' }).isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => editor.count()).toBe(0)

    await go(page, '#/settings')
    await page.locator('label', { hasText: /^12-hour$/ }).click()
    await expect.poll(() => page.getByText(/Times read like 5:30\WPM/).isVisible()).toBe(true)
    await go(page, '#/channels')
    await page.getByRole('button', { name: 'Posting schedule' }).click()
    await expect.poll(() => editor.getByRole('button', { name: /^Remove 5:00\WPM on Monday$/ }).isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    // Back to 24-hour for the picker below, where hours run to 23.
    await app.core.ok('updatePreferences', { timeFormat: '24h' })
  })

  it('passes axe in light and dark', async () => {
    await go(page, '#/settings')
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    await page.mouse.move(1200, 880)
    await expectAccessible(page, 'Settings')
    await page.screenshot({ path: join(SHOTS, 'settings-light.png'), fullPage: true })

    const dark = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' })
    const darkPage = await dark.newPage()
    await darkPage.goto(app.host.url)
    await darkPage.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
    await go(darkPage, '#/settings')
    await darkPage.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    await darkPage.getByText('Recent activity').waitFor()
    await darkPage.mouse.move(1200, 880)
    await expectAccessible(darkPage, 'Settings (dark)')
    await darkPage.screenshot({ path: join(SHOTS, 'settings-dark.png'), fullPage: true })
    await dark.close()
  })
})

describe('keyboard and focus', () => {
  it('opens a new post with N, with the cursor in its text', async () => {
    await go(page, '#/publish')
    await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
    await page.getByRole('link', { name: 'Create post' }).hover()
    await expect.poll(() => page.getByRole('tooltip', { name: 'Create post (N)' }).isVisible()).toBe(true)
    await page.mouse.move(1200, 880)
    await page.locator('body').click({ position: { x: 1200, y: 880 } })
    await page.keyboard.press('n')
    await expect.poll(() => page.getByRole('heading', { name: 'Create a post', level: 1 }).isVisible()).toBe(true)
    await expect.poll(() => focused(page)).toBe('textarea:Text')
    await page.keyboard.type('Fresh beans')
    await expect.poll(() => page.getByLabel('Text', { exact: true }).inputValue()).toBe('Fresh beans')
  })

  it('sends focus back to the menu button after Esc on the schedule dialog', async () => {
    await page.getByRole('button', { name: 'More ways to share' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('menuitem', { name: 'Schedule for…' }).click()
    await expect.poll(() => page.getByRole('dialog', { name: 'Schedule for a date and time' }).isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    await expect.poll(() => focused(page)).toBe('button:More ways to share')
  })

  it('keeps a typed 18 after Enter on a day, and returns focus to Create post after scheduling', async () => {
    // Opened from the Create post button this time, so that is where focus comes back to.
    await go(page, '#/publish')
    await page.getByRole('link', { name: 'Create post' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toBe('textarea:Text')
    await page.keyboard.type('Evening cupping session')

    await page.getByRole('button', { name: 'More ways to share' }).click()
    await page.getByRole('menuitem', { name: 'Schedule for…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Schedule for a date and time' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await expect.poll(() => focused(page)).toMatch(/^button:/)
    await page.keyboard.press('Enter')

    const target = DateTime.now().setZone('America/New_York').plus({ days: 3 })
    if (target.month !== DateTime.now().setZone('America/New_York').month) {
      await page.getByRole('button', { name: 'Next month' }).click()
    }
    const day = page.getByRole('button', { name: target.setLocale('en-US').toFormat('d MMMM yyyy'), exact: true })
    await day.focus()
    await page.keyboard.press('Enter')
    // Enter on a day goes on to the hours (and stays there once the calendar has gone), and what is typed there
    // stays as typed.
    await expect.poll(() => page.getByRole('button', { name: 'Next month' }).count()).toBe(0)
    await expect.poll(() => focused(page)).toBe('input:Hours')
    await page.keyboard.type('18')
    await page.keyboard.type('45')
    expect(await dialog.getByLabel('Hours').inputValue()).toBe('18')
    expect(await dialog.getByLabel('Minutes').inputValue()).toBe('45')
    await expectAccessible(page, 'Schedule picker')
    await shoot(page, 'composer-date-picker-light')

    await dialog.getByRole('button', { name: 'Schedule', exact: true }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
    const posts = await app.core.ok('listPosts', { orgId })
    const scheduled = posts.find((post) => post.caption === 'Evening cupping session')
    expect(scheduled?.scheduledAt).toBe(
      target.set({ hour: 18, minute: 45, second: 0, millisecond: 0 }).toUTC().toISO({ suppressMilliseconds: false }),
    )
    await expect.poll(() => focused(page)).toBe('a:Create post')
  })

  it('shows the schedule picker accessibly in the dark theme', async () => {
    const dark = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' })
    const darkPage = await dark.newPage()
    await darkPage.goto(app.host.url)
    await darkPage.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
    await go(darkPage, '#/publish/compose')
    await darkPage.getByRole('heading', { name: 'Create a post', level: 1 }).waitFor()
    await darkPage.getByLabel('Text', { exact: true }).fill('A dark evening post')
    await darkPage.getByRole('button', { name: 'More ways to share' }).click()
    await darkPage.getByRole('menuitem', { name: 'Schedule for…' }).click()
    const dialog = darkPage.getByRole('dialog', { name: 'Schedule for a date and time' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await dialog.getByLabel('Date').click()
    await expect.poll(() => darkPage.getByRole('button', { name: 'Next month' }).isVisible()).toBe(true)
    await expectAccessible(darkPage, 'Schedule picker (dark)')
    await shoot(darkPage, 'composer-date-picker-dark')
    await dark.close()
  })
})
