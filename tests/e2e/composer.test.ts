/**
 * The one composer end to end, in Chromium on the real core (system clock): the sole channel preselected and
 * previewed as you type; Drafts' "New draft" and a calendar slot opening the same composer; an edit of a scheduled
 * post held until Save changes (Discard puts it back, a reload keeps it); and each chosen network's preview —
 * links, mentions and tags as that network links them, images as it crops them, its "show more" fold — checked
 * with axe and photographed in light and dark.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src-main/core/create-core'
import { startWebHost, type WebHost } from '../../src-main/host/web/server'
import { KeyFileStore } from '../../src-main/secrets/key-file-store'
import type { Post } from '../../src-shared/entities/models'
import { addChannel } from '../helpers/channel-rows'
import { makeTempDir, migrationsDir, repoRoot, type TestCore } from '../helpers/core'
import { call as callCore } from './two-apps'
import { CHROMIUM_ARGS, expectAccessible, screenshot, screenshotsDir } from './browser'
import { onePixelPng } from '../helpers/png'

// A 1×1 PNG: media is checked by its bytes, not its name.
const PNG = onePixelPng()

let dataDir: string
let core: Core
let host: WebHost
let browser: Browser
let context: BrowserContext
let page: Page
let orgId: string
let sandboxId: string

const call = <T>(method: string, input: unknown) => callCore<T>(core, method, input)

const post = async (postId: string) => call<Post>('getPost', { orgId, postId })

/** Moves the page to an in-app address, as a link would (this target has no DOM types). */
const go = (target: Page, hash: string) =>
  target.evaluate((to) => {
    ;(globalThis as unknown as { location: { hash: string } }).location.hash = to
  }, hash)

/** One part of the page, photographed whole however tall it is. */
const shoot = (part: Locator, name: string) => part.screenshot({ path: join(screenshotsDir, `${name}.png`) })

const text = (target: Page) => target.getByLabel('Text', { exact: true })
const preview = (target: Page, name: RegExp) => target.getByRole('article', { name })

