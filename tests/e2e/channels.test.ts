/**
 * Channels through the UI in Chromium: connect a Sandbox channel, edit its
 * posting schedule (a new slot, another time zone, pause and resume) and find
 * it saved after a reload; a refused input is explained in the form and
 * nothing is connected. Each screen and dialog is checked with axe.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sandboxFor } from '../../src-main/platforms/adapters'
import { readStoredChannel } from '../../src-main/platforms/channel-store'
import { startFakeMastodon, type FakeMastodon } from '../helpers/fake-mastodon'
import { expectAccessible, screenshot, startApp, type App } from './browser'

let app: App
let page: Page
let orgId: string
/** A stand-in Mastodon instance on 127.0.0.1: live platforms are the one thing tests do not reach. */
let mastodon: FakeMastodon

beforeAll(async () => {
  app = await startApp()
  await app.core.ok('createProfile', { name: 'Ana Ruiz', email: 'ana@example.com' })
  orgId = (await app.core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Madrid' })).id
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })
  page = await context.newPage()
  await page.goto(app.host.url)
  await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
})
afterAll(async () => {
  await mastodon?.close()
  await app?.close()
})

const dialog = () => page.getByRole('dialog')
const channels = () => app.core.ok('listChannels', { orgId })

async function openScheduleEditor() {
  await page.getByRole('button', { name: 'Posting schedule' }).click()
  await expect.poll(() => dialog().getByText('Next slots').isVisible()).toBe(true)
}

async function reload() {
  await page.reload()
  await expect.poll(() => page.getByRole('heading', { name: 'Channels', level: 1 }).isVisible()).toBe(true)
  await expect.poll(() => page.getByRole('article', { name: 'Acme Coffee (practice)' }).isVisible()).toBe(true)
}

