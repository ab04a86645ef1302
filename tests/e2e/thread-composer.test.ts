/**
 * A thread and a first comment end to end, in Chromium on the real core: a long text for Bluesky is split into
 * numbered parts as Bluesky counts them, a part is edited, one added and removed by keyboard, a first comment
 * written, each previewed as replies under the post, and the post scheduled with them; opened again (dark) it
 * has them back; and a split thread merges back into one text. Checked with axe and photographed, light and dark.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Post } from '../../src-shared/entities/models'
import { countGraphemes } from '../../src-shared/platforms/adapter'
import { addChannel, dailySchedule } from '../helpers/channel-rows'
import type { TestCore } from '../helpers/core'
import { CHROMIUM_ARGS, expectAccessible } from './browser'
import { call as callCore, startDevice, type Device } from './two-apps'

const shots = process.env.SHOTS_DIR ?? '/work/shots/thread-composer'

let browser: Browser
let ana: Device
let page: Page
let orgId: string

const call = <T>(method: string, input: unknown) => callCore<T>(ana.core, method, input)

const go = (target: Page, hash: string) =>
  target.evaluate((to) => {
    ;(globalThis as unknown as { location: { hash: string } }).location.hash = to
  }, hash)

/** The composer, tall enough to hold the thread: the page's own scrolling header spoils full-page shots. */
const shoot = async (target: Page, name: string) => {
  mkdirSync(shots, { recursive: true })
  await target.setViewportSize({ width: 1280, height: 1500 })
  await target.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded()
  await target.screenshot({ path: join(shots, `${name}.png`) })
  await target.setViewportSize({ width: 1280, height: 900 })
}

/** Which element has focus, by its label's text or its own. */
const focused = (target: Page) =>
  target.evaluate(() => {
    const { document } = globalThis as unknown as {
      document: { activeElement: { getAttribute(n: string): string | null; textContent: string | null } | null }
    }
    return document.activeElement?.getAttribute('data-thread-part') ?? document.activeElement?.textContent ?? null
  })

const text = (target: Page) => target.getByLabel('Text', { exact: true })
const part = (target: Page, n: number, of: number) =>
  target.getByRole('textbox', { name: `Part ${n} of ${of}`, exact: true })
const preview = (target: Page) => target.getByRole('article', { name: /Preview on Bluesky/ })

const url = 'https://www.example.com/blog/2026/the-huila-harvest-is-here'
const sentences = [
  'Our Huila harvest is here and it tastes of red apple, panela and a little jasmine. 🍎',
  'We roasted it light so the fruit stays bright; it shines as a pour-over and surprises as an espresso.',
  `The farm story, with photos from the washing station, is on our blog: ${url}`,
  'Cupping this Saturday at ten, free entry, bring a friend who thinks coffee is bitter. ☕️',
  'Bags are 250 g, whole bean or ground for your brewer, and the first fifty come with a postcard from Pitalito.',
  'Thank you to the Muñoz family for three years of working together. 👨‍👩‍👧‍👦',
]
const long = sentences.join(' ')

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  ana = await startDevice(browser, { viewport: { width: 1280, height: 900 }, colorScheme: 'light', timezoneId: 'UTC' })
  page = ana.page
  await call('createProfile', { name: 'Ana Ruiz', email: 'ana@example.com' })
  orgId = (await call<{ id: string }>('createOrganization', { name: 'Acme Coffee', timezone: 'UTC' })).id
  const writer = { ctx: ana.core.ctx, clock: { now: () => new Date() } } as unknown as TestCore
  addChannel(writer, orgId, {
    platform: 'bluesky',
    username: 'acme.bsky.social',
    schedule: dailySchedule('UTC', ['09:00', '15:00']),
  })
  await page.goto(ana.host.url)
  await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
})
afterAll(async () => {
  await ana?.close()
  await browser?.close()
})

