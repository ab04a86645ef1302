/**
 * Pictures where people look (issue 10, feature 2), end to end in Chromium: a desktop in browser mode on the real
 * core and scheduling loop, its org on the real sync server. A post with a picture (and a video) is scheduled, and
 * another with the picture is published to the Sandbox; each screen shows the picture itself, loaded: the queue
 * card, the calendar chip, Sent, the in-app Sandbox feed, and the server's public Sandbox page, with its text's
 * link and its time in the channel's zone. Axe in light and dark; screenshots in screenshots/.
 */
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Post } from '../../src-shared/entities/models'
import type { TestServer } from '../helpers/sync-server'
import { gradientPng } from '../helpers/png'
import { CHROMIUM_ARGS, expectAccessible, screenshot } from './browser'
import { call, startDevice, startRealTimeServer, type Device } from './two-apps'

const ALT = 'A flat white on the counter'
const SCHEDULED = 'Latte art class on Saturday, sign up at https://example.com/latte'
const PUBLISHED = 'Fresh beans from Huila <3 & more: https://example.com/huila'
const CLIP = 'Watch the roast, start to finish'
const ZONE = 'Europe/Paris'
const CONTEXT = { viewport: { width: 1280, height: 900 }, timezoneId: ZONE }

let server: TestServer
let serverUrl: string
let browser: Browser
let ana: Device
let orgId: string
let channelId: string

const ok = <T>(method: string, input: unknown) => call<T>(ana.core, method, input)
const posts = () => ok<Post[]>('listPosts', { orgId, limit: 100 })

const go = (page: Page, hash: string) =>
  page.evaluate((to) => {
    ;(globalThis as unknown as { location: { hash: string } }).location.hash = to
  }, hash)

/**
 * The image has arrived and decoded: a picture, not a placeholder or a broken image. The locator may first find the
 * placeholder (a `role="img"` span with the same name), which the picture then replaces, so each try finds it anew.
 */
async function expectLoaded(image: Locator) {
  await expect
    .poll(() =>
      image
        .evaluate(
          (node) => {
            const element = node as unknown as { scrollIntoView(): void; tagName: string }
            element.scrollIntoView()
            const img = node as unknown as { complete: boolean; naturalWidth: number }
            return element.tagName === 'IMG' && img.complete ? img.naturalWidth : 0
          },
          undefined,
          { timeout: 1_000 },
        )
        .catch(() => 0),
    )
    .toBe(120)
}

beforeAll(async () => {
  ;({ server, url: serverUrl } = await startRealTimeServer())
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  ana = await startDevice(browser, { ...CONTEXT, colorScheme: 'light' })
  await ok('createProfile', { name: 'Ana Ruiz', email: 'ana@example.com' })
  orgId = (await ok<{ id: string }>('createOrganization', { name: 'Acme Coffee', timezone: ZONE })).id
  await ok('connectServer', { serverUrl, email: 'ana@example.com', password: 'correct horse battery', mode: 'signup' })
  await ok('attachOrganization', { orgId })
  channelId = (await ok<{ id: string }>('connectChannel', { orgId, platform: 'sandbox', name: 'Acme Sandbox' })).id
  const image = await ok('importMedia', {
    orgId,
    fileName: 'flat-white.png',
    mimeType: 'image/png',
    data: gradientPng(120, 80).toString('base64'),
    altText: ALT,
  })
  // A video the post names but that is not kept: its tile is the video icon either way.
  const video = { url: `media:${'c'.repeat(64)}.mp4`, type: 'video', mimeType: 'video/mp4' }
  // Two hours ahead, on the minute: in this week's calendar unless that is next week already.
  const at = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 60_000) * 60_000).toISOString()
  const later = await ok<Post>('createDraft', {
    orgId,
    caption: SCHEDULED,
    socialAccountId: channelId,
    mediaUrls: [image],
  })
  await ok('schedulePost', { orgId, postId: later.id, when: { kind: 'at', at } })
  const clip = await ok<Post>('createDraft', { orgId, caption: CLIP, socialAccountId: channelId, mediaUrls: [video] })
  await ok('schedulePost', { orgId, postId: clip.id, when: { kind: 'at', at } })
  const now = await ok<Post>('createDraft', {
    orgId,
    caption: PUBLISHED,
    socialAccountId: channelId,
    mediaUrls: [image],
  })
  await ok('schedulePost', { orgId, postId: now.id, when: { kind: 'now' } })
  // The loop publishes it through the server's Sandbox (a poll: expect.poll belongs in a test).
  for (let i = 0; i < 120 && (await posts()).find((p) => p.id === now.id)?.status !== 'published'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  await ana.page.goto(ana.host.url)
  await ana.page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
})
afterAll(async () => {
  await ana?.close()
  await browser?.close()
  await server?.close()
})