describe('channels', () => {
  it('starts empty, reachable from the navbar and with g c', async () => {
    await page.keyboard.press('g')
    await page.keyboard.press('c')
    await expect.poll(() => page.getByRole('heading', { name: 'Channels', level: 1 }).isVisible()).toBe(true)
    expect(await page.title()).toBe('Channels · buffer-clone')
    await expect.poll(() => page.getByText('No channels yet').isVisible()).toBe(true)
    await expectAccessible(page, 'Channels, empty')
    await screenshot(page, 'channels-1-empty')
  })

  it('explains a refused input in the form and connects nothing', async () => {
    await page.getByRole('button', { name: 'Connect a channel' }).click()
    await dialog().getByText('Mastodon', { exact: true }).click()
    await dialog().getByLabel('Server address').fill('my mastodon server')
    await dialog().getByLabel('Access token').fill('not-a-real-token')
    await dialog().getByRole('button', { name: 'Connect Mastodon' }).click()
    await expect
      .poll(() =>
        dialog()
          .getByText(/must be an http:\/\/ or https:\/\/ address/i)
          .isVisible(),
      )
      .toBe(true)
    // The token was not the problem: it stays (masked) for the next try.
    expect(await dialog().getByLabel('Access token').getAttribute('type')).toBe('password')
    expect(await dialog().getByLabel('Access token').inputValue()).toBe('not-a-real-token')
    expect(await channels()).toEqual([])
    await expectAccessible(page, 'Connect a channel, with an error')
    await screenshot(page, 'channels-2-connect-error')

    await dialog().getByText('Sandbox', { exact: true }).click()
    // The name is offered from the organization's; emptied, it is refused in words.
    expect(await dialog().getByLabel('Channel name').inputValue()).toBe('Acme Coffee (practice)')
    await dialog().getByLabel('Channel name').fill('')
    await dialog().getByRole('button', { name: 'Connect Sandbox' }).click()
    await expect.poll(() => dialog().getByText('Channel name cannot be empty').isVisible()).toBe(true)
    expect(await channels()).toEqual([])
  })

  it('connects a Sandbox channel with only a name', async () => {
    await dialog().getByLabel('Channel name').fill('Acme Coffee (practice)')
    await expectAccessible(page, 'Connect a Sandbox channel')
    await screenshot(page, 'channels-3-connect-sandbox')
    await dialog().getByRole('button', { name: 'Connect Sandbox' }).click()
    await expect.poll(() => page.getByRole('article', { name: 'Acme Coffee (practice)' }).isVisible()).toBe(true)
    const [channel] = await channels()
    expect(channel).toMatchObject({ platform: 'sandbox', displayName: 'Acme Coffee (practice)', canPublishHere: true })
    await page.mouse.move(1000, 700)
    await expectAccessible(page, 'Channels, one connected')
    await screenshot(page, 'channels-4-connected')
  })

  it('adds a slot and changes the time zone, kept after a reload', async () => {
    await openScheduleEditor()
    await dialog().getByLabel('Days').click()
    await page.getByRole('option', { name: 'Saturday' }).click()
    await dialog().getByLabel('Time', { exact: true }).fill('10:15')
    await dialog().getByRole('button', { name: 'Add posting time' }).click()
    await expect
      .poll(() =>
        dialog()
          .getByRole('button', { name: /^Remove 10:15\W*(AM)? on Saturday$/ })
          .isVisible(),
      )
      .toBe(true)
    await dialog()
      .getByRole('button', { name: /^Remove 12:30\W*(PM)? on Monday$/ })
      .click()
    await dialog().getByRole('button', { name: 'Copy Monday to weekdays' }).click()
    await expect
      .poll(() =>
        dialog()
          .getByRole('button', { name: /^Remove 12:30\W*(PM)? on Friday$/ })
          .count(),
      )
      .toBe(0)
    await dialog().getByLabel('Time zone', { exact: true }).fill('New York')
    await page.getByRole('option', { name: /America\/New York/ }).click()
    await expect.poll(() => dialog().getByText('in America/New York').isVisible()).toBe(true)
    await expectAccessible(page, 'Posting schedule editor')
    await screenshot(page, 'channels-5-schedule')
    await dialog().getByRole('button', { name: 'Save schedule' }).click()
    await expect.poll(() => dialog().count()).toBe(0)

    await reload()
    const [channel] = await channels()
    expect(channel!.schedule.timezone).toBe('America/New_York')
    expect(channel!.schedule.slots).toMatchObject({ mon: ['09:00', '17:00'], fri: ['09:00', '17:00'], sat: ['10:15'] })
    await openScheduleEditor()
    expect(await dialog().getByLabel('Time zone', { exact: true }).inputValue()).toMatch(/^America\/New York/)
    await expect
      .poll(() =>
        dialog()
          .getByRole('button', { name: /^Remove 10:15\W*(AM)? on Saturday$/ })
          .isVisible(),
      )
      .toBe(true)
  })

  it('pauses and resumes the queue, kept after a reload', async () => {
    await dialog()
      .getByRole('switch', { name: /Pause the queue/ })
      .check({ force: true })
    await expect.poll(() => dialog().getByText('Paused: queued posts wait until you resume.').isVisible()).toBe(true)
    await dialog().getByRole('button', { name: 'Save schedule' }).click()
    await expect.poll(() => dialog().count()).toBe(0)
    await reload()
    const card = page.getByRole('article', { name: 'Acme Coffee (practice)' })
    await expect.poll(() => card.getByText('Paused', { exact: true }).isVisible()).toBe(true)
    expect((await channels())[0]!.schedule.paused).toBe(true)

    await openScheduleEditor()
    expect(
      await dialog()
        .getByRole('switch', { name: /Pause the queue/ })
        .isChecked(),
    ).toBe(true)
    await dialog()
      .getByRole('switch', { name: /Pause the queue/ })
      .uncheck({ force: true })
    await dialog().getByRole('button', { name: 'Save schedule' }).click()
    await expect.poll(() => dialog().count()).toBe(0)
    await reload()
    expect(await card.getByText('Paused', { exact: true }).count()).toBe(0)
    const [channel] = await channels()
    expect(channel!.schedule).toMatchObject({ paused: false, timezone: 'America/New_York' })
    expect(channel!.schedule.slots.sat).toEqual(['10:15'])
  })

  it('shows the in-app sandbox feed: empty, then newest first, and a linked post', async () => {
    await page.getByRole('button', { name: 'More for Acme Coffee (practice)' }).click()
    await page.getByRole('menuitem', { name: 'View sandbox feed' }).click()
    await expect.poll(() => page.getByText('Nothing published yet').isVisible()).toBe(true)
    expect(await page.title()).toBe('Sandbox feed · buffer-clone')
    await expectAccessible(page, 'Sandbox feed, empty')

    // Published the way the scheduler's sandbox adapter does, into this org file's feed.
    const [channel] = await channels()
    const accountId = readStoredChannel(app.core.ctx.dbs.org(orgId), channel!.id)!.platformUserId
    const backend = sandboxFor(app.core.ctx, orgId).backend
    const hourAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString()
    await backend.publish({
      accountId,
      idempotencyKey: 'a',
      text: 'First light roast',
      media: [],
      publishedAt: hourAgo(3),
    })
    const image = { mimeType: 'image/png', byteLength: 100 }
    await backend.publish({
      accountId,
      idempotencyKey: 'b',
      text: 'New mugs',
      media: [image, image],
      publishedAt: hourAgo(1),
    })
    await page.reload()
    const posts = page.getByRole('article', { name: 'Post from Acme Coffee (practice)' })
    await expect.poll(() => posts.count()).toBe(2)
    expect(await posts.first().textContent()).toContain('New mugs')
    // Its two pictures, as thumbnails (these say no file, so each shows as a picture icon).
    expect(await posts.first().getByRole('list', { name: '2 attachments' }).getByRole('img').count()).toBe(2)
    expect(await posts.last().textContent()).toContain('First light roast')

    const [, oldest] = await app.core.ok('listSandboxFeed', { orgId, channelId: channel!.id })
    await page.goto(`${app.host.url.split('#')[0]}#/sandbox/${orgId}/${channel!.id}/posts/${oldest!.id}`)
    await expect.poll(() => page.locator(`#post-${oldest!.id}[data-linked]`).isVisible()).toBe(true)
    await expectAccessible(page, 'Sandbox feed')
    await screenshot(page, 'channels-6-sandbox-feed')
    await page.getByRole('link', { name: 'Back to channels' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Channels', level: 1 }).isVisible()).toBe(true)
  })

  it('stays accessible in the dark theme', async () => {
    const dark = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' })
    const darkPage = await dark.newPage()
    await darkPage.goto(app.host.url)
    await darkPage.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
    // This target has no DOM types; the page's location is all it needs.
    await darkPage.evaluate(
      () => ((globalThis as unknown as { location: { hash: string } }).location.hash = '#/channels'),
    )
    await expect.poll(() => darkPage.getByRole('article', { name: 'Acme Coffee (practice)' }).isVisible()).toBe(true)
    await darkPage.mouse.move(1000, 700)
    await expectAccessible(darkPage, 'Channels (dark)')
    await screenshot(darkPage, 'channels-7-dark')
    await darkPage.getByRole('button', { name: 'Posting schedule' }).click()
    await expect.poll(() => darkPage.getByRole('dialog').getByText('Next slots').isVisible()).toBe(true)
    await expectAccessible(darkPage, 'Posting schedule editor (dark)')
    await screenshot(darkPage, 'channels-8-schedule-dark')
    await dark.close()
  })

  it('disconnects after saying what happens to scheduled posts', async () => {
    await page.getByRole('button', { name: 'More for Acme Coffee (practice)' }).click()
    await page.getByRole('menuitem', { name: 'Disconnect…' }).click()
    await expect
      .poll(() =>
        dialog()
          .getByText(/go back to Drafts/)
          .isVisible(),
      )
      .toBe(true)
    await expectAccessible(page, 'Disconnect a channel')
    await dialog().getByRole('button', { name: 'Disconnect' }).click()
    await expect.poll(() => page.getByText('No channels yet').isVisible()).toBe(true)
    expect(await channels()).toEqual([])
  })

  it('connects Mastodon: a refused token is explained under its field, the right one connects', async () => {
    mastodon = await startFakeMastodon()
    await page.getByRole('button', { name: 'Connect a channel' }).first().click()
    await dialog().getByText('Mastodon', { exact: true }).click()
    await dialog().getByLabel('Server address').fill(mastodon.url)
    await dialog().getByLabel('Access token').fill('not-the-token')
    await dialog().getByRole('button', { name: 'Connect Mastodon' }).click()
    await expect
      .poll(() =>
        dialog()
          .getByText(/refused the access token/)
          .isVisible(),
      )
      .toBe(true)
    // The refused token is cleared, never shown back.
    expect(await dialog().getByLabel('Access token').inputValue()).toBe('')
    expect(await channels()).toEqual([])
    await screenshot(page, 'channels-9-mastodon-refused')

    await dialog().getByLabel('Access token').fill(mastodon.token)
    await dialog().getByRole('button', { name: 'Connect Mastodon' }).click()
    const card = page.getByRole('article', { name: 'Ana Ruiz' })
    await expect.poll(() => card.isVisible()).toBe(true)
    expect(await card.textContent()).toContain('Mastodon · ana')
    expect((await channels()).map((c) => [c.platform, c.username, c.canPublishHere])).toEqual([
      ['mastodon', 'ana', true],
    ])
    await page.mouse.move(1000, 700)
    await expectAccessible(page, 'Channels, Mastodon connected')
  })
})
