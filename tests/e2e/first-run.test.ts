/**
 * A new user's first minutes: create a local profile and an organization
 * with no server, visit every screen (each checked with axe), see which
 * secret store Settings reports, and write a first draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, screenshot, startApp, type App } from './browser'

let app: App
let page: Page

beforeAll(async () => {
  app = await startApp()
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })
  page = await context.newPage()
})
afterAll(() => app?.close())

const SCREENS = ['Publish', 'Engage', 'Analyze', 'Start Page', 'Settings'] as const

describe('first run in browser mode', () => {
  it('creates a profile and a first organization without any server', async () => {
    await page.goto(app.host.url)
    await expect.poll(() => page.getByLabel('Your name').isVisible()).toBe(true)
    await expectAccessible(page, 'welcome')
    await screenshot(page, 'first-run-1-welcome')
    // The token left the address bar once the page took it.
    expect(page.url()).not.toContain('token=')

    await page.getByLabel('Your name').fill('Ana Ruiz')
    await page.getByLabel('Email').fill('ana@example.com')
    await page.getByRole('button', { name: 'Continue' }).click()

    await page.getByLabel('Organization name').fill('Acme Coffee')
    await expectAccessible(page, 'create organization')
    await screenshot(page, 'first-run-2-organization')
    await page.getByRole('button', { name: 'Create organization' }).click()

    await expect.poll(() => page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
    const orgs = await app.core.ok('listOrganizations', {})
    expect(orgs.map((o) => [o.name, o.role])).toEqual([['Acme Coffee', 'owner']])
    await screenshot(page, 'publish-empty')
  })

  it('reaches every screen from the sidebar, each accessible', async () => {
    for (const screen of SCREENS) {
      await page.getByRole('navigation').getByRole('link', { name: screen }).click()
      await expect.poll(() => page.getByRole('heading', { name: screen, level: 1 }).isVisible()).toBe(true)
      await expectAccessible(page, screen)
      await screenshot(page, `screen-${screen.toLowerCase().replace(' ', '-')}`)
    }
  })

  it('shows in Settings which secret store keeps the data key', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click()
    const info = await app.core.ok('getAppInfo', {})
    expect(info.secretStore.kind).toBe('key-file')
    await expect.poll(() => page.getByText(/Secrets are stored in/).isVisible()).toBe(true)
    await expect.poll(() => page.getByText('Key file', { exact: true }).first().isVisible()).toBe(true)
  })

  it('saves a draft from Publish and lists it under Drafts', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Publish' }).click()
    await page.getByRole('tab', { name: /Drafts/ }).click()
    await page.getByRole('link', { name: 'New draft' }).click()
    await page.getByLabel('Text', { exact: true }).fill('Our autumn blend is back on Friday ☕')
    await expect.poll(() => page.getByText('Draft saved').isVisible()).toBe(true)
    await page.getByRole('link', { name: /^Close/ }).click()
    await page.getByRole('tab', { name: /Drafts/ }).click()
    await expect.poll(() => page.getByText('Our autumn blend is back on Friday ☕').isVisible()).toBe(true)
    const [orgId] = app.core.ctx.dbs.listOrgIds()
    const drafts = await app.core.ok('listPosts', { orgId: orgId!, status: 'draft' })
    expect(drafts.map((d) => d.caption)).toEqual(['Our autumn blend is back on Friday ☕'])
    await screenshot(page, 'publish-drafts')
  })

  it('stays accessible in the dark theme', async () => {
    const dark = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' })
    const darkPage = await dark.newPage()
    await darkPage.goto(app.host.url)
    await expect.poll(() => darkPage.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
    await expectAccessible(darkPage, 'Publish (dark)')
    await screenshot(darkPage, 'publish-dark')
    await dark.close()
  })
})
