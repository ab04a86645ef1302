/**
 * Two people on two desktops and the real sync server, all driven through
 * the UI in Chromium: Ana creates an account from Settings → Sync, puts her
 * organization on the server and invites Ben; Ben, on another device (its
 * own core, data folder and browser-mode host), joins with the code, and
 * Ana's next draft appears in his Drafts without a reload. Then the server
 * keeps its version of a change Ben was not allowed to make, and Ben loses
 * access; both are told why.
 */
import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { organizations } from '../../src-main/db/schema/org'
import { recordChange } from '../../src-main/sync/outbox'
import type { TestServer } from '../helpers/sync-server'
import { expectAccessible, screenshot } from './browser'
import { call, startTwoApps, type Device, type TwoApps } from './two-apps'

const PASSWORD = 'correct horse battery'

let apps: TwoApps
let server: TestServer
let serverUrl: string
let browser: Browser
let ana: Device
let ben: Device
let code: string

beforeAll(async () => {
  apps = await startTwoApps({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })
  ;({ server, serverUrl, browser, ana, ben } = apps)
})
afterAll(() => apps?.close())

const indicator = (page: Page) => page.getByRole('banner').getByRole('status')
const syncSection = (page: Page) => page.getByRole('region', { name: 'Sync', exact: true })

