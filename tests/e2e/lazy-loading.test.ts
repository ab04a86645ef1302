/**
 * The renderer loads only what the screen needs: Chromium's own requests,
 * recorded, are exactly the files the bench computes from the build's
 * manifest for the first screen (first run, then Publish once signed in),
 * and a module's chunk arrives only when its screen is opened.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIRST_SCREENS, loadedFiles, readManifest } from '../bench/bundle'
import { repoRoot } from '../helpers/core'
import { startApp, type App } from './browser'

const rendererDir = join(repoRoot, 'out', 'renderer')
// Browser mode builds window.api itself; the desktop's preload makes this file unnecessary there.
const BROWSER_MODE = ['platform/web-bridge.ts']

let app: App
let page: Page
/** Every script the page asked for, as a path in the renderer folder. */
let requested: string[] = []

beforeAll(async () => {
  app = await startApp()
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } })
  page = await context.newPage()
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.origin === app.host.origin && url.pathname.endsWith('.js')) requested.push(url.pathname.slice(1))
  })
})
afterAll(() => app?.close())

const expected = (lazyModules: readonly string[]) => loadedFiles(rendererDir, [...BROWSER_MODE, ...lazyModules]).sort()
const scripts = () => [...new Set(requested)].sort()

describe('what the renderer loads', () => {
  it('loads the shell and the welcome screen on first run, and no module besides', async () => {
    await page.goto(app.host.url)
    await expect.poll(() => page.getByLabel('Your name').isVisible()).toBe(true)
    await expect.poll(scripts).toEqual(expected(FIRST_SCREENS['first run (welcome)']))
    expect(requested.length, 'each file once').toBe(scripts().length)
  })

  it('loads the shell and the Publish module for someone signed in', async () => {
    await page.getByLabel('Your name').fill('Ana Ruiz')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByLabel('Organization name').fill('Acme Coffee')
    await page.getByRole('button', { name: 'Create organization' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)

    requested = []
    await page.reload()
    await expect.poll(() => page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
    await expect.poll(scripts).toEqual(expected(FIRST_SCREENS['signed in (Publish)']))
  })

  it("fetches a module's chunk when its screen is opened, not before", async () => {
    const engage = readManifest(rendererDir)['app/modules/engage.ts']!.file
    expect(scripts()).not.toContain(engage)
    await page.getByRole('navigation').getByRole('link', { name: 'Engage' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Engage', level: 1 }).isVisible()).toBe(true)
    const withEngage = expected([...FIRST_SCREENS['signed in (Publish)'], 'app/modules/engage.ts'])
    await expect.poll(scripts).toEqual(withEngage)
  })
})
