/**
 * A person's own data (account.sqlite: profile and preferences, Start Pages
 * and their links, the onboarding draft, subscriptions) between two of
 * their desktops (real cores on real SQLite files) through their own change
 * log on the real sync server over loopback HTTP: both devices converge,
 * deletions travel as tombstones, offline edits go later, and another
 * person's device never sees or writes the first person's rows.
 */
import { eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it, vi } from 'vitest'
import type { AppEvent } from '../../src-shared/api/events'
import { editCollabText } from '../../src-main/sync/collab-store'
import { recordChange, type Change } from '../../src-main/sync/outbox'
import { SyncRequestError } from '../../src-shared/sync/server-client'
import {
  onboardingDraftState,
  startPageLinks,
  startPages,
  subscriptions,
  users,
} from '../../src-main/db/schema/account'
import { userScope } from '../../sync-server/sync/scope'
import { pokeScope, writeScopeChange } from '../../sync-server/sync/server-changes'
import { startTestCore, type TestCore } from '../helpers/core'
import { useLoopbackServer } from '../helpers/loopback'

const loopback = useLoopbackServer()
const PASSWORD = 'correct horse battery'

interface Device {
  core: TestCore
  net: { down: boolean }
  events: AppEvent[]
}

/** A desktop whose network the test can cut, with a local profile, signed up or in on the server. */
async function desktop(
  profile: { name: string; email: string },
  account: { email: string; mode: 'signup' | 'signin' },
  { live = false } = {},
) {
  const net = { down: false }
  const offline = () => Promise.reject(new SyncRequestError('network', 'The sync server cannot be reached.'))
  const core = startTestCore(undefined, {
    sync: {
      live,
      intervalMs: 3_600_000,
      wrapTransport: (inner) => ({
        push: (...args) => (net.down ? offline() : inner.push(...args)),
        pull: (...args) => (net.down ? offline() : inner.pull(...args)),
        pushOwnData: (...args) => (net.down ? offline() : inner.pushOwnData(...args)),
        pullOwnData: (...args) => (net.down ? offline() : inner.pullOwnData(...args)),
      }),
    },
  })
  loopback.cores.push(core)
  const events: AppEvent[] = []
  core.onEvent((event) => events.push(event))
  await core.ok('createProfile', profile)
  await core.ok('connectServer', { serverUrl: loopback.url, password: PASSWORD, ...account })
  await core.sync.syncOwnDataNow()
  return { core, net, events } satisfies Device
}

/** Ana's laptop (signed up) and her tablet (signed in to the same account, with a profile of its own before). */
async function anasDevices() {
  const email = `ana.${uuidv7()}@example.com`
  const laptop = await desktop({ name: 'Ana Ruiz', email }, { email, mode: 'signup' })
  const tablet = await desktop({ name: 'Tablet owner', email: 'tablet@example.com' }, { email, mode: 'signin' })
  return { laptop, tablet }
}

/** Both devices round in turn until both have what the other pushed. */
async function converge(...devices: Device[]): Promise<void> {
  for (const device of [...devices, ...devices]) expect((await device.core.sync.syncOwnDataNow()).state).toBe('idle')
}

/** The person's id on this device: the account's once signed in. */
const userIdOf = (core: TestCore) => core.ctx.dbs.account.select({ id: users.id }).from(users).get()!.id

/**
 * Writes rows of the person's own file as its services will (Start Pages have none yet): the rows, then
 * recordChange in the same transaction, so clocks, outbox and audit go with them.
 */
function writeOwn(
  core: TestCore,
  action: string,
  write: (sqlite: TestCore['ctx']['dbs']['account']['$client']) => Change[],
) {
  const userId = userIdOf(core)
  core.ctx.dbs.account.transaction((tx) => {
    const changes = write(core.ctx.dbs.account.$client)
    recordChange(tx, { userId, orgId: null }, core.clock.now(), changes, {
      action,
      entityType: 'start_page',
      entityId: changes[0]!.rowId,
    })
  })
}

