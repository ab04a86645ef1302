/**
 * A thread on the Sandbox feeds (issue 10, feature 3), end to end in Chromium: a desktop in browser mode on the real
 * core, its org on the real sync server, publishes a thread of three and its first comment through the adapter's
 * publishThread and reply, between lone posts. The in-app feed and the server's public page show it as one card,
 * its posts in order and joined, the lone posts on their own; a link to a part scrolls to it. Axe in light and
 * dark; screenshots in screenshots/.
 */
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { adapterFor } from '../../src-main/platforms/adapters'
import type { TestServer } from '../helpers/sync-server'
import { publishSandboxThread, sandboxSession, type PublishedThread } from '../helpers/sandbox-thread'
import { CHROMIUM_ARGS, expectAccessible, screenshot } from './browser'
import { call, startDevice, startRealTimeServer, type Device } from './two-apps'

const PARTS = [
  'How we roast, a thread 1/3',
  'We start at 6 with the Huila beans, 14 minutes at 200°C 2/3',
  'By noon the shop smells of it, and the first bags are sealed 3/3',
]
const COMMENT = 'Open roastery tickets: https://example.com/roast'
const LATER = ['Closed on Monday', 'New cups in the shop', 'Oat milk is back', 'Saturday: latte art class']
const CONTEXT = { viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Paris' }

let server: TestServer
let serverUrl: string
let browser: Browser
let ana: Device
let orgId: string
let channelId: string
let thread: PublishedThread

const ok = <T>(method: string, input: unknown) => call<T>(ana.core, method, input)
const postIds = () => [...thread.parts, thread.comment!].map((r) => r.platformPostId)

beforeAll(async () => {
  ;({ server, url: serverUrl } = await startRealTimeServer())
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  ana = await startDevice(browser, { ...CONTEXT, colorScheme: 'light' })
  await ok('createProfile', { name: 'Ana Ruiz', email: 'ana@example.com' })
  orgId = (await ok<{ id: string }>('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })).id
  await ok('connectServer', { serverUrl, email: 'ana@example.com', password: 'correct horse battery', mode: 'signup' })
  await ok('attachOrganization', { orgId })
  channelId = (await ok<{ id: string }>('connectChannel', { orgId, platform: 'sandbox', name: 'Acme Sandbox' })).id
  // The server shows the channel's name on its page once the channel has synced.
  await ana.core.sync.syncNow(orgId)
  const adapter = adapterFor(ana.core.ctx, orgId, 'sandbox', channelId)
  const session = sandboxSession(ana.core.ctx, orgId, channelId)
  await adapter.publish(session, { text: 'Open at 7 tomorrow' }, { idempotencyKey: uuidv7() })
  thread = await publishSandboxThread(ana.core.ctx, orgId, channelId, { parts: PARTS, firstComment: COMMENT })
  // Enough later posts that the thread starts below the fold, so a link to its part has to scroll.
  for (const text of LATER) await adapter.publish(session, { text }, { idempotencyKey: uuidv7() })
})
afterAll(async () => {
  await ana?.close()
  await browser?.close()
  await server?.close()
})

/** A fresh page in `scheme`: the app opened at `hash`, or any address. */
async function openPage(scheme: 'light' | 'dark', open: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ ...CONTEXT, colorScheme: scheme })
  const page = await context.newPage()
  await open(page)
  return { page, close: () => context.close() }
}

const go = (page: Page, hash: string) =>
  page.evaluate((to) => {
    ;(globalThis as unknown as { location: { hash: string } }).location.hash = to
  }, hash)

const openApp = (hash: string) => async (page: Page) => {
  await page.goto(ana.host.url)
  await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
  await go(page, hash)
}

/** Whether the element is wholly inside the viewport. */
const inView = (element: Locator) =>
  element.evaluate((node) => {
    const box = (
      node as unknown as { getBoundingClientRect(): { top: number; bottom: number } }
    ).getBoundingClientRect()
    return box.top >= 0 && box.bottom <= (globalThis as unknown as { innerHeight: number }).innerHeight
  })

/** The ids of the articles inside `scope`, in document order. */
const articleIds = (scope: Locator) =>
  scope.locator('article').evaluateAll((nodes) => nodes.map((n) => (n as unknown as { id: string }).id))

describe('a thread on the Sandbox', () => {
  it('shows in the in-app feed as one card, its posts in order, and a link to a part scrolls to it', async () => {
    const [, , third] = postIds()
    for (const scheme of ['light', 'dark'] as const) {
      const { page, close } = await openPage(scheme, openApp(`#/sandbox/${orgId}/${channelId}`))
      try {
        const card = page.getByRole('group', { name: 'Thread from Acme Sandbox' })
        await expect.poll(() => card.getByText(COMMENT).isVisible()).toBe(true)
        expect(await articleIds(card)).toEqual(postIds().map((id) => `post-${id}`))
        const labels = await card
          .locator('article')
          .evaluateAll((nodes) =>
            nodes.map((n) => (n as unknown as { getAttribute(a: string): string }).getAttribute('aria-label')),
          )
        expect(labels).toEqual([1, 2, 3, 4].map((n) => `Post ${n} of 4 in a thread from Acme Sandbox`))
        expect(await card.getByText('2 of 4 in this thread').isVisible()).toBe(true)
        // The lone posts stay cards of their own, outside the thread.
        expect(await page.getByRole('article', { name: 'Post from Acme Sandbox' }).count()).toBe(LATER.length + 1)
        expect(await card.getByText(LATER[0]!).count()).toBe(0)
        await expectAccessible(page, `Sandbox feed with a thread (${scheme})`)
        await card.scrollIntoViewIfNeeded()
        await screenshot(page, `thread-feed-app-${scheme}`)

        // Sent's "View post" for the third part: the feed opens scrolled to it, the part marked.
        await go(page, '#/channels')
        await page.getByRole('heading', { name: 'Channels', level: 1 }).waitFor()
        await go(page, `#/sandbox/${orgId}/${channelId}/posts/${third}`)
        const part = page.locator(`article[id="post-${third}"]`)
        await expect.poll(() => part.getAttribute('data-linked')).toBe('true')
        await expect.poll(() => inView(part)).toBe(true)
        await expectAccessible(page, `Sandbox feed linked to a part (${scheme})`)
        await screenshot(page, `thread-feed-app-linked-${scheme}`)
      } finally {
        await close()
      }
    }
  })

  it('shows on the server’s public page as one card, and a part’s link lands on it', async () => {
    const [, second] = postIds()
    for (const scheme of ['light', 'dark'] as const) {
      const { page, close } = await openPage(scheme, async (p) => {
        const response = await p.goto(`${serverUrl}/sandbox/${channelId}#${second}`)
        expect(response?.status()).toBe(200)
      })
      try {
        await page.getByRole('heading', { name: 'Acme Sandbox on Sandbox', level: 1 }).waitFor()
        const card = page.locator('li.thread')
        expect(await card.count()).toBe(1)
        expect(await articleIds(card)).toEqual(postIds())
        expect(await card.getByRole('link', { name: 'https://example.com/roast' }).isVisible()).toBe(true)
        expect(await page.locator('li:not(.thread) > article').count()).toBe(LATER.length + 1)
        // The address's anchor: the second part is in view, outlined as the target.
        const part = page.locator(`article[id="${second}"]`)
        await expect.poll(() => inView(part)).toBe(true)
        expect(await part.evaluate((n) => (n as unknown as { matches(s: string): boolean }).matches(':target'))).toBe(
          true,
        )
        // The line joining the avatars is drawn for every post but the last.
        const lines = await card.locator('article').evaluateAll((nodes) => {
          const view = globalThis as unknown as { getComputedStyle(n: unknown, pseudo: string): { content: string } }
          return nodes.map((n) => view.getComputedStyle(n, '::after').content)
        })
        expect(lines).toEqual(['""', '""', '""', 'none'])
        await expectAccessible(page, `public Sandbox page with a thread (${scheme})`)
        await screenshot(page, `thread-feed-public-${scheme}`)
      } finally {
        await close()
      }
    }
  })
})
