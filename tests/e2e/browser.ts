/**
 * End-to-end harness: the real core on temporary SQLite files, served by the
 * real browser-mode host, driven by Debian's Chromium through playwright-core.
 */
import AxeBuilder from '@axe-core/playwright'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { startWebHost, type WebHost } from '../../src-main/host/web/server'
import { repoRoot, startTestCore, type TestCore } from '../helpers/core'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const screenshotsDir = join(repoRoot, 'screenshots')

export interface App {
  core: TestCore
  host: WebHost
  browser: Browser
  close(): Promise<void>
}

export async function startApp(): Promise<App> {
  const rendererDir = join(repoRoot, 'out', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('Build the renderer first: npm run build')
  const core = startTestCore()
  // The real clock: the UI shows relative times.
  const host = await startWebHost({ core, rendererDir })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  return {
    core,
    host,
    browser,
    async close() {
      await browser.close()
      await host.close()
      core.dispose()
    },
  }
}

/** The little of the DOM's Animation the check needs (this target has no DOM types). */
interface PageAnimation {
  playState: string
  effect: { getComputedTiming(): { endTime?: number | string } } | null
}

/** Fails with the list of WCAG 2 A/AA violations on the page as it is now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const analyze = () => new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  // Let transitions finish: colours measured mid-transition are not what a person sees.
  // (Endless ones, such as a spinner, are left alone.)
  // A function, not a string: the app's CSP forbids eval, rightly.
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as { document: { getAnimations(): PageAnimation[] } }
    return document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)
  })
  let results = await analyze()
  if (results.violations.length > 0) {
    // A screen still settling (data arriving, a theme switch) is measured again once; a real problem stays.
    await page.waitForTimeout(750)
    results = await analyze()
  }
  const violations = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)} ${n.failureSummary ?? ''}`).join(', ')}`,
  )
  expect(violations, `accessibility violations on ${screen}`).toEqual([])
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true })
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`) })
}