/** A fresh page of the app in `scheme`, opened at `hash`. */
async function appPage(scheme: 'light' | 'dark', hash: string): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ ...CONTEXT, colorScheme: scheme })
  const page = await context.newPage()
  await page.goto(ana.host.url)
  await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
  await go(page, hash)
  return { page, close: () => context.close() }
}

const card = (page: Page, text: string) => page.getByRole('article', { name: new RegExp(text.slice(0, 24)) })

/** Each screen in light and dark: the picture loaded, axe clean, photographed. */
async function inBothSchemes(name: string, hash: string, check: (page: Page) => Promise<void>) {
  for (const scheme of ['light', 'dark'] as const) {
    const { page, close } = await appPage(scheme, hash)
    try {
      await check(page)
      await expectAccessible(page, `${name} (${scheme})`)
      await screenshot(page, `thumbs-${name}-${scheme}`)
    } finally {
      await close()
    }
  }
}

describe('a post’s pictures', () => {
  it('show on its queue card, with the alt text, and a video as its icon', async () => {
    await inBothSchemes('queue', '#/publish', async (page) => {
      await page.getByRole('tab', { name: 'Queue' }).click()
      const queued = card(page, SCHEDULED)
      await expectLoaded(queued.getByRole('img', { name: ALT }))
      await expect.poll(() => queued.getByRole('list', { name: '1 attachment' }).isVisible()).toBe(true)
      const clip = card(page, CLIP).getByRole('img', { name: 'Video, no description' })
      await expect.poll(() => clip.isVisible()).toBe(true)
      expect(await clip.locator('svg').count()).toBe(1)
    })
  })

  it('show on the calendar chip, week and month', async () => {
    for (const view of ['Week', 'Month'] as const) {
      await inBothSchemes(`calendar-${view.toLowerCase()}`, '#/publish', async (page) => {
        await page.getByRole('tab', { name: 'Calendar' }).click()
        if (view === 'Month') await page.getByText('Month', { exact: true }).click()
        const chip = page.getByRole('button', { name: new RegExp(`${SCHEDULED.slice(0, 20)}.*, 1 attachment`) })
        if (view === 'Week' && !(await chip.isVisible())) {
          // Two hours ahead fell in next week (a late Sunday).
          await page.getByRole('button', { name: 'Next week' }).click()
        }
        await expectLoaded(chip.locator('img'))
      })
    }
  })

  it('show in Sent', async () => {
    await inBothSchemes('sent', '#/publish', async (page) => {
      await page.getByRole('tab', { name: 'Sent' }).click()
      await expectLoaded(card(page, PUBLISHED).getByRole('img', { name: ALT }))
    })
  })

  it('show on the in-app Sandbox feed', async () => {
    await inBothSchemes('sandbox-feed', `#/sandbox/${orgId}/${channelId}`, async (page) => {
      const post = page.getByRole('article', { name: 'Post from Acme Sandbox' })
      await expect.poll(() => post.getByText(PUBLISHED).isVisible()).toBe(true)
      await expectLoaded(post.getByRole('img', { name: ALT }))
    })
  })

  it('show on the server’s public Sandbox page, with the link and the time in the channel’s zone', async () => {
    const [published] = (await posts()).filter((p) => p.caption === PUBLISHED)
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ ...CONTEXT, colorScheme: scheme })
      const page = await context.newPage()
      try {
        const response = await page.goto(`${serverUrl}/sandbox/${channelId}`)
        expect(response?.status()).toBe(200)
        await page.getByRole('heading', { name: 'Acme Sandbox on Sandbox', level: 1 }).waitFor()
        const post = page.locator(`article[id="${published!.platformPostId}"]`)
        await expect.poll(() => post.getByText('Fresh beans from Huila <3 & more:').isVisible()).toBe(true)
        expect(await post.getByRole('link', { name: 'https://example.com/huila' }).getAttribute('href')).toBe(
          'https://example.com/huila',
        )
        // Paris: GMT+1 in winter, GMT+2 in summer.
        await expect
          .poll(() => post.locator('time').innerText())
          .toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d\d [AP]M GMT\+[12]$/)
        await expect.poll(() => page.getByText('Times are in Europe/Paris').isVisible()).toBe(true)
        await expectLoaded(post.getByRole('img', { name: ALT }))
        await expectAccessible(page, `public Sandbox page (${scheme})`)
        await screenshot(page, `thumbs-public-page-${scheme}`)
      } finally {
        await context.close()
      }
    }
  })
})
