/**
 * Publishing end to end, through the UI in Chromium on the real core and its scheduling loop (system clock):
 * connect a Sandbox channel, compose a post with per-channel checks and drafts saved as you type, schedule it a
 * minute or so ahead with "Schedule for…", see it in the queue and the calendar, wait for the loop to publish it,
 * then find it in Sent and follow "View post" to the in-app Sandbox feed. Then a team on the real sync server: a
 * contributor asks, the approver rejects with a comment, the contributor edits and asks again, the approver
 * approves, and the post appears on the server's public Sandbox page. Every screen is checked with axe.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src-main/core/create-core'
import { startWebHost, type WebHost } from '../../src-main/host/web/server'
import { KeyFileStore } from '../../src-main/secrets/key-file-store'
import type { Post } from '../../src-shared/entities/models'
import { makeTempDir, migrationsDir, repoRoot } from '../helpers/core'
import type { TestServer } from '../helpers/sync-server'
import { CHROMIUM_ARGS, expectAccessible, screenshot } from './browser'
import { call as callCore, startDevice, startRealTimeServer, type Device } from './two-apps'
import { onePixelPng } from '../helpers/png'

const TEXT = 'Fresh beans from Huila land on Friday. Come taste them ☕'
// A 1×1 PNG: media is checked by its bytes, not its name.
const PNG = onePixelPng()

let dataDir: string
let core: Core
let host: WebHost
let browser: Browser
let context: BrowserContext
let page: Page
let orgId: string
let channelId: string

const call = <T>(method: string, input: unknown) => callCore<T>(core, method, input)

const posts = () => call<Post[]>('listPosts', { orgId, limit: 100 })

beforeAll(async () => {
  dataDir = makeTempDir()
  // The system clock: the loop publishes at the real time the page picked.
  core = createCore({
    dataDir,
    migrationsDir,
    secrets: new KeyFileStore(join(dataDir, 'data-key')),
    host: { host: 'web', version: 'test' },
  })
  host = await startWebHost({ core, rendererDir: join(repoRoot, 'out', 'renderer') })
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: 'light',
    timezoneId: 'UTC',
  })
  page = await context.newPage()
})
afterAll(async () => {
  await context?.close()
  await browser?.close()
  await host?.close()
  core?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** Moves the page to an in-app address, as a link would (this target has no DOM types). */
const go = (target: Page, hash: string) =>
  target.evaluate((to) => {
    ;(globalThis as unknown as { location: { hash: string } }).location.hash = to
  }, hash)

/** The same screen in the dark theme: checked with axe and photographed. */
async function inDark(path: string, name: string, ready: (page: Page) => Promise<unknown>) {
  const dark = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: 'dark',
    timezoneId: 'UTC',
  })
  const darkPage = await dark.newPage()
  await darkPage.goto(host.url)
  await expect
    .poll(() => darkPage.getByRole('heading', { level: 1 }).first().isVisible())
    .toBe(true)
    .catch(async (error: unknown) => {
      await screenshot(darkPage, 'debug-dark')
      throw error
    })
  await go(darkPage, path)
  await ready(darkPage)
  await expectAccessible(darkPage, `${name} (dark)`)
  await screenshot(darkPage, `publish-${name}-dark`)
  await dark.close()
}

