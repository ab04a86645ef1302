/**
 * A person's own data (account.sqlite: profile, preferences, Start Pages,
 * subscriptions, the onboarding draft) through their own change log on the
 * real server in-process: the same push, pull, merge, Yjs text, tombstones,
 * compaction and pokes as an organization's, and nobody else can read or
 * write it.
 */
import { and, eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { editText, toBase64 } from '../../src-shared/sync/collab-text'
import { pullResponseSchema, type PullResponse } from '../../src-shared/sync/protocol'
import { startPageLinks, startPages, users } from '../../sync-server/db/schema'
import { compactScope } from '../../sync-server/sync/compaction'
import { userScope } from '../../sync-server/sync/scope'
import { pokeScope, writeScopeChange } from '../../sync-server/sync/server-changes'
import { LiveSocket } from '../helpers/live-socket'
import { captionText, FakeDevice, type OpInput } from '../helpers/sync-device'
import { startTestServer, type TestServer } from '../helpers/sync-server'

const NOW = '2026-03-01T09:00:00.000Z'

const rowOps = (table: string, rowId: string, values: Record<string, unknown>): OpInput[] =>
  Object.entries(values).map(([field, value]) => ({ table, rowId, field, value }))

/** The ops a desktop writes for a new Start Page with one link, as its services will. */
function pageOps(userId: string, { pageId = uuidv7(), linkId = uuidv7(), slug = 'ana', bio = 'Coffee roaster' } = {}) {
  return {
    pageId,
    linkId,
    ops: [
      ...rowOps('start_pages', pageId, {
        id: pageId,
        user_id: userId,
        title: 'Ana Ruiz',
        slug,
        bio: { yjs: toBase64(editText(null, bio).update) },
        theme: 'default',
        branding: { accent: '#3b5bdb' },
        avatar_url: null,
        settings: {},
        created_at: NOW,
        published_at: null,
      }),
      ...rowOps('start_page_links', linkId, {
        id: linkId,
        page_id: pageId,
        label: 'Our shop',
        url: 'https://example.com',
        position: 0,
      }),
    ],
  }
}

const changesOf = (answer: { body: unknown }): Extract<PullResponse, { kind: 'changes' }> => {
  const page = pullResponseSchema.parse(answer.body)
  if (page.kind !== 'changes') throw new Error('expected changes, got a reset')
  return page
}

/** The newest value of each field in a pull, by table/row/field. */
function latest(page: PullResponse): Map<string, unknown> {
  const ops = page.kind === 'changes' ? page.changes.flatMap((c) => c.ops) : page.snapshot
  const out = new Map<string, { value: unknown; hlc: string }>()
  for (const op of ops) {
    const key = `${op.table}/${op.rowId}/${op.field}`
    const before = out.get(key)
    if (!before || op.hlc >= before.hlc) out.set(key, { value: op.value, hlc: op.hlc })
  }
  return new Map([...out].map(([k, v]) => [k, v.value]))
}

describe.each(['pglite', 'postgres'] as const)('a person’s own data on %s', (kind) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ kind })
  })
  afterAll(() => server?.close())

  it('starts with the account’s own record, so a new device learns the profile by pulling', async () => {
    const ana = await server.signup('Ana')
    const phone = FakeDevice.ownData(server, ana.token)
    const fields = latest(changesOf(await phone.pull(0)))
    expect(fields.get(`users/${ana.user.id}/name`)).toBe('Ana')
    expect(fields.get(`users/${ana.user.id}/email`)).toBe(ana.email)
    expect(fields.get(`users/${ana.user.id}/preferences`)).toEqual({
      theme: 'system',
      activeOrgId: null,
      timeFormat: 'system',
    })
  })

  it('carries a Start Page with its links and bio from one of Ana’s devices to another, and into the server’s tables', async () => {
    const ana = await server.signup('Ana')
    const laptop = FakeDevice.ownData(server, ana.token)
    const page = pageOps(ana.user.id)
    const pushed = await laptop.push([laptop.mutation(page.ops)])
    expect(pushed.status).toBe(200)
    expect(pushed.body.results).toEqual([{ mutationId: 1, status: 'applied' }])

    const phone = FakeDevice.ownData(server, ana.token)
    const fields = latest(changesOf(await phone.pull(0)))
    expect(fields.get(`start_pages/${page.pageId}/slug`)).toBe('ana')
    expect(captionText(fields.get(`start_pages/${page.pageId}/bio`))).toBe('Coffee roaster')
    expect(fields.get(`start_page_links/${page.linkId}/page_id`)).toBe(page.pageId)

    // The server can serve the page from its own tables.
    const [stored] = await server.database.db.select().from(startPages).where(eq(startPages.id, page.pageId))
    expect(stored).toMatchObject({
      userId: ana.user.id,
      slug: 'ana',
      bio: 'Coffee roaster',
      branding: { accent: '#3b5bdb' },
    })
    const [link] = await server.database.db.select().from(startPageLinks).where(eq(startPageLinks.id, page.linkId))
    expect(link).toMatchObject({ userId: ana.user.id, pageId: page.pageId, position: 0 })
  })

  it('merges two devices’ offline bio edits as text, keeping both', async () => {
    const ana = await server.signup('Ana')
    const laptop = FakeDevice.ownData(server, ana.token)
    const phone = FakeDevice.ownData(server, ana.token)
    const base = editText(null, 'Roaster')
    const page = pageOps(ana.user.id)
    const created = page.ops.map((op) =>
      op.table === 'start_pages' && op.field === 'bio' ? { ...op, value: { yjs: toBase64(base.update) } } : op,
    )
    await laptop.push([laptop.mutation(created)])
    const fromLaptop = editText(base.state, 'Coffee Roaster')
    const fromPhone = editText(base.state, 'Roaster in Lisbon')
    await laptop.push([
      laptop.mutation([
        { table: 'start_pages', rowId: page.pageId, field: 'bio', value: { yjs: toBase64(fromLaptop.update) } },
      ]),
    ])
    await phone.push([
      phone.mutation([
        { table: 'start_pages', rowId: page.pageId, field: 'bio', value: { yjs: toBase64(fromPhone.update) } },
      ]),
    ])
    const [stored] = await server.database.db.select().from(startPages).where(eq(startPages.id, page.pageId))
    expect(stored!.bio).toBe('Coffee Roaster in Lisbon')
  })

  it('syncs name and preferences into the account, and corrects what only the server keeps', async () => {
    const ana = await server.signup('Ana')
    const laptop = FakeDevice.ownData(server, ana.token)
    const pushed = await laptop.push([
      laptop.mutation(
        rowOps('users', ana.user.id, {
          name: 'Ana R.',
          preferences: { theme: 'dark', activeOrgId: null },
          // A local profile's own email, made before signing up: the account's stays.
          email: 'ana@old.example',
        }),
      ),
    ])
    expect(pushed.body.results).toEqual([{ mutationId: 1, status: 'applied' }])
    const me = await server.call('GET', '/v1/me', { token: ana.token })
    expect(me.body.user).toMatchObject({ name: 'Ana R.', email: ana.email, preferences: { theme: 'dark' } })

    // Every device, the one that sent it included, converges on the account's email.
    const fields = latest(changesOf(await laptop.pull(0)))
    expect(fields.get(`users/${ana.user.id}/email`)).toBe(ana.email)
    expect(fields.get(`users/${ana.user.id}/name`)).toBe('Ana R.')
  })

  it('refuses a profile change that would break the account, saying what to fix, and writes nothing', async () => {
    const ana = await server.signup('Ana')
    const laptop = FakeDevice.ownData(server, ana.token)
    const pushed = await laptop.push([
      laptop.mutation(rowOps('users', ana.user.id, { name: '   ', preferences: { theme: 'dark', activeOrgId: null } })),
    ])
    expect(pushed.body.results[0]).toMatchObject({ status: 'refused', reason: 'Your name cannot be empty.' })
    const [row] = await server.database.db.select().from(users).where(eq(users.id, ana.user.id))
    expect(row).toMatchObject({ name: 'Ana', preferences: { theme: 'system' } })
  })

  describe('nobody else', () => {
    it('can read Ana’s rows: Ben’s pull has only his own', async () => {
      const ana = await server.signup('Ana')
      const ben = await server.signup('Ben')
      const laptop = FakeDevice.ownData(server, ana.token)
      const page = pageOps(ana.user.id)
      await laptop.push([laptop.mutation(page.ops)])
      const pulled = changesOf(await FakeDevice.ownData(server, ben.token).pull(0))
      const rows = pulled.changes.flatMap((c) => c.ops.map((op) => op.rowId))
      expect(rows).not.toContain(page.pageId)
      expect(rows).not.toContain(ana.user.id)
      expect(rows).toContain(ben.user.id)
    })

    it('can write them: Ben’s attempts on Ana’s page, link and profile are refused and change nothing', async () => {
      const ana = await server.signup('Ana')
      const ben = await server.signup('Ben')
      const laptop = FakeDevice.ownData(server, ana.token)
      const page = pageOps(ana.user.id)
      await laptop.push([laptop.mutation(page.ops)])
      const intruder = FakeDevice.ownData(server, ben.token)

      const attempts: [string, OpInput[], RegExp][] = [
        ['her page, by its id', rowOps('start_pages', page.pageId, { title: 'Hacked' }), /belongs to someone else/],
        ['a page in her name', pageOps(ana.user.id).ops, /user_id must be your own user id/],
        [
          'a link on her page',
          rowOps('start_page_links', uuidv7(), { page_id: page.pageId, label: 'Spam', url: 'https://spam.example' }),
          /one of your own Start Pages/,
        ],
        ['her profile', rowOps('users', ana.user.id, { name: 'Not Ana' }), /belongs to someone else/],
        ['a second profile', rowOps('users', uuidv7(), { name: 'Also Ben' }), /Only your own profile/],
        [
          'her onboarding draft',
          rowOps('onboarding_draft_state', ana.user.id, { user_id: ana.user.id }),
          /must be your own user id/,
        ],
      ]
      for (const [what, ops, reason] of attempts) {
        const answer = await intruder.push([intruder.mutation(ops)])
        expect(answer.status, what).toBe(200)
        expect(answer.body.results[0].status, what).toBe('refused')
        expect(answer.body.results[0].reason, what).toMatch(reason)
        // The restore never shows another person's values.
        expect(JSON.stringify(answer.body.results[0].restore), what).not.toContain('Ana Ruiz')
      }
      const [stored] = await server.database.db
        .select()
        .from(startPages)
        .where(and(eq(startPages.id, page.pageId), eq(startPages.userId, ana.user.id)))
      expect(stored!.title).toBe('Ana Ruiz')
      const [profile] = await server.database.db.select().from(users).where(eq(users.id, ana.user.id))
      expect(profile!.name).toBe('Ana')
      const benPages = await server.database.db.select().from(startPages).where(eq(startPages.userId, ben.user.id))
      expect(benPages).toEqual([])
    })

    it('can push or pull without a session', async () => {
      expect((await server.call('GET', '/v1/me/pull?since=0')).status).toBe(401)
      expect((await server.call('POST', '/v1/me/push', { body: { protocolVersion: 1, mutations: [] } })).status).toBe(
        401,
      )
    })
  })

  it('takes subscriptions only from the server’s own routes, and every device hears of them', async () => {
    const ana = await server.signup('Ana')
    const laptop = FakeDevice.ownData(server, ana.token)
    const subscriptionId = uuidv7()
    const forged = await laptop.push([
      laptop.mutation(
        rowOps('subscriptions', subscriptionId, {
          id: subscriptionId,
          user_id: ana.user.id,
          plan: 'agency',
          active: true,
          feature_set: {},
          updated_at: NOW,
        }),
      ),
    ])
    expect(forged.body.results[0]).toMatchObject({ status: 'refused', reason: /through billing/ })

    // What billing will do: a change of the server's own, in the person's log.
    const ctx = server.app.ctx
    const seq = await ctx.db.transaction((tx) =>
      writeScopeChange(
        tx,
        ctx,
        userScope(ana.user.id),
        [
          {
            table: 'subscriptions',
            rowId: subscriptionId,
            values: {
              id: subscriptionId,
              user_id: ana.user.id,
              plan: 'team',
              active: true,
              feature_set: {},
              updated_at: NOW,
            },
          },
        ],
        { userId: null, action: 'subscription.started', entityType: 'subscription', entityId: subscriptionId },
      ),
    )
    await pokeScope(ctx, userScope(ana.user.id), seq)
    const fields = latest(changesOf(await laptop.pull(0)))
    expect(fields.get(`subscriptions/${subscriptionId}/plan`)).toBe('team')
    expect(fields.get(`subscriptions/${subscriptionId}/active`)).toBe(true)
  })

  it('keeps mutation ids in order per device, as for organizations', async () => {
    const ana = await server.signup('Ana')
    const laptop = FakeDevice.ownData(server, ana.token)
    const first = laptop.mutation(rowOps('users', ana.user.id, { name: 'Ana 1' }))
    const second = laptop.mutation(rowOps('users', ana.user.id, { name: 'Ana 2' }))
    const third = laptop.mutation(rowOps('users', ana.user.id, { name: 'Ana 3' }))
    expect((await laptop.push([first])).body.results).toEqual([{ mutationId: 1, status: 'applied' }])
    expect((await laptop.push([first])).body.results).toEqual([{ mutationId: 1, status: 'duplicate' }])
    const gap = await laptop.push([third])
    expect(gap.status).toBe(409)
    expect(gap.body.error).toMatchObject({ code: 'out_of_order', expectedMutationId: 2 })
    expect((await laptop.push([second, third])).body.results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'applied',
    ])
  })

  it('purges a deleted link at compaction, resets a device behind the horizon, and a late edit cannot bring it back', async () => {
    const ana = await server.signup('Ana')
    const laptop = FakeDevice.ownData(server, ana.token)
    const page = pageOps(ana.user.id)
    await laptop.push([laptop.mutation(page.ops)])
    const deleted = await laptop.push([
      laptop.mutation([{ table: 'start_page_links', rowId: page.linkId, field: 'deleted_at', value: NOW }]),
    ])
    const result = await compactScope(
      server.database.db,
      userScope(ana.user.id),
      deleted.body.cursor,
      server.clock.now(),
    )
    expect(result).toMatchObject({ horizonSeq: deleted.body.cursor, purgedRows: 1 })
    expect(await server.database.db.select().from(startPageLinks).where(eq(startPageLinks.id, page.linkId))).toEqual([])

    const stale = FakeDevice.ownData(server, ana.token)
    const reset = pullResponseSchema.parse((await stale.pull(1)).body)
    expect(reset.kind).toBe('reset')
    const fields = latest(reset)
    expect(fields.get(`start_pages/${page.pageId}/slug`)).toBe('ana')
    expect([...fields.keys()].some((key) => key.includes(page.linkId))).toBe(false)

    await stale.push([
      stale.mutation([{ table: 'start_page_links', rowId: page.linkId, field: 'label', value: 'Back?' }]),
    ])
    expect(await server.database.db.select().from(startPageLinks).where(eq(startPageLinks.id, page.linkId))).toEqual([])
  })
})

