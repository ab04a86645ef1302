/**
 * The core's parts hear the sync engine through typed hooks, not window
 * events: a change recorded in the outbox asks for a round once its
 * transaction commits; each round says how it ended; an org whose rounds
 * work again makes the scheduling loop catch up. Real cores on real SQLite
 * files and the real sync server on loopback.
 */
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { organizations, posts } from '../../src-main/db/schema/org'
import { recordChange } from '../../src-main/sync/outbox'
import type { RoundOutcome } from '../../src-main/sync/sync-engine'
import type { SyncTransport } from '../../src-main/sync/transport'
import { SyncRequestError } from '../../src-shared/sync/server-client'
import type { AppEvent } from '../../src-shared/api/events'
import { startOnboardedCore, startTestCore } from '../helpers/core'
import { ClockTimers } from '../helpers/fake-timers'
import { useLoopbackServer } from '../helpers/loopback'
import { writeScheduled } from '../helpers/schedule-rows'
import { writeRows } from '../helpers/write-rows'

const loopback = useLoopbackServer()

/** A desktop signed up on the test's server; its transport fails as if offline while `net.down`. */
async function desktop(name: string, options: { loop?: boolean; net?: { down: boolean } } = {}) {
  const net = options.net ?? { down: false }
  const offline = () => new SyncRequestError('network', 'The sync server cannot be reached.')
  const timers = new ClockTimers(() => core.clock)
  const core = startTestCore(undefined, {
    publishing: options.loop ? { timers } : { loop: false },
    sync: {
      live: false,
      intervalMs: 3_600_000,
      wrapTransport: (inner): SyncTransport => ({
        push: (...args) => (net.down ? Promise.reject(offline()) : inner.push(...args)),
        pull: (...args) => (net.down ? Promise.reject(offline()) : inner.pull(...args)),
        pushOwnData: (...args) => (net.down ? Promise.reject(offline()) : inner.pushOwnData(...args)),
        pullOwnData: (...args) => (net.down ? Promise.reject(offline()) : inner.pullOwnData(...args)),
      }),
    },
  })
  loopback.cores.push(core)
  const email = `${name.toLowerCase()}@example.com`
  await core.ok('createProfile', { name, email })
  await core.ok('connectServer', { serverUrl: loopback.url, email, password: 'correct horse battery', mode: 'signup' })
  return core
}

async function serverOrgName(orgId: string): Promise<string | undefined> {
  const { rows } = (await loopback.server.database.db.execute(
    sql`select name from organizations where id = ${orgId}`,
  )) as unknown as { rows: { name: string }[] }
  return rows[0]?.name
}

describe('sync hooks', () => {
  it('pushes a change recorded outside any service, which raised no window event, soon after it commits', async () => {
    const ana = await desktop('Ana')
    const org = await ana.ok('createOrganization', { name: 'Acme' })
    await ana.ok('attachOrganization', { orgId: org.id })
    await ana.sync.idle()
    const windows: AppEvent[] = []
    ana.onEvent((event) => windows.push(event))
    const changed: string[] = []
    ana.sync.onLocalChange((orgId) => changed.push(orgId))

    writeRows(ana, org.id, [{ table: organizations, rowId: org.id, values: { name: 'Acme Roasters' } }], 'renamed')

    expect(changed).toEqual([org.id])
    await vi.waitFor(async () => expect(await serverOrgName(org.id)).toBe('Acme Roasters'), { timeout: 10_000 })
    await ana.sync.idle()
    expect(ana.ctx.sync.status(org.id)).toMatchObject({ state: 'idle', pending: 0 })
    // Windows heard only how sync went, never about the change itself.
    expect(windows.filter((e) => !e.type.startsWith('sync.'))).toEqual([])
  })

  it('announces a recorded change once its transaction commits, never when it rolls back', async () => {
    const { core, org } = await startOnboardedCore()
    loopback.cores.push(core)
    const db = core.ctx.dbs.org(org.id)
    const changed: string[] = []
    const stop = core.sync.onLocalChange((orgId) => changed.push(orgId))
    const rename = (name: string) => {
      const before = changed.length
      db.transaction((tx) => {
        tx.update(organizations).set({ name }).where(eq(organizations.id, org.id)).run()
        recordChange(
          tx,
          { userId: null, orgId: org.id },
          core.clock.now(),
          [{ table: organizations, rowId: org.id, values: { name } }],
          { action: 'organization.renamed', entityType: 'organization', entityId: org.id },
        )
        // Not yet: the transaction has not committed.
        expect(changed).toHaveLength(before)
      })
    }

    expect(() =>
      db.transaction(() => {
        rename('Rolled back')
        throw new Error('the caller changed its mind')
      }),
    ).toThrow('the caller changed its mind')
    expect(changed).toEqual([])
    expect(core.ctx.sync.status(org.id).pending).toBe(1)

    // A transaction inside another is announced once, when the outer one commits.
    db.transaction(() => {
      rename('Acme Roasters')
      expect(changed).toEqual([])
    })
    expect(changed).toEqual([org.id])
    expect(core.ctx.sync.status(org.id).pending).toBe(2)

    stop()
    rename('Acme Coffee Co.')
    expect(changed).toEqual([org.id])
  })

  it('says how each round ended, and that an org is back after being offline', async () => {
    const net = { down: false }
    const ana = await desktop('Ana', { net })
    const org = await ana.ok('createOrganization', { name: 'Acme' })
    await ana.ok('attachOrganization', { orgId: org.id })
    await ana.sync.idle()
    const rounds: RoundOutcome[] = []
    const back: string[] = []
    ana.sync.onRoundDone((orgId, outcome) => orgId === org.id && rounds.push(outcome))
    ana.sync.onReconnected((orgId) => back.push(orgId))

    await ana.ok('syncNow', { orgId: org.id })
    expect(rounds).toEqual([expect.objectContaining({ ok: true, pushed: 0, pulled: 0 })])
    expect(back).toEqual([])

    net.down = true
    await ana.ok('renameOrganization', { orgId: org.id, name: 'Renamed offline' })
    await ana.sync.idle()
    expect(rounds.at(-1)).toEqual({ ok: false, reason: 'offline', message: 'The sync server cannot be reached.' })
    const failed = rounds.length

    net.down = false
    await ana.ok('syncNow', { orgId: org.id })
    // The first good round (this one, or the backoff's retry if it came first) pushed the rename and is the reconnect.
    expect(rounds.slice(failed)[0]).toMatchObject({ ok: true, pushed: 1 })
    expect(back).toEqual([org.id])
    expect(await serverOrgName(org.id)).toBe('Renamed offline')
  })

  it('publishes a due post pulled from a teammate once the round that brought it is done', async () => {
    const ana = await desktop('Ana')
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const channel = await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme' })
    const post = await ana.ok('createDraft', { orgId: org.id, caption: 'Due now', socialAccountId: channel.id })
    writeScheduled(ana, org.id, post.id, ana.clock.now())
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'editor' })
    await ana.ok('syncNow', { orgId: org.id })

    // Ben's loop runs; nothing tells it about the post but the round that pulls it.
    const ben = await desktop('Ben', { loop: true })
    await ben.ok('joinOrganization', { code: invitation.code })
    await vi.waitFor(
      async () => {
        await ben.scheduler!.idle()
        const row = ben.ctx.dbs.org(org.id).select().from(posts).where(eq(posts.id, post.id)).get()
        expect(row?.status).toBe('published')
      },
      { timeout: 10_000 },
    )
    expect(ben.logged).toEqual([])
  })
})