function createPage(core: TestCore, bio: string) {
  const userId = userIdOf(core)
  const pageId = uuidv7()
  const linkId = uuidv7()
  const now = core.clock.now().toISOString()
  const page = { id: pageId, userId, title: 'Ana Ruiz', slug: `ana-${pageId.slice(-6)}`, bio, createdAt: now }
  const link = { id: linkId, pageId, label: 'Our shop', url: 'https://example.com/shop', position: 0 }
  const draft = { userId, currentStep: 2, tempTitle: 'Ana', tempLinks: [], lastSaved: now }
  writeOwn(core, 'start_page.created', (sqlite) => {
    const db = core.ctx.dbs.account
    db.insert(startPages).values(page).run()
    db.insert(startPageLinks).values(link).run()
    db.insert(onboardingDraftState)
      .values(draft)
      .onConflictDoUpdate({ target: onboardingDraftState.userId, set: draft })
      .run()
    const bioValue = editCollabText(sqlite, { table: 'start_pages', rowId: pageId, field: 'bio' }, bio)
    return [
      { table: startPages, rowId: pageId, values: page, opValues: { bio: bioValue } },
      { table: startPageLinks, rowId: linkId, values: link },
      { table: onboardingDraftState, rowId: userId, values: draft },
    ]
  })
  return { pageId, linkId }
}

function editBio(core: TestCore, pageId: string, bio: string) {
  writeOwn(core, 'start_page.updated', (sqlite) => {
    core.ctx.dbs.account.update(startPages).set({ bio }).where(eq(startPages.id, pageId)).run()
    const value = editCollabText(sqlite, { table: 'start_pages', rowId: pageId, field: 'bio' }, bio)
    return [{ table: startPages, rowId: pageId, values: { bio }, opValues: { bio: value } }]
  })
}

const pageOf = (core: TestCore, pageId: string) =>
  core.ctx.dbs.account.select().from(startPages).where(eq(startPages.id, pageId)).get()
const linkOf = (core: TestCore, linkId: string) =>
  core.ctx.dbs.account.select().from(startPageLinks).where(eq(startPageLinks.id, linkId)).get()