describe('pokes of a person’s own data', () => {
  let server: TestServer
  let baseUrl: string
  beforeAll(async () => {
    server = await startTestServer()
    baseUrl = await server.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(() => server?.close())

  it('reach the person’s other devices, and nobody else', async () => {
    const ana = await server.signup('Ana')
    const ben = await server.signup('Ben')
    const phone = await LiveSocket.connect(baseUrl, ana.token)
    const bens = await LiveSocket.connect(baseUrl, ben.token)
    await phone.next((m) => m.type === 'hello')
    await bens.next((m) => m.type === 'hello')

    const laptop = FakeDevice.ownData(server, ana.token)
    const pushed = await laptop.push([laptop.mutation(rowOps('users', ana.user.id, { name: 'Ana R.' }))])
    expect(await phone.next((m) => m.type === 'poke' && m.seq === pushed.body.cursor)).toEqual({
      type: 'poke',
      userId: ana.user.id,
      seq: pushed.body.cursor,
    })
    // A poke Ben does hear (his own), after which Ana's would have arrived too.
    const his = FakeDevice.ownData(server, ben.token)
    const hisPush = await his.push([his.mutation(rowOps('users', ben.user.id, { name: 'Ben B.' }))])
    await bens.next((m) => m.type === 'poke' && m.seq === hisPush.body.cursor)
    expect(bens.pending().filter((m) => (m as { userId?: string }).userId === ana.user.id)).toEqual([])
    phone.close()
    bens.close()
  })
})
