/**
 * Replies end to end in Chromium, with the real sync server (behind a proxy that can go dark) and its Sandbox: a
 * post goes out, a made-up person comments on it, and the comment reaches the inbox by "Check for new comments";
 * a saved reply whose placeholder has no value is refused, naming it, then sent once filled; with the server out
 * of reach a reply waits in the outbox, and once it is back the reply goes out once and shows sent.
 */
import type { Page } from 'playwright-core'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxCommentView } from '../../src-shared/api/comments'
import type { Reply } from '../../src-shared/api/replies'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy'
import { CHROMIUM_ARGS, expectAccessible, screenshot } from './browser'
import { call, startDevice, startRealTimeServer, type Device } from './two-apps'

const PASSWORD = 'correct horse battery'
const ARRIVES = { timeout: 90_000, interval: 1_000 }

let browser: Browser
let server: Awaited<ReturnType<typeof startRealTimeServer>>
let proxy: TcpProxy
let ana: Device
let orgId: string
let comment: InboxCommentView

beforeAll(async () => {
  server = await startRealTimeServer()
  proxy = await startTcpProxy(server.url)
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  ana = await startDevice(browser, { viewport: { width: 1360, height: 900 }, colorScheme: 'light' })
})
afterAll(async () => {
  await ana?.close()
  await browser?.close()
  await proxy?.close()
  await server?.server.close()
})

const replies = () => call<Reply[]>(ana.core, 'listReplies', { orgId, commentId: comment.id })
/** The channel's answers on the server's public Sandbox page, each under the comment it answers. */
const sandboxAnswers = async (channelId: string) => {
  // The server's clock is set once, when it starts; the made-up comments it shows are the ones made by its now.
  server.server.clock.advance(Date.now() - server.server.clock.now().getTime())
  const html = await (await fetch(`${server.url}/sandbox/${channelId}`)).text()
  return html.match(/class="post answer"/g)?.length ?? 0
}
const replyBox = (page: Page) => page.getByRole('region', { name: 'Reply' })

describe('replies from the Engage inbox', () => {
  let channelId: string

  it('sets up: a synced organization, a Sandbox channel and a published post', async () => {
    const { page } = ana
    await page.goto(ana.host.url)
    await page.getByLabel('Your name').fill('Ana Ruiz')
    await page.getByLabel('Email').fill('ana@example.com')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByLabel('Organization name').fill('Acme Coffee')
    await page.getByRole('button', { name: 'Create organization' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Publish', level: 1 }).isVisible()).toBe(true)
    await call(ana.core, 'connectServer', {
      serverUrl: proxy.url,
      email: 'ana@example.com',
      password: PASSWORD,
      mode: 'signup',
    })
    orgId = (await call<{ id: string }[]>(ana.core, 'listOrganizations', {}))[0]!.id
    await call(ana.core, 'attachOrganization', { orgId })
    channelId = (await call<{ id: string }>(ana.core, 'connectChannel', { orgId, platform: 'sandbox', name: 'Acme' }))
      .id
    const draft = await call<{ id: string }>(ana.core, 'createDraft', {
      orgId,
      caption: 'Our autumn blend is back',
      socialAccountId: channelId,
    })
    await call(ana.core, 'schedulePost', { orgId, postId: draft.id, when: { kind: 'now' } })
    await expect
      .poll(async () => (await call<{ status: string }>(ana.core, 'getPost', { orgId, postId: draft.id })).status, {
        timeout: 30_000,
      })
      .toBe('published')
  })

  it('brings the first comment in with "Check for new comments"', async () => {
    const { page } = ana
    await page.getByRole('navigation').getByRole('link', { name: 'Engage' }).click()
    // The Sandbox's first person comments within a minute of the post.
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: 'Check for new comments' }).click()
        return page.getByRole('option').count()
      }, ARRIVES)
      .toBeGreaterThan(0)
    const page1 = await call<{ comments: InboxCommentView[] }>(ana.core, 'listInbox', { orgId })
    comment = page1.comments[0]!
    expect(comment.postId).not.toBeNull()
  })

  it('refuses a saved reply while its placeholder has no value, naming it, then sends it once filled', async () => {
    const { page } = ana
    await call(ana.core, 'createSavedReply', {
      orgId,
      title: 'Thanks with a code',
      body: 'Thank you {{name}}! Use {{code}} for 10% off.',
      placeholders: [{ key: 'code', label: 'Discount code' }],
    })
    await page.getByRole('option').first().click()
    await page.keyboard.press('r')
    const box = replyBox(page)
    await box.getByLabel('Insert a saved reply').click()
    await page.getByRole('option', { name: 'Thanks with a code' }).click()
    await box.getByRole('button', { name: 'Send reply' }).click()
    await expect.poll(() => box.getByText('Discount code').count()).toBeGreaterThan(0)
    await expect
      .poll(() => box.getByRole('alert').or(box.locator('.mantine-Alert-root')).textContent())
      .toContain('Discount code')
    expect(await replies()).toHaveLength(0)
    await box.getByLabel('Discount code').fill('AUTUMN10')
    await expectAccessible(page, 'Engage reply with a saved reply')
    await screenshot(page, 'engage-replies-1-saved-reply')
    await box.getByRole('button', { name: 'Send reply' }).click()
    await expect.poll(async () => (await replies()).map((r) => r.status), { timeout: 30_000 }).toEqual(['sent'])
    const [sent] = await replies()
    expect(sent!.text).toBe(`Thank you ${comment.author.name}! Use AUTUMN10 for 10% off.`)
  })

  it('keeps a reply written offline waiting, and sends it once back online', async () => {
    const { page } = ana
    proxy.target = 'http://127.0.0.1:9'
    proxy.dropAll()
    const box = replyBox(page)
    await box.getByRole('textbox', { name: /^Reply to/ }).fill('We open at 7 tomorrow.')
    await box.getByRole('button', { name: 'Send reply' }).click()
    await expect.poll(async () => (await replies()).map((r) => r.status)).toEqual(['sent', 'waiting'])
    await page.emulateMedia({ colorScheme: 'dark' })
    await expectAccessible(page, 'Engage reply waiting, dark')
    await screenshot(page, 'engage-replies-2-waiting-dark')
    await page.emulateMedia({ colorScheme: 'light' })

    proxy.target = server.url
    await ana.core.sync.syncNow(orgId)
    await expect.poll(async () => (await replies()).map((r) => r.status), { timeout: 60_000 }).toEqual(['sent', 'sent'])
    // Once each on the server's Sandbox: the two replies, nothing doubled.
    expect(await sandboxAnswers(channelId)).toBe(2)
  })
})
