/**
 * The Ideas board and Bulk upload end to end in Chromium, on the real core in browser mode: add ideas, edit
 * one with a picture, group them by tag, delete one after the confirm, and make one a post, which opens the
 * composer on the new draft. Then a CSV with bad rows is checked row by row (each reason shown, nothing
 * written, Schedule disabled), and the fixed file with its media file schedules every row. Axe in light and
 * dark; screenshots in screenshots/.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Idea } from '../../src-shared/api/ideas'
import type { Post } from '../../src-shared/entities/models'
import { expectAccessible, screenshot, startApp, type App } from './browser'

// A 1×1 PNG: media is checked by its bytes, not its name.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

let app: App
let context: BrowserContext
let page: Page
let orgId: string

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await app.core.dispatch(method, input)
  if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`)
  return result.value as T
}
const ideas = () => call<Idea[]>('listIdeas', { orgId })
const posts = () => call<Post[]>('listPosts', { orgId, limit: 100 })

const go = (target: Page, hash: string) =>
  target.evaluate((to) => {
    ;(globalThis as unknown as { location: { hash: string } }).location.hash = to
  }, hash)

beforeAll(async () => {
  app = await startApp()
  await call('createProfile', { name: 'Ana Ruiz', email: 'ana@example.com' })
  orgId = (await call<{ id: string }>('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })).id
  await call('connectChannel', { orgId, platform: 'sandbox', name: 'Acme Sandbox' })
  context = await app.browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
    timezoneId: 'UTC',
  })
  page = await context.newPage()
  await page.goto(app.host.url)
  await page.getByRole('heading', { name: 'Publish', level: 1 }).waitFor()
})
afterAll(async () => {
  await context?.close()
  await app?.close()
})

/** The same screen in the dark theme: checked with axe and photographed. */
async function inDark(name: string, ready: (page: Page) => Promise<unknown>) {
  const dark = await app.browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: 'dark',
    timezoneId: 'UTC',
  })
  const darkPage = await dark.newPage()
  await darkPage.goto(app.host.url)
  await expect.poll(() => darkPage.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
  await ready(darkPage)
  await expectAccessible(darkPage, `${name} (dark)`)
  await screenshot(darkPage, `${name}-dark`)
  await dark.close()
}

const board = (p: Page) => p.getByRole('region', { name: 'Ideas' })
const card = (p: Page, text: string) => board(p).getByRole('article', { name: new RegExp(`^Idea: ${text}`) })