describe('a thread and a first comment in the composer', () => {
  it('splits a long text as Bluesky counts it, edits the parts, adds a first comment and schedules them', async () => {
    await go(page, '/publish/compose')
    await expect.poll(() => page.getByRole('checkbox', { name: /acme\.bsky\.social/ }).isChecked()).toBe(true)
    // A short text offers no thread; nothing about it is in the way.
    await text(page).fill('Short and sweet.')
    expect(await page.getByRole('button', { name: 'Split into a thread' }).count()).toBe(0)
    await text(page).fill(long)
    await expect.poll(() => page.getByText('Longer than Bluesky allows.', { exact: false }).isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Split into a thread' }).click()

    const heading = page.getByRole('heading', { name: /^Thread · \d+ parts$/ })
    await expect.poll(() => heading.isVisible()).toBe(true)
    const total = Number((await heading.textContent())!.match(/(\d+) parts/)![1])
    expect(total).toBeGreaterThan(2)
    // Focus went into part 2; every part is within 300 graphemes with its marker, the web address whole.
    await expect.poll(() => focused(page)).toBe('2')
    const values = [await text(page).inputValue()]
    for (let n = 2; n <= total; n++) values.push(await part(page, n, total).inputValue())
    values.forEach((v, i) => {
      expect(countGraphemes(v)).toBeLessThanOrEqual(300)
      expect(v.endsWith(` (${i + 1}/${total})`)).toBe(true)
    })
    expect(values.filter((v) => v.includes(url))).toHaveLength(1)
    expect(values.join(' ')).toContain('👨‍👩‍👧‍👦')

    // Edit part 2: its counter and the preview follow.
    await part(page, 2, total).fill(`Roasted light, so the fruit stays bright. (2/${total})`)
    const reply2 = preview(page).getByRole('listitem', { name: `Part 2 of ${total}` })
    await expect.poll(() => reply2.textContent()).toContain('Roasted light, so the fruit stays bright.')
    await expect
      .poll(() =>
        page
          .getByText(/^2\d\d characters left$/)
          .first()
          .isVisible(),
      )
      .toBe(true)

    // Add a part by keyboard: focus goes into it, the markers count it; then remove it by keyboard.
    await page.getByRole('button', { name: 'Add a part' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toBe(String(total + 1))
    expect(await part(page, 2, total + 1).inputValue()).toMatch(new RegExp(`\\(2/${total + 1}\\)$`))
    await page.keyboard.type('   ')
    // An empty part says so at once, beside it.
    await page.getByRole('button', { name: `Remove part ${total + 1}` }).focus()
    await expect
      .poll(() => page.getByText(`Part ${total + 1} is empty: write something or remove it.`).count())
      .toBeGreaterThan(0)
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toBe(String(total))
    expect(await part(page, 2, total).inputValue()).toMatch(new RegExp(`\\(2/${total}\\)$`))

    // A first comment, with its own counter, previewed under the thread.
    const comment = 'Tickets for Saturday: https://www.example.com/cupping'
    await page.getByRole('textbox', { name: 'First comment' }).fill(comment)
    await expect.poll(() => page.getByText(/character(s)? left\.$/).isVisible()).toBe(true)
    const commentPreview = preview(page).getByRole('group', { name: 'First comment' })
    await expect.poll(() => commentPreview.textContent()).toContain('Tickets for Saturday')
    await expect.poll(() => preview(page).getByRole('listitem').count()).toBe(total - 1)

    // Too long a comment is named as the first comment, beside it and in the channel's checks.
    await page.getByRole('textbox', { name: 'First comment' }).fill('x'.repeat(305))
    const tooLong = 'The first comment is too long by 5 characters (305 of 300).'
    await expect.poll(() => page.getByText(tooLong).count()).toBe(2)
    await page.getByRole('textbox', { name: 'First comment' }).fill(comment)
    await expect.poll(() => page.getByText(tooLong).count()).toBe(0)

    await expect.poll(() => page.getByRole('status').getByText('Draft saved').isVisible()).toBe(true)
    await expectAccessible(page, 'composer with a thread and a first comment')
    await shoot(page, 'thread-composer-light')
    await page.getByRole('region', { name: 'Preview' }).scrollIntoViewIfNeeded()
    await page.getByRole('region', { name: 'Preview' }).screenshot({ path: join(shots, 'thread-preview-light.png') })

    const draft = (await call<Post[]>('listPosts', { orgId, status: 'draft' })).find((p) => p.threadParts.length)!
    expect(draft.threadParts).toHaveLength(total - 1)

    // Opened again in dark mode, the draft has its thread and comment back.
    const dark = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: 'dark',
      timezoneId: 'UTC',
    })
    const darkPage = await dark.newPage()
    await darkPage.goto(ana.host.url)
    await darkPage.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
    await go(darkPage, `/publish/compose/${draft.id}`)
    await expect.poll(() => part(darkPage, 2, total).inputValue()).toContain('Roasted light')
    expect(await darkPage.getByRole('textbox', { name: 'First comment' }).inputValue()).toBe(comment)
    await expectAccessible(darkPage, 'composer with a thread and a first comment (dark)')
    await shoot(darkPage, 'thread-composer-dark')
    await darkPage.getByRole('region', { name: 'Preview' }).screenshot({ path: join(shots, 'thread-preview-dark.png') })
    await dark.close()

    await page.getByRole('button', { name: 'Add to queue' }).click()
    await expect.poll(() => page.getByRole('tab', { name: 'Queue', selected: true }).isVisible()).toBe(true)
    const scheduled = await call<Post>('getPost', { orgId, postId: draft.id })
    expect(scheduled.status).toBe('scheduled')
    expect(scheduled.firstComment).toBe(comment)
    expect(scheduled.threadParts[0]!.text).toBe(`Roasted light, so the fruit stays bright. (2/${total})`)
    expect(scheduled.threadParts).toHaveLength(total - 1)
    expect(scheduled.caption.endsWith(`(1/${total})`)).toBe(true)

    // The post's own screen shows all that goes out, for the approver too.
    await go(page, `/publish/post/${draft.id}`)
    const thread = page.getByRole('region', { name: /^Thread · / })
    await expect.poll(() => thread.getByRole('listitem').count()).toBe(total - 1)
    expect(await thread.getByRole('listitem').first().textContent()).toContain('Roasted light')
    expect(await page.getByRole('region', { name: 'First comment' }).textContent()).toContain('Tickets for Saturday')
    await expectAccessible(page, 'post screen with a thread and a first comment')
    await shoot(page, 'thread-post-screen-light')
  })

  it('merges a split thread back into one text, focus on it', async () => {
    await go(page, '/publish')
    await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
    await go(page, '/publish/compose')
    await expect.poll(() => page.getByRole('heading', { name: 'Create a post', level: 1 }).isVisible()).toBe(true)
    await text(page).fill(long)
    await page.getByRole('button', { name: 'Split into a thread' }).click()
    await expect.poll(() => page.getByRole('heading', { name: /^Thread · / }).isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Merge back into one post' }).click()
    await expect.poll(() => page.getByRole('heading', { name: /^Thread · / }).count()).toBe(0)
    expect(await text(page).inputValue()).toBe(long)
    await expect.poll(() => focused(page)).toBe('1')
    expect(await preview(page).getByRole('listitem').count()).toBe(0)

    // A short text can go on in a thread too, started by hand: part 2 is new and empty, focus in it.
    await text(page).fill('Roast day tomorrow.')
    await page.getByRole('button', { name: 'Continue in a thread' }).click()
    await expect.poll(() => focused(page)).toBe('2')
    await page.keyboard.type('Doors open at 9.')
    await expect.poll(() => preview(page).getByRole('listitem').count()).toBe(1)
    await page.getByRole('button', { name: 'Merge back into one post' }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Continue in a thread' }).isVisible()).toBe(true)
  })
  it('shares a thread and its first comment now, and the Sandbox feed shows them in order, each once', async () => {
    const sandbox = await call<{ id: string }>('connectChannel', { orgId, platform: 'sandbox', name: 'Acme Sandbox' })
    await go(page, '/publish')
    await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
    await go(page, '/publish/compose')
    await expect.poll(() => page.getByRole('heading', { name: 'Create a post', level: 1 }).isVisible()).toBe(true)
    const bluesky = page.getByRole('checkbox', { name: /acme\.bsky\.social/ })
    if (await bluesky.isChecked()) await page.locator('label', { hasText: 'acme.bsky.social' }).click()
    const practice = page.getByRole('checkbox', { name: /Acme Sandbox/ })
    if (!(await practice.isChecked())) await page.locator('label', { hasText: 'Acme Sandbox' }).click()
    await expect.poll(() => practice.isChecked()).toBe(true)
    expect(await bluesky.isChecked()).toBe(false)
    await text(page).fill(long)
    await page.getByRole('button', { name: 'Split into a thread' }).click()
    const heading = page.getByRole('heading', { name: /^Thread · \d+ parts$/ })
    await expect.poll(() => heading.isVisible()).toBe(true)
    const total = Number((await heading.textContent())!.match(/(\d+) parts/)![1])
    const comment = 'Tickets for Saturday: https://www.example.com/cupping'
    await page.getByRole('textbox', { name: 'First comment' }).fill(comment)
    const values = [await text(page).inputValue()]
    for (let n = 2; n <= total; n++) values.push(await part(page, n, total).inputValue())
    await page.getByRole('button', { name: 'More ways to share' }).click()
    await page.getByRole('menuitem', { name: 'Share now' }).click()
    // The composer closes to Publish once the post is placed.
    await expect.poll(() => page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)

    // The loop publishes the post, then each part, then the comment; the feed shows them as one thread.
    const published = async () =>
      (await call<Post[]>('listPosts', { orgId, limit: 100 })).find(
        (p) => p.socialAccountId === sandbox.id && p.status === 'published',
      )
    await expect.poll(async () => (await published())?.followUps.length ?? 0, { timeout: 20_000 }).toBe(total)
    type Feed = { text: string; thread?: { text: string }[] }[]
    const feed = () => call<Feed>('listSandboxFeed', { orgId, channelId: sandbox.id, limit: 100 })
    await expect.poll(async () => (await feed())[0]?.thread?.length ?? 0, { timeout: 20_000 }).toBe(total)
    await go(page, `/sandbox/${orgId}/${sandbox.id}`)
    const thread = page.getByRole('group', { name: 'Thread from Acme Sandbox' })
    await expect.poll(() => thread.getByRole('article').count(), { timeout: 20_000 }).toBe(total + 1)
    const shown = await thread.getByRole('article').allTextContents()
    values.forEach((value, i) => expect(shown[i]).toContain(value.slice(0, 40)))
    expect(shown[total]).toContain('Tickets for Saturday')
    expect(await page.getByRole('article').count()).toBe(total + 1)
    await expectAccessible(page, 'Sandbox feed with a published thread')
    await shoot(page, 'thread-published-feed-light')
  })
})