describe('publishing a post through the UI', () => {
  it('connects a Sandbox channel from the Channels screen', async () => {
    await page.goto(host.url)
    await page.getByLabel('Your name').fill('Ana Ruiz')
    await page.getByLabel('Email').fill('ana@example.com')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByLabel('Organization name').fill('Acme Coffee')
    await page.getByRole('button', { name: 'Create organization' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
    orgId = (await call<{ id: string }[]>('listOrganizations', {}))[0]!.id

    await page.getByRole('navigation').getByRole('link', { name: 'Channels' }).click()
    await page.getByRole('button', { name: 'Connect a channel' }).first().click()
    await page.getByLabel('Channel name').fill('Acme Sandbox')
    await page.getByRole('button', { name: 'Connect Sandbox' }).click()
    await expect.poll(async () => (await call<{ id: string }[]>('listChannels', { orgId })).length).toBe(1)
    channelId = (await call<{ id: string }[]>('listChannels', { orgId }))[0]!.id
  })

  it('composes a post: live checks per platform, and the draft is saved as you type', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Publish' }).click()
    await page.getByRole('link', { name: 'Create post' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Create a post', level: 1 }).isVisible()).toBe(true)
    // The sole connected channel is preselected.
    await expect.poll(() => page.getByRole('checkbox', { name: /Acme Sandbox/ }).isChecked()).toBe(true)
    await page.getByLabel('Text', { exact: true }).fill('x'.repeat(520))
    // The Sandbox takes 500 characters: the check says so in words.
    await expect
      .poll(() =>
        page
          .getByRole('region', { name: 'Acme Sandbox checks' })
          .getByText('Too long by 20 characters (520 of 500).')
          .isVisible(),
      )
      .toBe(true)
    await page.getByLabel('Text', { exact: true }).fill(TEXT)
    // A picture, kept on this device, with its alt text.
    await page
      .getByLabel('Add images or video')
      .setInputFiles({ name: 'beans.png', mimeType: 'image/png', buffer: PNG })
    await page.getByLabel('Alt text for beans.png').fill('A sack of green coffee beans')
    await expect.poll(() => page.getByRole('img', { name: 'A sack of green coffee beans' }).isVisible()).toBe(true)
    await expect.poll(() => page.getByRole('status').getByText('Draft saved').isVisible()).toBe(true)
    await expect
      .poll(async () =>
        (await posts()).map((p) => [p.caption, p.status, p.socialAccountId, p.mediaUrls.map((m) => m.altText)]),
      )
      .toEqual([[TEXT, 'draft', channelId, ['A sack of green coffee beans']]])
    await expectAccessible(page, 'composer')
    await screenshot(page, 'publish-composer')
  })

  it('schedules it a minute ahead with "Schedule for…"', async () => {
    const now = new Date()
    // At least 30 s ahead, so the clicks below never pick a time that has passed.
    const target = new Date(now.getTime() + (now.getUTCSeconds() < 30 ? 60_000 : 120_000))
    target.setUTCSeconds(0, 0)
    // Hours typed as a 24-hour clock: the picker follows Settings → Appearance → Time format.
    await call('updatePreferences', { timeFormat: '24h' })
    await page.getByRole('button', { name: 'More ways to share' }).click()
    await page.getByRole('menuitem', { name: 'Schedule for…' }).click()
    await page.getByRole('dialog').getByLabel('Date').click()
    const day = target.getUTCDate()
    await page.locator(`button[data-today]`).first().waitFor()
    if (target.getUTCDate() !== now.getUTCDate())
      throw new Error('the minute ahead is tomorrow; run again after midnight')
    await page.locator('button[data-today]').first().click()
    await page.getByLabel('Hours').fill(String(target.getUTCHours()).padStart(2, '0'))
    await page.getByLabel('Minutes').fill(String(target.getUTCMinutes()).padStart(2, '0'))
    await screenshot(page, 'publish-schedule-for')
    await page.getByRole('button', { name: 'Schedule', exact: true }).click()
    await expect.poll(() => page.getByRole('tab', { name: 'Queue', selected: true }).isVisible()).toBe(true)
    const [post] = await posts()
    expect(post?.status).toBe('scheduled')
    expect(post?.scheduledAt && new Date(post.scheduledAt).toISOString()).toBe(target.toISOString())
    expect(new Date(post!.scheduledAt!).getUTCDate()).toBe(day)
  })

  it('shows it in the queue and on the calendar, week and month', async () => {
    await expect.poll(() => page.getByRole('region', { name: 'Queue' }).getByText(TEXT).isVisible()).toBe(true)
    await expect.poll(() => page.getByRole('heading', { name: 'Today', level: 2 }).isVisible()).toBe(true)
    await expectAccessible(page, 'queue')
    await screenshot(page, 'publish-queue')

    await page.getByRole('tab', { name: 'Calendar' }).click()
    const chip = page.getByRole('button', { name: new RegExp(`Acme Sandbox: ${TEXT.slice(0, 20)}`) })
    await expect.poll(() => chip.isVisible()).toBe(true)
    await chip.scrollIntoViewIfNeeded()
    await expectAccessible(page, 'calendar (week)')
    await screenshot(page, 'publish-calendar-week')
    await page.getByText('Month', { exact: true }).click()
    await expect.poll(() => chip.isVisible()).toBe(true)
    await expectAccessible(page, 'calendar (month)')
    await screenshot(page, 'publish-calendar-month')
    await inDark('/publish', 'queue', (p) => p.getByText(TEXT).first().waitFor())
    await inDark('/publish', 'calendar-week', async (p) => {
      await p.getByRole('tab', { name: 'Calendar' }).click()
      await p.getByRole('button', { name: new RegExp(`Acme Sandbox: ${TEXT.slice(0, 20)}`) }).waitFor()
    })
    await inDark('/publish', 'calendar-month', async (p) => {
      await p.getByRole('tab', { name: 'Calendar' }).click()
      await p.getByText('Month', { exact: true }).click()
      await p.getByRole('button', { name: new RegExp(`Acme Sandbox: ${TEXT.slice(0, 20)}`) }).waitFor()
    })
  })

  it('is published by the loop at its time and listed in Sent with a working link', async () => {
    await expect.poll(async () => (await posts())[0]?.status, { timeout: 100_000, interval: 1_000 }).toBe('published')
    const [post] = await posts()
    expect(post?.platformUrl).toMatch(/^sandbox:\/\//)

    await page.getByRole('tab', { name: 'Sent' }).click()
    await expect.poll(() => page.getByRole('region', { name: 'Published' }).getByText(TEXT).isVisible()).toBe(true)
    await expectAccessible(page, 'sent')
    await screenshot(page, 'publish-sent')
    await inDark('/publish', 'sent-tab', async (p) => {
      await p.getByRole('tab', { name: 'Sent' }).click()
      await p.getByText(TEXT).first().waitFor()
    })

    await page.getByRole('link', { name: 'View post' }).click()
    await expect.poll(() => page.url()).toContain(`#/sandbox/${orgId}/${channelId}`)
    await expect.poll(() => page.getByText(TEXT).first().isVisible()).toBe(true)
    await screenshot(page, 'publish-sandbox-feed')
  })

  it('adds two posts to the queue, reorders them from the keyboard, and drags one on the calendar', async () => {
    for (const text of ['First in line', 'Second in line']) {
      await go(page, '/publish/compose')
      await page.getByLabel('Text', { exact: true }).fill(text)
      // The sole connected channel is preselected.
      await expect.poll(() => page.getByRole('checkbox', { name: /Acme Sandbox/ }).isChecked()).toBe(true)
      if (text === 'First in line') {
        // With no channel chosen, the composer says so instead of scheduling.
        await page.locator('label', { hasText: 'Acme Sandbox' }).click()
        await page.getByLabel('Text', { exact: true }).press('Control+Enter')
        await expect
          .poll(() => page.getByRole('alert').getByText('Choose at least one channel to publish to.').isVisible())
          .toBe(true)
        await page.locator('label', { hasText: 'Acme Sandbox' }).click()
      }
      // Ctrl+Enter is Add to queue.
      await page.getByLabel('Text', { exact: true }).press('Control+Enter')
      await expect.poll(() => page.getByRole('tab', { name: 'Queue', selected: true }).isVisible()).toBe(true)
    }
    const queued = async () =>
      (await call<Post[]>('listPosts', { orgId, statuses: ['scheduled'], order: 'schedule' })).map((p) => [
        p.caption,
        p.scheduledAt,
      ])
    const [first, second] = (await queued()) as [string, string][]
    const firstSlot = first![1]
    const secondSlot = second![1]
    expect(await queued()).toEqual([
      ['First in line', firstSlot],
      ['Second in line', secondSlot],
    ])

    await page.getByLabel('Channel', { exact: true }).click()
    await page.getByRole('option', { name: /Acme Sandbox/ }).click()
    const handles = page.getByRole('button', { name: 'Drag to reorder' })
    await expect.poll(() => handles.count()).toBe(2)
    await handles.first().focus()
    await page.keyboard.press('Space')
    await expect.poll(() => handles.first().getAttribute('aria-pressed')).toBe('true')
    // dnd-kit measures the list after the pick-up and says where the item is in its live region; an arrow pressed
    // before it measured moves nothing, so press again until it says the item is over the second post.
    const ids = (await call<Post[]>('listPosts', { orgId, statuses: ['scheduled'], order: 'schedule' })).map(
      (p) => p.id,
    )
    const liveRegion = page.locator('[id^="DndLiveRegion"]')
    const movedOver = `was moved over droppable area ${ids[1]}`
    for (let attempt = 0; attempt < 10; attempt++) {
      await page.keyboard.press('ArrowDown')
      const over = await expect
        .poll(async () => (await liveRegion.textContent()) ?? '', { timeout: 1000 })
        .toContain(movedOver)
        .then(
          () => true,
          () => false,
        )
      if (over) break
    }
    expect(await liveRegion.textContent()).toContain(movedOver)
    await screenshot(page, 'publish-queue-reordering')
    await page.keyboard.press('Space')
    // They trade slots: the order is the order of the times.
    await expect.poll(queued).toEqual([
      ['Second in line', firstSlot],
      ['First in line', secondSlot],
    ])

    // On the calendar, the later one moves an hour in its week (the hour cell), keeping its minutes.
    await page.getByRole('tab', { name: 'Calendar' }).click()
    const at = new Date(secondSlot!)
    const chip = page.getByRole('button', { name: /First in line/ })
    for (let i = 0; i < 3; i++) {
      // The week's posts may still be loading on a busy machine: wait a little before turning the page.
      const shown = await expect
        .poll(() => chip.isVisible(), { timeout: 2000 })
        .toBe(true)
        .then(
          () => true,
          () => false,
        )
      if (shown) break
      await page.getByRole('button', { name: 'Next week' }).click()
    }
    // In the middle of the view, so the drag does not scroll the grid on its way.
    await chip.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    const later = at.getUTCHours() < 23
    const hour = later ? at.getUTCHours() + 1 : 22
    // The week grid runs row by row, an hour's label and then its seven days: eight along is the same day an hour on.
    const targetCell = chip.locator(later ? 'xpath=../following-sibling::*[8]' : 'xpath=../preceding-sibling::*[8]')
    const from = (await chip.boundingBox())!
    const to = (await targetCell.boundingBox())!
    await page.mouse.move(from.x + 10, from.y + from.height / 2)
    await page.mouse.down()
    await page.mouse.move(from.x + 20, from.y + from.height / 2 + 10, { steps: 4 })
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 })
    await page.mouse.up()
    const moved = new Date(at)
    moved.setUTCHours(hour)
    await expect
      .poll(async () => (await queued()).find(([caption]) => caption === 'First in line')?.[1])
      .toBe(moved.toISOString())
    await screenshot(page, 'publish-calendar-week-moved')
  })

  it('edits a queued post in the composer: Save changes keeps its time, unchecking its channel asks first', async () => {
    const second = async () =>
      (await call<Post[]>('listPosts', { orgId, statuses: ['scheduled'] })).find((p) =>
        p.caption.startsWith('Second in line'),
      )
    const before = await second()
    await page.getByRole('tab', { name: 'Queue' }).click()
    const card = page.getByRole('article', { name: /Second in line/ })
    await card.getByRole('link', { name: 'Edit' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Edit post', level: 1 }).isVisible()).toBe(true)
    await expect.poll(() => page.getByLabel('Text', { exact: true }).inputValue()).toBe('Second in line')
    expect(await page.getByRole('button', { name: 'Add to queue' }).count()).toBe(0)

    // Unchecking the channel would delete its scheduled post: the composer asks, and "Keep it" keeps it.
    await page.locator('label', { hasText: 'Acme Sandbox' }).click()
    const dialog = page.getByRole('dialog', { name: 'Remove Acme Sandbox?' })
    await expect.poll(() => dialog.getByText(/removes its post scheduled for/).isVisible()).toBe(true)
    await expectAccessible(page, 'composer (remove a scheduled channel?)')
    await screenshot(page, 'publish-composer-remove-channel')
    await dialog.getByRole('button', { name: 'Keep it' }).click()
    await expect.poll(() => page.getByRole('checkbox', { name: /Acme Sandbox/ }).isChecked()).toBe(true)

    await page.getByLabel('Text', { exact: true }).fill('Second in line, now with oat milk')
    // The edit is held until Save changes: the queued post is unchanged meanwhile.
    await expect.poll(() => page.getByText('Unsaved changes', { exact: true }).isVisible()).toBe(true)
    expect((await second())?.caption).toBe('Second in line')
    await page.getByRole('button', { name: 'More ways to share' }).click()
    await expect.poll(() => page.getByRole('menuitem', { name: 'Add to queue' }).isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await screenshot(page, 'publish-composer-edit')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => page.getByRole('tab', { name: 'Queue', selected: true }).isVisible()).toBe(true)
    const edited = await second()
    expect([edited?.caption, edited?.status, edited?.scheduledAt]).toEqual([
      'Second in line, now with oat milk',
      'scheduled',
      before!.scheduledAt,
    ])
  })

  it('opens the post view with its channel, time and status', async () => {
    const post = (await posts()).find((p) => p.status === 'published')
    await go(page, `/publish/post/${post!.id}`)
    await expect.poll(() => page.getByRole('heading', { name: 'Post', level: 1 }).isVisible()).toBe(true)
    await expect.poll(() => page.getByText('Published', { exact: true }).first().isVisible()).toBe(true)
    await expect.poll(() => page.getByText(TEXT, { exact: true }).isVisible()).toBe(true)
    await expectAccessible(page, 'post view')
    await screenshot(page, 'publish-post')
    await inDark(`/publish/post/${post!.id}`, 'post', (p) => p.getByText(TEXT, { exact: true }).waitFor())
    await inDark('/publish/compose', 'composer', (p) => p.getByLabel('Text', { exact: true }).waitFor())
  })

  it('lists a failed post in Sent with its reason, and Retry now publishes it', async () => {
    const post = (await posts()).find((p) => p.caption === 'First in line')!
    // As the loop leaves a post the platform refused.
    const db = core.ctx.dbs.org(orgId).$client
    db.prepare(
      `UPDATE schedule_jobs SET status = 'failed', last_error = 'The Sandbox was down for maintenance.' WHERE post_id = ? AND status = 'pending'`,
    ).run(post.id)
    db.prepare(`UPDATE posts SET status = 'failed' WHERE id = ?`).run(post.id)
    await go(page, '/publish')
    await page.reload()
    await page.getByRole('tab', { name: 'Sent' }).click()
    const card = page
      .getByRole('region', { name: 'Needs your attention' })
      .getByRole('article', { name: /First in line/ })
    await expect.poll(() => card.getByText('The Sandbox was down for maintenance.').isVisible()).toBe(true)
    await expectAccessible(page, 'sent (failed)')
    await screenshot(page, 'publish-sent-failed')
    await card.getByRole('button', { name: 'Retry now' }).click()
    await expect
      .poll(async () => (await posts()).find((p) => p.id === post.id)?.status, { timeout: 30_000, interval: 500 })
      .toBe('published')
    await expect.poll(() => card.isVisible()).toBe(false)
  })
})

/** One desktop of a team (see two-apps.ts), on the page's time zone and opened at its address. */
async function startTeamDevice(): Promise<Device> {
  const device = await startDevice(browser, {
    viewport: { width: 1280, height: 860 },
    colorScheme: 'light',
    timezoneId: 'UTC',
  })
  await device.page.goto(device.host.url)
  return device
}

const ok = <T>(device: Device, method: string, input: unknown) => callCore<T>(device.core, method, input)

describe('a contributor’s post passing through approval, in an organization that syncs', () => {
  const PASSWORD = 'correct horse battery'
  const ASKED = 'Can we announce the Huila beans today?'
  const RESENT = 'The Huila beans are here: come taste them today ☕'
  let server: TestServer
  let serverUrl: string
  let ana: Device
  let ben: Device
  let teamOrgId: string
  let teamChannelId: string

  beforeAll(async () => {
    ;({ server, url: serverUrl } = await startRealTimeServer())
    ana = await startTeamDevice()
    ben = await startTeamDevice()
    // Accounts, the organization on the server, the channel and the invitation are set up through the API; the
    // approval itself goes through the UI.
    await ok(ana, 'createProfile', { name: 'Ana Ruiz', email: 'ana@example.com' })
    teamOrgId = (await ok<{ id: string }>(ana, 'createOrganization', { name: 'Acme Coffee', timezone: 'UTC' })).id
    await ok(ana, 'connectServer', { serverUrl, email: 'ana@example.com', password: PASSWORD, mode: 'signup' })
    await ok(ana, 'attachOrganization', { orgId: teamOrgId })
    teamChannelId = (
      await ok<{ id: string }>(ana, 'connectChannel', { orgId: teamOrgId, platform: 'sandbox', name: 'Acme Sandbox' })
    ).id
    const { code } = await ok<{ code: string }>(ana, 'createInvitation', { orgId: teamOrgId, role: 'contributor' })
    await ok(ben, 'createProfile', { name: 'Ben Ortiz', email: 'ben@example.com' })
    await ok(ben, 'connectServer', { serverUrl, email: 'ben@example.com', password: PASSWORD, mode: 'signup' })
    await ok(ben, 'joinOrganization', { code })
    // Ben's device learns of the channel from sync.
    for (let i = 0; i < 150 && (await ok<unknown[]>(ben, 'listChannels', { orgId: teamOrgId })).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await ben.page.reload()
    await ana.page.reload()
  })
  afterAll(async () => {
    await ana?.close()
    await ben?.close()
    await server?.close()
  })

  const benPosts = () => ok<Post[]>(ben, 'listPosts', { orgId: teamOrgId, limit: 100 })

  it('lets the contributor ask to share now: the post waits for approval', async () => {
    const page = ben.page
    await expect.poll(() => page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
    await page.getByRole('link', { name: 'Create post' }).click()
    // The sole connected channel is preselected.
    await expect.poll(() => page.getByRole('checkbox', { name: /Acme Sandbox/ }).isChecked()).toBe(true)
    await page.getByLabel('Text', { exact: true }).fill(ASKED)
    await expect.poll(() => page.getByRole('button', { name: 'Send for approval' }).isVisible()).toBe(true)
    await expectAccessible(page, 'composer (contributor)')
    await screenshot(page, 'publish-composer-contributor')
    await page.getByRole('button', { name: 'More ways to share' }).click()
    await page.getByRole('menuitem', { name: 'Ask to share now' }).click()
    await expect.poll(() => page.getByText('Sent for approval').first().isVisible()).toBe(true)
    expect((await benPosts()).map((p) => [p.caption, p.status])).toEqual([[ASKED, 'needs_approval']])
  })

  it('lets the approver reject it with a comment, which the contributor sees', async () => {
    const page = ana.page
    await page.getByRole('tab', { name: /Approvals/ }).click()
    const card = page.getByRole('article', { name: new RegExp(ASKED.slice(0, 20)) })
    await expect.poll(() => card.isVisible(), { timeout: 15_000 }).toBe(true)
    await expectAccessible(page, 'approvals (approver)')
    await screenshot(page, 'publish-approvals')
    await card.getByRole('button', { name: 'Reject…' }).click()
    await page.getByLabel('What should change?').fill('Say what makes them special, and add the coffee emoji.')
    await page.getByRole('button', { name: 'Reject', exact: true }).click()
    await expect.poll(() => card.isVisible()).toBe(false)

    await ben.page.getByRole('navigation').getByRole('link', { name: 'Publish' }).click()
    await ben.page.getByRole('tab', { name: /Approvals/ }).click()
    await expect
      .poll(() => ben.page.getByText('Say what makes them special, and add the coffee emoji.').isVisible(), {
        timeout: 15_000,
      })
      .toBe(true)
    await expectAccessible(ben.page, 'approvals (contributor, rejected)')
    await screenshot(ben.page, 'publish-approvals-rejected')
  })

  it('lets the contributor edit and resend, and the approver approve: it is published on the server’s feed', async () => {
    const page = ben.page
    await page.getByRole('link', { name: 'Edit and resend' }).click()
    await expect.poll(() => page.getByLabel('Text', { exact: true }).inputValue()).toBe(ASKED)
    await page.getByLabel('Text', { exact: true }).fill(RESENT)
    await page.getByRole('button', { name: 'More ways to share' }).click()
    await page.getByRole('menuitem', { name: 'Ask to share now' }).click()
    await expect
      .poll(async () => (await benPosts()).map((p) => [p.caption, p.status]))
      .toEqual([[RESENT, 'needs_approval']])

    await ana.page.getByRole('tab', { name: /Approvals/ }).click()
    const card = ana.page.getByRole('article', { name: new RegExp(RESENT.slice(0, 20)) })
    await expect.poll(() => card.isVisible(), { timeout: 15_000 }).toBe(true)
    await card.getByRole('button', { name: 'Approve' }).click()

    await expect.poll(async () => (await benPosts())[0]?.status, { timeout: 60_000, interval: 1_000 }).toBe('published')
    const [post] = await benPosts()
    const feed = await fetch(`${serverUrl}/sandbox/${teamChannelId}`).then((r) => r.text())
    expect(feed).toContain('The Huila beans are here')

    await go(page, `/publish/post/${post!.id}`)
    await expect.poll(() => page.getByText(/Approved by Ana Ruiz/).isVisible()).toBe(true)
    await expect.poll(() => page.getByText(/Changes requested by Ana Ruiz/).isVisible()).toBe(true)
    await expectAccessible(page, 'post view with approvals')
    await screenshot(page, 'publish-post-approvals')
  })
})
