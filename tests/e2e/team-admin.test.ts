/**
 * Team admin and invitations by email, in Chromium against the real sync
 * server (with a real SMTP server on loopback) and two desktops: Ana invites
 * by email from Settings → Team, sees it pending and revokes it; Ben, invited
 * again, joins on first run with "I have an invitation" (no throwaway
 * organization, and Settings shows one organization); Ana changes Ben's role,
 * is told she cannot demote the last owner, and removes Ben.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Organization } from '../../src-shared/entities/models'
import { listenOnLoopback } from '../helpers/loopback'
import { startSmtpInbox, type SmtpInbox } from '../helpers/smtp-inbox'
import { startTestServer, type TestServer } from '../helpers/sync-server'
import { CHROMIUM_ARGS, expectAccessible, screenshotsDir } from './browser'
import { call, startDevice, type Device } from './two-apps'

const PASSWORD = 'correct horse battery'
const SYNCED = { timeout: 30_000, interval: 250 }

let inbox: SmtpInbox
let server: TestServer
let serverUrl: string
let browser: Browser
let ana: Device
let ben: Device
let orgId: string

beforeAll(async () => {
  inbox = await startSmtpInbox()
  server = await startTestServer({ env: { SMTP_URL: inbox.url } })
  server.clock.advance(Date.now() - server.clock.now().getTime())
  serverUrl = await listenOnLoopback(server)
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  ana = await startDevice(browser, { viewport: { width: 1280, height: 900 }, colorScheme: 'light' })
  ben = await startDevice(browser, { viewport: { width: 1280, height: 900 }, colorScheme: 'light' })
})
afterAll(async () => {
  await ben?.close()
  await ana?.close()
  await browser?.close()
  await server?.close()
  await inbox?.close()
})

async function shot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR ?? screenshotsDir
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}.png`) })
}

const team = (page: Page) => page.getByRole('region', { name: 'Team', exact: true })
/** The link in an email, with quoted-printable soft line breaks undone. */
const linkIn = (raw: string) => /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(raw.replace(/=\r?\n/g, ''))![0]

async function openSettings(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click()
  await expect.poll(() => page.getByRole('heading', { name: 'Settings', level: 1 }).isVisible()).toBe(true)
}

async function invite(page: Page, email: string, role: RegExp) {
  const section = team(page)
  await section.getByLabel('Email', { exact: true }).fill(email)
  await section.getByLabel('Role', { exact: true }).click()
  await page.getByRole('option', { name: role }).click()
  await section.getByRole('button', { name: 'Create invitation' }).click()
  await expect.poll(() => section.getByText(`We emailed the invitation to ${email}.`).isVisible(), SYNCED).toBe(true)
  await expect.poll(() => inbox.mails.some((m) => m.to.includes(email))).toBe(true)
  return linkIn(inbox.mails.find((m) => m.to.includes(email))!.raw)
}