async function onboard(page: Page, url: string, name: string, email: string, org: string) {
  await page.goto(url)
  await page.getByLabel('Your name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel('Organization name').fill(org)
  await page.getByRole('button', { name: 'Create organization' }).click()
  await expect.poll(() => page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
}

async function openSettings(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click()
  await expect.poll(() => syncSection(page).isVisible()).toBe(true)
  // Off the navbar, so its shortcut tooltip is not in the screenshots.
  await page.mouse.move(700, 790)
}

async function connect(page: Page, email: string, mode: 'Sign in' | 'Create account') {
  const section = syncSection(page)
  await section.getByText(mode, { exact: true }).first().click()
  await section.getByLabel('Server address').fill(serverUrl)
  await section.getByLabel('Email').fill(email)
  await section.getByLabel(/^Password/).fill(PASSWORD)
  await section.getByRole('button', { name: mode }).click()
}

describe('two devices and the sync server', () => {
  it('says why signing in failed, then creates Ana’s account from Settings', async () => {
    await onboard(ana.page, ana.host.url, 'Ana Ruiz', 'ana@example.com', 'Acme Coffee')
    await expect.poll(() => indicator(ana.page).textContent()).toBe('On this device')
    // The indicator is also the way to where sync is managed.
    await indicator(ana.page).getByRole('link', { name: 'On this device' }).click()
    await expect.poll(() => syncSection(ana.page).isVisible()).toBe(true)
    await expectAccessible(ana.page, 'Settings, not connected to a sync server')

    // No account yet: the server's answer shows in the form, not as a stack trace.
    await connect(ana.page, 'ana@example.com', 'Sign in')
    await expect.poll(() => ana.page.getByText('We couldn’t sign you in').isVisible()).toBe(true)
    await syncSection(ana.page).scrollIntoViewIfNeeded()
    await screenshot(ana.page, 'sync-1-sign-in-failed')

    await connect(ana.page, 'ana@example.com', 'Create account')
    await expect.poll(() => ana.page.getByRole('button', { name: 'Sign out of sync' }).isVisible()).toBe(true)
    await expect.poll(() => syncSection(ana.page).getByText('ana@example.com').isVisible()).toBe(true)
  })

  it('puts Ana’s organization on the server, and the top bar says it is synced', async () => {
    await ana.page.getByRole('button', { name: 'Put this organization on the server' }).click()
    await expect.poll(() => indicator(ana.page).textContent()).toBe('Synced')
    const [org] = await call<{ syncMode: string }[]>(ana.core, 'listOrganizations', {})
    expect(org?.syncMode).toBe('synced')
    await expect.poll(() => syncSection(ana.page).getByText('Changes waiting').isVisible()).toBe(true)
    await expectAccessible(ana.page, 'Settings, synced')
  })

  it('invites an editor with a code and a link that expire', async () => {
    const section = ana.page.getByRole('region', { name: 'Team', exact: true })
    await section.getByLabel('Role', { exact: true }).click()
    await ana.page.getByRole('option', { name: /Contributor/ }).hover()
    await screenshot(ana.page, 'sync-2-roles')
    await ana.page.getByRole('option', { name: /Editor/ }).click()
    await section.getByRole('button', { name: 'Create invitation' }).click()
    await expect.poll(() => section.getByText('Invitation to join Acme Coffee as Editor').isVisible()).toBe(true)
    await expect.poll(() => section.getByText(/It works once and expires on/).isVisible()).toBe(true)
    const link = section.getByText(/\/invite\//)
    code = (await link.textContent())!.split('/invite/')[1]!
    expect(code.length).toBeGreaterThan(20)
    await expect.poll(() => section.getByRole('button', { name: 'Copy invitation code' }).isVisible()).toBe(true)
    await expectAccessible(ana.page, 'Settings, invitation made')
    await section.getByText(/It works once/).scrollIntoViewIfNeeded()
    await screenshot(ana.page, 'sync-3-invitation')
  })

  it('lets Ben join from his own device with the link, as an editor', async () => {
    await onboard(ben.page, ben.host.url, 'Ben Ortiz', 'ben@example.com', 'Ben Studio')
    await openSettings(ben.page)
    await connect(ben.page, 'ben@example.com', 'Create account')
    await expect.poll(() => ben.page.getByRole('button', { name: 'Sign out of sync' }).isVisible()).toBe(true)

    await ben.page.getByLabel('Invitation code').fill(`${serverUrl}/invite/${code}`)
    await ben.page.getByRole('button', { name: 'Join', exact: true }).click()
    await expect.poll(() => ben.page.getByText('You joined “Acme Coffee” as Editor').isVisible()).toBe(true)
    // The joined organization is now the active one, and it is in sync.
    await expect
      .poll(() => ben.page.getByRole('navigation', { name: 'Main navigation' }).textContent())
      .toContain('Acme Coffee')
    await expect.poll(() => indicator(ben.page).textContent()).toBe('Synced')
    // One Organization section, the joined one, and no Delete for an editor (not Ben Studio's card beside it).
    const organization = ben.page.getByRole('region', { name: 'Organization', exact: true })
    await expect.poll(() => organization.count()).toBe(1)
    await expect.poll(() => organization.getByLabel('Organization name').inputValue()).toBe('Acme Coffee')
    expect(await ben.page.getByRole('button', { name: 'Delete organization' }).count()).toBe(0)
    const team = ben.page.getByRole('region', { name: 'Team', exact: true })
    await expect.poll(() => team.getByText('Only owners and admins can change the team.').isVisible()).toBe(true)
    expect(await team.getByRole('button', { name: /^Remove/ }).count()).toBe(0)
    await screenshot(ben.page, 'sync-4-joined')
  })

  it('shows a draft Ana writes in Ben’s Drafts without a reload', async () => {
    await ben.page.getByRole('navigation').getByRole('link', { name: 'Publish' }).click()
    await ben.page.getByRole('tab', { name: /Drafts/ }).click()
    await ben.page.evaluate(() => Object.assign(globalThis, { stillTheSamePage: true }))

    await ana.page.getByRole('navigation').getByRole('link', { name: 'Publish' }).click()
    await ana.page.getByRole('tab', { name: /Drafts/ }).click()
    await ana.page.getByRole('link', { name: 'New draft' }).click()
    await ana.page.getByLabel('Text', { exact: true }).fill('Our autumn blend is back on Friday ☕')
    await expect.poll(() => ana.page.getByText('Draft saved').isVisible()).toBe(true)
    await ana.page.getByRole('link', { name: /^Close/ }).click()

    await expect
      .poll(() => ben.page.getByText('Our autumn blend is back on Friday ☕').isVisible(), { timeout: 15_000 })
      .toBe(true)
    expect(await ben.page.evaluate(() => 'stillTheSamePage' in globalThis)).toBe(true)
    await expect.poll(() => indicator(ana.page).textContent()).toBe('Synced')
    await screenshot(ben.page, 'sync-5-draft-arrived')
  })

  it('keeps the sync state readable and accessible in the dark theme', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' })
    const page = await context.newPage()
    await page.goto(ana.host.url)
    await openSettings(page)
    await expect.poll(() => indicator(page).textContent()).toBe('Synced')
    await expectAccessible(page, 'Settings, synced (dark)')
    await syncSection(page).scrollIntoViewIfNeeded()
    await screenshot(page, 'sync-6-settings-dark')
    await context.close()
  })

  it('tells Ben when the server keeps its own version of a change he was not allowed to make', async () => {
    const acme = (await call<{ id: string; name: string }[]>(ben.core, 'listOrganizations', {})).find(
      (o) => o.name === 'Acme Coffee',
    )!
    // An editor's app does not offer renaming; write it directly, as an out-of-date or tampered client would.
    const db = ben.core.ctx.dbs.org(acme.id)
    db.transaction((tx) => {
      tx.update(organizations).set({ name: 'Ben was here' }).where(eq(organizations.id, acme.id)).run()
      recordChange(
        tx,
        { userId: null, orgId: acme.id },
        new Date(),
        [{ table: organizations, rowId: acme.id, values: { name: 'Ben was here' } }],
        { action: 'organization.renamed', entityType: 'organization', entityId: acme.id },
      )
    })
    await call(ben.core, 'syncNow', { orgId: acme.id })

    await expect.poll(() => ben.page.getByText('The server kept its version:').isVisible()).toBe(true)
    const names = await call<{ name: string }[]>(ben.core, 'listOrganizations', {})
    expect(names.map((o) => o.name)).toContain('Acme Coffee')
    await screenshot(ben.page, 'sync-7-refused')
  })

  it('tells Ben when he loses access, and removes the organization from his device', async () => {
    const acme = (await call<{ id: string; name: string }[]>(ana.core, 'listOrganizations', {}))[0]!
    const session = await server.call('POST', '/v1/auth/signin', {
      body: { email: 'ana@example.com', password: PASSWORD },
    })
    const members = await server.call('GET', `/v1/orgs/${acme.id}/members`, { token: session.body.token })
    const benId = (members.body.members as { email: string; userId: string }[]).find(
      (m) => m.email === 'ben@example.com',
    )!.userId
    const removed = await server.call('DELETE', `/v1/orgs/${acme.id}/members/${benId}`, { token: session.body.token })
    expect(removed.status).toBe(204)

    await expect
      .poll(() =>
        ben.page
          .getByText('You no longer have access to Acme Coffee; its data was removed from this device.')
          .isVisible(),
      )
      .toBe(true)
    const left = await call<{ name: string }[]>(ben.core, 'listOrganizations', {})
    expect(left.map((o) => o.name)).toEqual(['Ben Studio'])
    await expect.poll(() => indicator(ben.page).textContent()).toBe('On this device')
    await screenshot(ben.page, 'sync-8-removed')
  })
})