describe('the Ideas board', () => {
  it('adds ideas with tags, edits one with a picture, and groups them by tag', async () => {
    await page.getByRole('tab', { name: 'Ideas' }).click()
    await expect.poll(() => page.getByText('No ideas yet').isVisible()).toBe(true)
    for (const [text, tag] of [
      ['Latte art reel', 'video'],
      ['Meet the roaster', 'team'],
      ['Saturday cupping', 'video'],
    ]) {
      await page.getByLabel('New idea').fill(text!)
      await page.getByRole('combobox', { name: 'Tags' }).fill(tag!)
      await page.getByRole('combobox', { name: 'Tags' }).press('Enter')
      await page.getByRole('button', { name: 'Add idea' }).click()
      await expect.poll(() => card(page, text!).isVisible()).toBe(true)
    }
    expect((await ideas()).map((i) => [i.text, i.tags])).toEqual([
      ['Saturday cupping', ['video']],
      ['Meet the roaster', ['team']],
      ['Latte art reel', ['video']],
    ])

    await card(page, 'Latte art reel').getByRole('button', { name: 'Edit' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit idea' })
    await dialog.getByLabel('Idea', { exact: true }).fill('Latte art reel, slow motion')
    await dialog
      .getByLabel('Add images or video')
      .setInputFiles({ name: 'latte.png', mimeType: 'image/png', buffer: PNG })
    await dialog.getByLabel('Alt text for latte.png').fill('A rosetta in a cup')
    await expectAccessible(page, 'idea editor')
    await screenshot(page, 'ideas-edit')
    await dialog.getByRole('button', { name: 'Save idea' }).click()
    await expect.poll(() => dialog.isVisible()).toBe(false)
    await expect
      .poll(() =>
        card(page, 'Latte art reel, slow motion').getByRole('img', { name: 'A rosetta in a cup' }).isVisible(),
      )
      .toBe(true)

    await page.getByLabel('Group by tag').check()
    await expect.poll(() => board(page).getByRole('region', { name: 'Tag video' }).getByRole('article').count()).toBe(2)
    await expect.poll(() => board(page).getByRole('region', { name: 'Tag team' }).getByRole('article').count()).toBe(1)
    await expectAccessible(page, 'ideas board')
    await screenshot(page, 'ideas-board')
    await inDark('ideas-board', async (p) => {
      await p.getByRole('tab', { name: 'Ideas' }).click()
      await card(p, 'Latte art reel').getByRole('img', { name: 'A rosetta in a cup' }).waitFor()
    })
  })

  it('deletes an idea after the confirm', async () => {
    await card(page, 'Meet the roaster').getByRole('button', { name: 'Delete' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete this idea?' })
    await expect.poll(() => confirm.isVisible()).toBe(true)
    await confirm.getByRole('button', { name: 'Keep it' }).click()
    expect((await ideas()).map((i) => i.text)).toContain('Meet the roaster')
    await card(page, 'Meet the roaster').getByRole('button', { name: 'Delete' }).click()
    await confirm.getByRole('button', { name: 'Delete' }).click()
    await expect.poll(async () => (await ideas()).map((i) => i.text)).not.toContain('Meet the roaster')
    await expect.poll(() => card(page, 'Meet the roaster').count()).toBe(0)
  })

  it('makes an idea a post in one step, opening the composer on the new draft', async () => {
    await card(page, 'Latte art reel').getByRole('button', { name: 'Create post' }).click()
    await expect.poll(() => page.getByRole('heading', { name: /post/i, level: 1 }).first().isVisible()).toBe(true)
    const [draft] = await posts()
    expect(draft).toMatchObject({ caption: 'Latte art reel, slow motion', status: 'draft', tags: ['video'] })
    expect(draft!.mediaUrls.map((m) => m.altText)).toEqual(['A rosetta in a cup'])
    await expect.poll(() => page.url()).toContain(`#/publish/compose/${draft!.id}`)
    await expect.poll(() => page.getByLabel('Text', { exact: true }).inputValue()).toBe('Latte art reel, slow motion')
    await screenshot(page, 'ideas-to-composer')
    expect((await ideas()).map((i) => i.text)).toEqual(['Saturday cupping'])
  })
})

describe('Bulk upload', () => {
  const csvFile = (text: string) => ({ name: 'posts.csv', mimeType: 'text/csv', buffer: Buffer.from(text) })
  const BAD = [
    'text,channel,time,media,tags',
    'Spring menu is here,Acme Sandbox,queue,,menu',
    'Doors open at 9,Acme Tea,queue,,',
    'Latte art,Acme Sandbox,tomorrow,latte.png,',
  ].join('\n')
  const GOOD = [
    'text,channel,time,media,tags',
    'Spring menu is here,Acme Sandbox,queue,,menu',
    'Doors open at 9,Acme Sandbox,2030-05-04 09:00,,',
    'Latte art,Acme Sandbox,queue,latte.png,',
  ].join('\n')

  it('shows each bad row’s reason and writes nothing; the fixed file schedules every row', async () => {
    await go(page, '#/publish')
    await page.getByRole('button', { name: 'Bulk upload' }).click()
    const dialog = page.getByRole('dialog', { name: 'Bulk upload' })
    await expect.poll(() => dialog.getByRole('button', { name: 'Download the template' }).isVisible()).toBe(true)
    const download = page.waitForEvent('download')
    await dialog.getByRole('button', { name: 'Download the template' }).click()
    expect((await download).suggestedFilename()).toBe('bulk-upload-template.csv')

    const before = (await posts()).length
    await dialog.locator('input[type=file]').first().setInputFiles(csvFile(BAD))
    await expect.poll(() => dialog.getByText('2 rows need fixing').isVisible()).toBe(true)
    await expect
      .poll(() => dialog.getByText('Row 3: There is no channel “Acme Tea”; use one of Acme Sandbox.').isVisible())
      .toBe(true)
    await expect.poll(() => dialog.getByText(/^Row 4: “tomorrow” is not a time/).isVisible()).toBe(true)
    await expect.poll(() => dialog.getByText(/^Row 4: No file called “latte.png”/).isVisible()).toBe(true)
    expect(await dialog.getByRole('button', { name: /^Schedule/ }).isDisabled()).toBe(true)
    expect((await posts()).length).toBe(before)
    await expectAccessible(page, 'bulk upload with bad rows')
    await screenshot(page, 'bulk-upload-bad-rows')

    await dialog
      .locator('input[type=file]')
      .nth(1)
      .setInputFiles({ name: 'latte.png', mimeType: 'image/png', buffer: PNG })
    await dialog.locator('input[type=file]').first().setInputFiles(csvFile(GOOD))
    await expect.poll(() => dialog.getByText('All 3 rows are ready').isVisible()).toBe(true)
    await screenshot(page, 'bulk-upload-ready')
    await dialog.getByRole('button', { name: 'Schedule 3 posts' }).click()
    await expect.poll(() => dialog.isVisible()).toBe(false)
    const scheduled = (await posts()).filter((p) => p.status === 'scheduled')
    expect(scheduled.map((p) => p.caption).sort()).toEqual(['Doors open at 9', 'Latte art', 'Spring menu is here'])
    expect(scheduled.find((p) => p.caption === 'Latte art')!.mediaUrls.map((m) => m.fileName)).toEqual(['latte.png'])
    // 09:00 in Paris (summer time, UTC+2).
    expect(scheduled.find((p) => p.caption === 'Doors open at 9')!.scheduledAt).toBe('2030-05-04T07:00:00.000Z')
    await expect.poll(() => page.getByRole('tab', { name: 'Queue', selected: true }).isVisible()).toBe(true)
  })

  it('passes axe in dark with its rows checked', async () => {
    await inDark('bulk-upload-bad-rows', async (p) => {
      await p.getByRole('button', { name: 'Bulk upload' }).click()
      const dialog = p.getByRole('dialog', { name: 'Bulk upload' })
      await dialog.locator('input[type=file]').first().setInputFiles(csvFile(BAD))
      await dialog.getByText('2 rows need fixing').waitFor()
    })
  })
})