describe('team admin', () => {
  it('invites by email from Settings → Team, shows it pending, and revokes it', async () => {
    await ana.page.goto(ana.host.url)
    await ana.page.getByLabel('Your name').fill('Ana Ruiz')
    await ana.page.getByLabel('Email').fill('ana@example.com')
    await ana.page.getByRole('button', { name: 'Continue' }).click()
    await ana.page.getByLabel('Organization name').fill('Acme Coffee')
    await ana.page.getByRole('button', { name: 'Create organization' }).click()
    await expect.poll(() => ana.page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
    await call(ana.core, 'connectServer', { serverUrl, email: 'ana@example.com', password: PASSWORD, mode: 'signup' })
    orgId = (await call<Organization[]>(ana.core, 'listOrganizations', {}))[0]!.id
    await call(ana.core, 'attachOrganization', { orgId })

    await openSettings(ana.page)
    const section = team(ana.page)
    await expect.poll(() => section.getByRole('cell', { name: 'ana@example.com' }).isVisible()).toBe(true)
    const link = await invite(ana.page, 'sam@example.com', /Viewer/)
    expect(link).toContain(`${serverUrl}/invite/`)
    const pending = section.getByRole('region', { name: 'Pending invitations' })
    await expect.poll(() => pending.getByText('sam@example.com · Viewer').isVisible()).toBe(true)
    await expect.poll(() => pending.getByText(/^Emailed; expires/).isVisible()).toBe(true)
    await expectAccessible(ana.page, 'Settings, Team with a pending invitation')
    await section.scrollIntoViewIfNeeded()
    await shot(ana.page, 'team-1-pending-light')

    await pending.getByRole('button', { name: 'Revoke invitation for sam@example.com' }).click()
    await expect.poll(() => pending.getByText('No invitations are waiting.').isVisible()).toBe(true)
    // The revoked link no longer joins.
    const sam = await server.signup('Sam')
    const refused = await server.call('POST', '/v1/invitations/accept', {
      token: sam.token,
      body: { code: link.split('/invite/')[1] },
    })
    expect(refused.body.error.message).toBe('That invitation was withdrawn; ask for a new one.')
  })

  it('lets Ben join on first run with “I have an invitation”, with no throwaway organization', async () => {
    const link = await invite(ana.page, 'ben@example.com', /Editor/)
    await ben.page.goto(ben.host.url)
    await ben.page.getByLabel('Your name').fill('Ben Ortiz')
    await ben.page.getByRole('button', { name: 'Continue' }).click()
    await ben.page.getByRole('button', { name: 'I have an invitation' }).click()
    await ben.page.getByLabel('Invitation link or code').fill(link)
    // The link names the server, so no address is asked for.
    expect(await ben.page.getByLabel('Server address').count()).toBe(0)
    await ben.page.getByLabel('Account email').fill('ben@example.com')
    await ben.page.getByLabel(/^Password/).fill(PASSWORD)
    await expectAccessible(ben.page, 'First run, I have an invitation')
    await shot(ben.page, 'team-2-first-run-invitation-light')
    await ben.page.getByRole('button', { name: 'Join', exact: true }).click()
    await expect.poll(() => ben.page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible(), SYNCED).toBe(true)
    const orgs = await call<Organization[]>(ben.core, 'listOrganizations', {})
    expect(orgs.map((o) => [o.name, o.role])).toEqual([['Acme Coffee', 'editor']])

    await openSettings(ben.page)
    expect(await ben.page.getByRole('region', { name: 'Organization', exact: true }).count()).toBe(1)
    expect(await ben.page.getByRole('button', { name: 'Delete organization' }).count()).toBe(0)
    // An editor reads the team, without the controls.
    const section = team(ben.page)
    await expect.poll(() => section.getByRole('cell', { name: 'ben@example.com' }).isVisible(), SYNCED).toBe(true)
    await expect.poll(() => section.getByText('Only owners and admins can change the team.').isVisible()).toBe(true)
    expect(await section.getByRole('button', { name: /^Remove/ }).count()).toBe(0)
  })

  it('changes Ben’s role, refuses to demote the last owner in words, and removes Ben', async () => {
    await ana.page.reload()
    const section = team(ana.page)
    await expect.poll(() => section.getByRole('cell', { name: 'ben@example.com' }).isVisible(), SYNCED).toBe(true)
    await section.getByLabel('Role of Ben Ortiz').click()
    await ana.page.getByRole('option', { name: 'Admin' }).click()
    await expect.poll(() => section.getByLabel('Role of Ben Ortiz').inputValue()).toBe('Admin')
    const members = await call<{ email: string; role: string }[]>(ana.core, 'listMembers', { orgId })
    expect(members.find((m) => m.email === 'ben@example.com')?.role).toBe('admin')

    await section.getByLabel('Role of Ana Ruiz').click()
    await ana.page.getByRole('option', { name: 'Editor' }).click()
    await expect
      .poll(() =>
        section.getByText('This is the organization’s last owner; make someone else an owner first.').isVisible(),
      )
      .toBe(true)
    await expect.poll(() => section.getByLabel('Role of Ana Ruiz').inputValue()).toBe('Owner')
    await expectAccessible(ana.page, 'Settings, Team, last owner refused')

    await section.getByRole('button', { name: 'Remove Ben Ortiz' }).click()
    await expect.poll(() => section.getByRole('cell', { name: 'ben@example.com' }).count()).toBe(0)
    await expect
      .poll(async () => (await call<Organization[]>(ben.core, 'listOrganizations', {})).length, SYNCED)
      .toBe(0)
  })

  it('reads well in the dark theme', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' })
    const page = await context.newPage()
    await page.goto(ana.host.url)
    await openSettings(page)
    await expect.poll(() => team(page).getByRole('cell', { name: 'ana@example.com' }).isVisible()).toBe(true)
    await expectAccessible(page, 'Settings, Team (dark)')
    await team(page).scrollIntoViewIfNeeded()
    await shot(page, 'team-3-settings-dark')
    await context.close()

    const fresh = await startDevice(browser, { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' })
    try {
      await fresh.page.goto(fresh.host.url)
      await fresh.page.getByLabel('Your name').fill('Cy')
      await fresh.page.getByRole('button', { name: 'Continue' }).click()
      await fresh.page.getByRole('button', { name: 'I have an invitation' }).click()
      await fresh.page.getByLabel('Invitation link or code').fill('just-a-code')
      await expect.poll(() => fresh.page.getByLabel('Server address').isVisible()).toBe(true)
      await expectAccessible(fresh.page, 'First run, I have an invitation (dark)')
      await shot(fresh.page, 'team-4-first-run-invitation-dark')
    } finally {
      await fresh.close()
    }
  })
})