beforeAll(async () => {
  dataDir = makeTempDir()
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
  await call('createProfile', { name: 'Ana Ruiz', email: 'ana@example.com' })
  orgId = (await call<{ id: string }>('createOrganization', { name: 'Acme Coffee', timezone: 'UTC' })).id
  sandboxId = (await call<{ id: string }>('connectChannel', { orgId, platform: 'sandbox', name: 'Acme Sandbox' })).id
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
    timezoneId: 'UTC',
  })
  page = await context.newPage()
  await page.goto(host.url)
  await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
})
afterAll(async () => {
  await context?.close()
  await browser?.close()
  await host?.close()
  core?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the one composer', () => {
  it('preselects the sole channel, checks only it, and previews its post as you type', async () => {
    await page.getByRole('link', { name: 'Create post' }).click()
    await expect.poll(() => page.getByRole('checkbox', { name: /Acme Sandbox/ }).isChecked()).toBe(true)
    await text(page).fill('Fresh beans on Friday')
    const sandbox = preview(page, /Preview on Sandbox: Acme Sandbox/)
    await expect.poll(() => sandbox.textContent()).toContain('Fresh beans on Friday')
    await text(page).fill('Fresh beans on Friday, and oat milk too')
    await expect.poll(() => sandbox.textContent()).toContain('Fresh beans on Friday, and oat milk too')
    // Checks for the chosen channel only: no Bluesky or Mastodon box for a post that goes to neither.
    expect(await page.getByRole('region', { name: /checks$/ }).count()).toBe(1)
    await expect.poll(() => page.getByRole('region', { name: 'Acme Sandbox checks' }).isVisible()).toBe(true)
  })

  it('opens the same composer from Drafts’ New draft; the Publish header has no second editor', async () => {
    await go(page, '/publish')
    await expect.poll(() => page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: 'New draft' }).count()).toBe(0)
    await page.getByRole('tab', { name: /Drafts/ }).click()
    await page.getByRole('link', { name: 'New draft' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Create a post', level: 1 }).isVisible()).toBe(true)
    expect(await page.getByLabel('Caption').count()).toBe(0)
    await text(page).fill('An idea for the autumn menu')
    await expect.poll(() => page.getByRole('status').getByText('Draft saved').isVisible()).toBe(true)
    await page.getByRole('link', { name: /^Close/ }).click()
    await page.getByRole('tab', { name: /Drafts/ }).click()
    await expect
      .poll(() => page.getByRole('region', { name: 'Drafts' }).getByText('An idea for the autumn menu').isVisible())
      .toBe(true)
  })

  it('opens the composer for the time of an empty calendar slot, and schedules for it', async () => {
    await page.getByRole('tab', { name: 'Calendar' }).click()
    await page.getByRole('button', { name: 'Next week' }).click()
    const slot = page.getByRole('group', { name: /, 10:00 AM$/ }).first()
    const label = (await slot.getAttribute('aria-label'))!
    await slot.click()
    await expect.poll(() => page.getByRole('heading', { name: 'Create a post', level: 1 }).isVisible()).toBe(true)
    const main = page.getByRole('button', { name: /^Schedule for / })
    await expect.poll(() => main.isVisible()).toBe(true)
    await text(page).fill('Cupping at ten')
    await main.click()
    await expect.poll(() => page.getByRole('tab', { name: 'Queue', selected: true }).isVisible()).toBe(true)
    const scheduled = (await call<Post[]>('listPosts', { orgId, statuses: ['scheduled'] })).find(
      (p) => p.caption === 'Cupping at ten',
    )
    const at = new Date(scheduled!.scheduledAt!)
    expect([at.getUTCHours(), at.getUTCMinutes()]).toEqual([10, 0])
    // The slot's day, as the calendar named it.
    expect(label).toContain(String(at.getUTCDate()))
  })

  it('holds an edit of a scheduled post until Save changes; Discard puts it back and a reload keeps it', async () => {
    const draft = await call<Post>('createDraft', {
      orgId,
      caption: 'Huila tasting on Saturday',
      tags: [],
      mediaUrls: [],
      socialAccountId: sandboxId,
      groupId: null,
    })
    const at = new Date(Date.now() + 3 * 86_400_000)
    at.setUTCHours(15, 0, 0, 0)
    await call('schedulePost', { orgId, postId: draft.id, when: { kind: 'at', at: at.toISOString() } })
    const before = await post(draft.id)
    expect(before.status).toBe('scheduled')

    await go(page, `/publish/compose/${draft.id}`)
    await expect.poll(() => text(page).inputValue()).toBe('Huila tasting on Saturday')
    await expect.poll(() => page.getByText(/your edits are kept here, not on the post/).isVisible()).toBe(true)
    await text(page).fill('Huila tasting on Saturday, 3 pm')
    await expect.poll(() => page.getByRole('status').getByText('Unsaved changes').isVisible()).toBe(true)
    await expect.poll(() => preview(page, /Preview on Sandbox/).textContent()).toContain('Saturday, 3 pm')
    // Well past the drafts' autosave delay, the post is as it was.
    await page.waitForTimeout(2000)
    expect((await post(draft.id)).caption).toBe('Huila tasting on Saturday')
    expect((await post(draft.id)).updatedAt).toBe(before.updatedAt)
    await screenshot(page, 'composer-held-edit')

    // A reload (or closing the composer) keeps the held edit on this device.
    await page.reload()
    await expect.poll(() => text(page).inputValue()).toBe('Huila tasting on Saturday, 3 pm')
    await expect.poll(() => page.getByText('Your unsaved changes are back').isVisible()).toBe(true)
    await expectAccessible(page, 'composer (held edit restored)')

    await page.getByRole('button', { name: 'Discard changes' }).click()
    await expect.poll(() => text(page).inputValue()).toBe('Huila tasting on Saturday')
    await expect.poll(() => page.getByRole('status').getByText('No changes yet').isVisible()).toBe(true)
    await page.reload()
    await expect.poll(() => text(page).inputValue()).toBe('Huila tasting on Saturday')
    expect((await post(draft.id)).caption).toBe('Huila tasting on Saturday')

    await text(page).fill('Huila tasting on Saturday at 3 pm, free entry')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => page.getByRole('tab', { name: 'Queue', selected: true }).isVisible()).toBe(true)
    const saved = await post(draft.id)
    expect([saved.caption, saved.status, saved.scheduledAt]).toEqual([
      'Huila tasting on Saturday at 3 pm, free entry',
      'scheduled',
      before.scheduledAt,
    ])
    // Saved: nothing is held any more.
    await go(page, `/publish/compose/${draft.id}`)
    await expect.poll(() => text(page).inputValue()).toBe('Huila tasting on Saturday at 3 pm, free entry')
    expect(await page.getByText('Your unsaved changes are back').count()).toBe(0)
  })

  it('previews each chosen network: its links, mentions and tags, its image crops and its fold', async () => {
    const writer = { ctx: core.ctx, clock: { now: () => new Date() } } as unknown as TestCore
    addChannel(writer, orgId, { platform: 'bluesky', username: 'acme.bsky.social' })
    addChannel(writer, orgId, { platform: 'mastodon', username: 'acme@mastodon.social' })
    await page.reload()
    await go(page, '/publish/compose')
    await expect.poll(() => page.getByRole('checkbox', { name: /acme\.bsky\.social/ }).count()).toBe(1)
    // Three channels: none is chosen for you.
    expect(await page.getByRole('checkbox', { checked: true }).count()).toBe(0)
    expect(await page.getByRole('region', { name: /checks$/ }).count()).toBe(0)
    for (const name of [/Acme Sandbox/, /acme\.bsky\.social/, /acme@mastodon\.social/]) {
      await page.locator('label', { hasText: name }).click()
    }
    const url = 'https://www.example.com/blog/2026/the-huila-harvest-is-here'
    await text(page).fill(`New roast with @ben.bsky.social and @ben@coffee.social! ${url} #Coffee`)
    const bluesky = preview(page, /Preview on Bluesky/)
    const mastodon = preview(page, /Preview on Mastodon/)
    const sandbox = preview(page, /Preview on Sandbox/)
    const linked = (article: typeof bluesky) =>
      article
        .locator('[data-kind]')
        .evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-kind'), n.textContent]))
    // Bluesky links what its facets will: the full URL, a handle with a domain, the tag.
    await expect
      .poll(() => linked(bluesky))
      .toEqual([
        ['mention', '@ben.bsky.social'],
        ['link', url],
        ['tag', '#Coffee'],
      ])
    // Mastodon takes a dotted name for a mention too, links remote ones, and shows a link without its scheme, cut
    // at 30 characters.
    await expect
      .poll(() => linked(mastodon))
      .toEqual([
        ['mention', '@ben.bsky.social'],
        ['mention', '@ben@coffee.social'],
        ['link', 'example.com/blog/2026/the-huil…'],
        ['tag', '#Coffee'],
      ])
    // The Sandbox feed shows the text as typed.
    expect(await linked(sandbox)).toEqual([])
    await expect.poll(() => sandbox.textContent()).toContain(url)

    // Three pictures: Bluesky's one-large-two-small grid, Mastodon's 16:9 gallery; the Sandbox names them.
    await page
      .getByLabel('Add images or video')
      .setInputFiles(['a', 'b', 'c'].map((n) => ({ name: `${n}.png`, mimeType: 'image/png', buffer: PNG })))
    await expect.poll(() => bluesky.locator('[data-count="3"] img').count()).toBe(3)
    await expect.poll(() => mastodon.locator('[data-count="3"] img').count()).toBe(3)
    await expect.poll(() => sandbox.getByText('3 images').isVisible()).toBe(true)
    const box = async (article: typeof bluesky) => (await article.locator('[data-count="3"]').boundingBox())!
    const blueskyGrid = await box(bluesky)
    const mastodonGrid = await box(mastodon)
    expect(blueskyGrid.width / blueskyGrid.height).toBeCloseTo(3 / 2, 1)
    expect(mastodonGrid.width / mastodonGrid.height).toBeCloseTo(16 / 9, 1)

    await page.getByRole('heading', { name: 'Previews' }).scrollIntoViewIfNeeded()
    await expectAccessible(page, 'composer with previews')
    await screenshot(page, 'composer-previews')
    await shoot(page.getByRole('region', { name: 'Previews' }), 'composer-previews-panel')

    // A tall post folds behind each network's own "show more"; the Sandbox feed never folds.
    const lines = Array.from({ length: 40 }, (_, i) => `Line ${i + 1}`).join('\n')
    await page.getByRole('tab', { name: /Customize for Bluesky/ }).click()
    await page.getByLabel('Text for acme.bsky.social').fill(lines)
    await page.getByRole('tab', { name: /Customize for Mastodon/ }).click()
    await page.getByLabel('Text for acme@mastodon.social').fill(lines)
    await expect.poll(() => bluesky.getByRole('button', { name: 'Show More' }).isVisible()).toBe(true)
    await expect.poll(() => mastodon.getByRole('button', { name: 'Read more' }).isVisible()).toBe(true)
    expect(await sandbox.getByRole('button').count()).toBe(0)
    await mastodon.getByRole('button', { name: 'Read more' }).click()
    await expect.poll(() => mastodon.getByRole('button', { name: 'Show less' }).isVisible()).toBe(true)
    const dark = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: 'dark',
      timezoneId: 'UTC',
    })
    const darkPage = await dark.newPage()
    await darkPage.goto(host.url)
    await darkPage.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
    await go(darkPage, '/publish/compose')
    await expect.poll(() => darkPage.getByRole('heading', { name: 'Create a post', level: 1 }).isVisible()).toBe(true)
    for (const name of [/Acme Sandbox/, /acme\.bsky\.social/, /acme@mastodon\.social/]) {
      await darkPage.locator('label', { hasText: name }).click()
    }
    await text(darkPage).fill(`New roast with @ben.bsky.social and @ben@coffee.social! ${url} #Coffee`)
    await darkPage
      .getByLabel('Add images or video')
      .setInputFiles(['a', 'b'].map((n) => ({ name: `${n}.png`, mimeType: 'image/png', buffer: PNG })))
    await expect
      .poll(() =>
        preview(darkPage, /Preview on Bluesky/)
          .locator('[data-count="2"] img')
          .count(),
      )
      .toBe(2)
    await darkPage.getByRole('heading', { name: 'Previews' }).scrollIntoViewIfNeeded()
    await expectAccessible(darkPage, 'composer with previews (dark)')
    await screenshot(darkPage, 'composer-previews-dark')
    await shoot(darkPage.getByRole('region', { name: 'Previews' }), 'composer-previews-panel-dark')
    await dark.close()
  })
})