describe('a person’s own data between their desktops', () => {
  it('gives a device that signs in the account’s profile, and carries preferences both ways', async () => {
    const { laptop, tablet } = await anasDevices()
    // The tablet's own profile, made before signing in, yielded to the account's.
    const onTablet = await tablet.core.ok('getProfile', {})
    expect(onTablet).toMatchObject({ id: userIdOf(laptop.core), name: 'Ana Ruiz' })
    expect(onTablet!.email).toBe(laptop.core.ctx.sync.currentSession!.email)

    // Nobody asks the laptop to sync: the committed change does.
    await laptop.core.ok('updatePreferences', { theme: 'dark' })
    await laptop.core.sync.idle()
    expect(laptop.core.sync.ownDataStatus()).toMatchObject({ state: 'idle', pending: 0 })
    tablet.events.length = 0
    await tablet.core.sync.syncOwnDataNow()
    expect((await tablet.core.ok('getProfile', {}))!.preferences.theme).toBe('dark')
    // Windows hear of it: the own data's status (no org) and the profile.
    expect(tablet.events).toContainEqual({ type: 'sync.status', orgId: null })
    expect(tablet.events).toContainEqual({ type: 'profile.changed' })

    tablet.core.clock.advance(5_000)
    await tablet.core.ok('updatePreferences', { theme: 'light' })
    await converge(tablet, laptop)
    expect((await laptop.core.ok('getProfile', {}))!.preferences.theme).toBe('light')
    const overview = await laptop.core.ok('getSyncOverview', {})
    expect(overview.ownData).toMatchObject({ state: 'idle', pending: 0 })
  })

  it('carries a name edited in Settings and the time format to the other device; the sign-in email stays', async () => {
    const { laptop, tablet } = await anasDevices()
    await laptop.core.ok('updateProfile', { name: 'Ana Ruiz Soto', email: laptop.core.ctx.sync.currentSession!.email })
    await laptop.core.ok('updatePreferences', { timeFormat: '24h' })
    await converge(laptop, tablet)
    const onTablet = await tablet.core.ok('getProfile', {})
    expect(onTablet).toMatchObject({ name: 'Ana Ruiz Soto', preferences: { timeFormat: '24h', theme: 'system' } })

    // The email is the account's sign-in: changing it here would only be sent back by the server.
    const refused = await laptop.core.fails('updateProfile', { name: 'Ana Ruiz Soto', email: 'other@example.com' })
    expect(refused.message).toMatch(/^Your email is how you sign in to /)
    expect(refused.issues?.[0]?.path).toBe('email')
    expect((await laptop.core.ok('getProfile', {}))!.email).toBe(laptop.core.ctx.sync.currentSession!.email)
  })

  it('converges on Start Pages, their links, the onboarding draft and both devices’ bio edits', async () => {
    const { laptop, tablet } = await anasDevices()
    const { pageId, linkId } = createPage(laptop.core, 'Coffee roaster')
    await converge(laptop, tablet)
    expect(pageOf(tablet.core, pageId)).toMatchObject({ bio: 'Coffee roaster', userId: userIdOf(laptop.core) })
    expect(linkOf(tablet.core, linkId)).toMatchObject({ pageId, label: 'Our shop', deletedAt: null })
    const draft = tablet.core.ctx.dbs.account.select().from(onboardingDraftState).get()
    expect(draft).toMatchObject({ userId: userIdOf(laptop.core), currentStep: 2, tempTitle: 'Ana' })

    // Both edit the bio while offline: both keep their words once they are back.
    laptop.net.down = true
    tablet.net.down = true
    editBio(laptop.core, pageId, 'Coffee roaster in Lyon')
    editBio(tablet.core, pageId, 'Specialty coffee roaster')
    expect(laptop.core.sync.ownDataStatus().pending).toBe(1)
    laptop.net.down = false
    tablet.net.down = false
    await converge(laptop, tablet)
    const bios = [pageOf(laptop.core, pageId)!.bio, pageOf(tablet.core, pageId)!.bio]
    expect(bios[0]).toBe(bios[1])
    expect(bios[0]).toContain('Lyon')
    expect(bios[0]).toContain('Specialty')
  })

  it('carries a deletion as a tombstone, and an edit made offline once the device is back', async () => {
    const { laptop, tablet } = await anasDevices()
    const { linkId } = createPage(laptop.core, 'Coffee roaster')
    await converge(laptop, tablet)

    tablet.net.down = true
    const deletedAt = tablet.core.clock.now().toISOString()
    writeOwn(tablet.core, 'start_page.link_removed', () => {
      tablet.core.ctx.dbs.account.update(startPageLinks).set({ deletedAt }).where(eq(startPageLinks.id, linkId)).run()
      return [{ table: startPageLinks, rowId: linkId, values: { deletedAt } }]
    })
    await tablet.core.ok('updatePreferences', { theme: 'dark' })
    const offline = await tablet.core.sync.syncOwnDataNow()
    expect(offline).toMatchObject({ state: 'offline', pending: 2 })
    expect(offline.message).toMatch(/cannot be reached/)
    await converge(laptop)
    expect(linkOf(laptop.core, linkId)!.deletedAt).toBeNull()

    tablet.net.down = false
    await converge(tablet, laptop)
    expect(tablet.core.sync.ownDataStatus()).toMatchObject({ state: 'idle', pending: 0 })
    expect(linkOf(laptop.core, linkId)!.deletedAt).toBe(deletedAt)
    expect((await laptop.core.ok('getProfile', {}))!.preferences.theme).toBe('dark')
  })

  it('brings the server’s subscriptions to every device of the person', async () => {
    const { laptop, tablet } = await anasDevices()
    const userId = userIdOf(laptop.core)
    const subscriptionId = uuidv7()
    // What billing will do: a change of the server's own in the person's log, poked to their devices.
    const ctx = loopback.server.app.ctx
    const seq = await ctx.db.transaction((tx) =>
      writeScopeChange(
        tx,
        ctx,
        userScope(userId),
        [
          {
            table: 'subscriptions',
            rowId: subscriptionId,
            values: {
              id: subscriptionId,
              user_id: userId,
              plan: 'team',
              active: true,
              feature_set: {},
              updated_at: '2026-03-01T09:00:00.000Z',
            },
          },
        ],
        { userId: null, action: 'subscription.started', entityType: 'subscription', entityId: subscriptionId },
      ),
    )
    await pokeScope(ctx, userScope(userId), seq)
    await converge(laptop, tablet)
    for (const device of [laptop, tablet]) {
      const rows = device.core.ctx.dbs.account.select().from(subscriptions).all()
      expect(rows).toMatchObject([{ id: subscriptionId, userId, plan: 'team', active: true }])
    }
  })

  it('keeps another person’s device out: it neither sees the rows nor can write them', async () => {
    const { laptop, tablet } = await anasDevices()
    const { pageId } = createPage(laptop.core, 'Coffee roaster')
    await converge(laptop, tablet)
    const benEmail = `ben.${uuidv7()}@example.com`
    const ben = await desktop({ name: 'Ben', email: benEmail }, { email: benEmail, mode: 'signup' })
    await converge(ben)
    const account = ben.core.ctx.dbs.account
    expect(account.select().from(startPages).all()).toEqual([])
    expect(account.select().from(onboardingDraftState).all()).toEqual([])
    expect(account.select({ id: users.id }).from(users).all()).toEqual([{ id: userIdOf(ben.core) }])

    // A tampered device writes a link onto Ana's page: the server refuses it and Ben's device drops it.
    const linkId = uuidv7()
    // Ana's page is not in Ben's file, so his would not even hold the link unless told not to check.
    account.$client.pragma('foreign_keys = OFF')
    writeOwn(ben.core, 'start_page.link_added', () => {
      const link = { id: linkId, pageId, label: 'Mine now', url: 'https://example.com/ben', position: 1 }
      account.insert(startPageLinks).values(link).run()
      return [{ table: startPageLinks, rowId: linkId, values: link }]
    })
    account.$client.pragma('foreign_keys = ON')
    await ben.core.sync.syncOwnDataNow()
    const refused = ben.events.find((e) => e.type === 'sync.refused')
    expect(refused).toMatchObject({ orgId: null, reasons: [expect.stringMatching(/your own Start Pages/)] })
    expect(linkOf(ben.core, linkId)).toBeUndefined()
    expect(ben.core.sync.ownDataStatus().pending).toBe(0)

    await converge(laptop, tablet)
    for (const device of [laptop, tablet]) {
      expect(linkOf(device.core, linkId)).toBeUndefined()
      expect(pageOf(device.core, pageId)).toMatchObject({ bio: 'Coffee roaster' })
    }
  })

  it('hears of the other device’s change by a poke on the live socket', async () => {
    const email = `ana.${uuidv7()}@example.com`
    const laptop = await desktop({ name: 'Ana Ruiz', email }, { email, mode: 'signup' })
    const tablet = await desktop({ name: 'Ana', email }, { email, mode: 'signin' }, { live: true })
    await laptop.core.ok('updatePreferences', { theme: 'dark' })
    await laptop.core.sync.syncOwnDataNow()
    // Nobody asks the tablet to sync: the poke does.
    await vi.waitFor(async () => expect((await tablet.core.ok('getProfile', {}))!.preferences.theme).toBe('dark'), {
      timeout: 20_000,
    })
  })

  it('starts a new replica history when the device switches to another account: queued work goes there, synced rows stay here', async () => {
    const email = `ana.${uuidv7()}@example.com`
    const laptop = await desktop({ name: 'Ana Ruiz', email }, { email, mode: 'signup' })
    await laptop.core.ok('updatePreferences', { theme: 'light' })
    const anas = createPage(laptop.core, 'Ana’s page')
    await converge(laptop)
    await laptop.core.ok('disconnectServer', {})
    expect(laptop.core.sync.ownDataStatus()).toMatchObject({ state: 'signed_out' })

    const ben = await loopback.server.signup('Ben')
    const benTablet = await desktop({ name: 'Ben', email: ben.email }, { email: ben.email, mode: 'signin' })
    // Made while signed out: it waits in the outbox under the mutation ids of Ana's history.
    const { pageId } = createPage(laptop.core, 'Written while signed out')
    await laptop.core.ok('connectServer', {
      serverUrl: loopback.url,
      email: ben.email,
      password: PASSWORD,
      mode: 'signin',
    })
    const status = await laptop.core.sync.syncOwnDataNow()
    expect(status.message).toBeNull()
    expect(status).toMatchObject({ state: 'idle', pending: 0 })
    // The profile yields to the account's, Ana's theme with it.
    expect(await laptop.core.ok('getProfile', {})).toMatchObject({ id: ben.user.id, name: 'Ben' })
    expect((await laptop.core.ok('getProfile', {}))!.preferences.theme).toBe('system')
    await converge(benTablet)
    expect(pageOf(benTablet.core, pageId)).toMatchObject({ userId: ben.user.id, bio: 'Written while signed out' })
    expect(pageOf(benTablet.core, anas.pageId)).toBeUndefined()

    // What is left of Ana's on the laptop (it had synced before the switch) goes nowhere: an edit is refused, and it goes.
    expect(pageOf(laptop.core, anas.pageId)).toMatchObject({ userId: ben.user.id })
    const events: AppEvent[] = []
    laptop.core.onEvent((event) => events.push(event))
    editBio(laptop.core, anas.pageId, 'Ana’s page, edited by Ben')
    await laptop.core.sync.syncOwnDataNow()
    expect(events).toContainEqual({
      type: 'sync.refused',
      orgId: null,
      reasons: [expect.stringMatching(/someone else/)],
    })
    expect(pageOf(laptop.core, anas.pageId)).toBeUndefined()
    await converge(benTablet)
    expect(pageOf(benTablet.core, anas.pageId)).toBeUndefined()
  })
})
