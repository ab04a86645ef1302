/**
 * Convergence, randomized: three desktops (real cores on real SQLite files)
 * and the real sync server on loopback. Random drafts and renames, offline
 * spells, requests and answers lost or repeated on the way, restarts with
 * unpushed changes in the outbox. Afterwards every replica holds exactly the
 * server's merged values. fast-check prints the seed of a failing run.
 */
import fc from 'fast-check'
import { rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { newId } from '../../src-main/core/ids'
import { comments, integrations, savedReplies, socialAccounts } from '../../src-main/db/schema/org'
import type { Change } from '../../src-main/sync/outbox'
import { editCollabText } from '../../src-main/sync/collab-store'
import { writeRows } from '../helpers/write-rows'
import { orgTables } from '../../src-main/sync/synced-tables'
import { fieldValues } from '../../sync-server/db/schema/sync'
import { fromBase64, isCollabValue, textOf } from '../../src-shared/sync/collab-text'
import type { SyncTransport } from '../../src-main/sync/transport'
import { SyncRequestError } from '../../src-shared/sync/server-client'
import { makeTempDir, startTestCore, type TestCore } from '../helpers/core'
import { startTestServer } from '../helpers/sync-server'

type Fault = 'ok' | 'drop-request' | 'drop-response' | 'duplicate'

interface Network {
  offline: boolean
  faults: Fault[]
}

/** The real transport with a network in between that loses and repeats messages. */
function faulty(inner: SyncTransport, net: Network): SyncTransport {
  const through = async <T>(send: () => Promise<T>): Promise<T> => {
    const lost = () => new SyncRequestError('network', 'the network dropped it')
    if (net.offline) throw lost()
    const fault = net.faults.shift() ?? 'ok'
    if (fault === 'drop-request') throw lost()
    if (fault === 'drop-response') {
      await send()
      throw lost()
    }
    if (fault === 'duplicate') await send().catch(() => undefined)
    return send()
  }
  return {
    push: (orgId, mutations) => through(() => inner.push(orgId, mutations)),
    pull: (orgId, since, limit) => through(() => inner.pull(orgId, since, limit)),
    pushOwnData: (mutations) => through(() => inner.pushOwnData(mutations)),
    pullOwnData: (since, limit) => through(() => inner.pullOwnData(since, limit)),
  }
}

const action = fc.oneof(
  fc.record({ kind: fc.constant('draft' as const), who: fc.nat(2), caption: fc.string({ maxLength: 30 }) }),
  fc.record({
    kind: fc.constant('rename' as const),
    who: fc.nat(2),
    name: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
  }),
  fc.record({
    kind: fc.constant('edit' as const),
    who: fc.nat(2),
    post: fc.nat(10),
    caption: fc.string({ maxLength: 30 }),
  }),
  fc.record({ kind: fc.constant('comment' as const), who: fc.nat(2), text: fc.string({ maxLength: 20 }) }),
  fc.record({
    kind: fc.constant('triage' as const),
    who: fc.nat(2),
    comment: fc.nat(10),
    status: fc.constantFrom('open', 'pending', 'snoozed', 'done'),
    tags: fc.array(fc.constantFrom('urgent', 'praise', 'question'), { maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant('saved-reply' as const), who: fc.nat(2), body: fc.string({ maxLength: 30 }) }),
  fc.record({ kind: fc.constant('sync' as const), who: fc.nat(2) }),
  fc.record({ kind: fc.constant('offline' as const), who: fc.nat(2), offline: fc.boolean() }),
  fc.record({ kind: fc.constant('restart' as const), who: fc.nat(2) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 120_000 }) }),
)
const faults = fc.array(fc.constantFrom<Fault>('ok', 'ok', 'drop-request', 'drop-response', 'duplicate'), {
  maxLength: 40,
})

/**
 * Writes through the same mechanism the services use (row, clocks, outbox,
 * audit in one transaction), for tables whose services come with later
 * modules: a channel with a comment on it, comment triage, saved replies.
 */

const userOf = (core: TestCore) =>
  (core.ctx.dbs.account.$client.prepare('SELECT id FROM users').get() as { id: string }).id

function addComment(core: TestCore, orgId: string, text: string) {
  const sqlite = core.ctx.dbs.org(orgId).$client
  let account = sqlite.prepare('SELECT id FROM social_accounts LIMIT 1').get() as { id: string } | undefined
  const changes: Change[] = []
  if (!account) {
    const integration = { id: newId(), orgId, platform: 'sandbox' as const, meta: { label: 'Sandbox' } }
    account = { id: newId() }
    const social = { id: account.id, orgId, integrationId: integration.id, platformUserId: 'acme', username: 'acme' }
    changes.push({ table: integrations, rowId: integration.id, values: integration })
    changes.push({ table: socialAccounts, rowId: social.id, values: social })
  }
  const comment = {
    id: newId(),
    orgId,
    socialAccountId: account.id,
    platform: 'sandbox' as const,
    platformCommentId: newId(),
    author: { name: 'A fan' },
    text,
    timestamp: core.clock.now().toISOString(),
  }
  changes.push({ table: comments, rowId: comment.id, values: comment })
  writeRows(core, orgId, changes, 'comment.received', { userId: userOf(core) })
}

function triage(core: TestCore, orgId: string, pick: number, status: string, tags: string[]) {
  const all = core.ctx.dbs.org(orgId).$client.prepare('SELECT id FROM comments ORDER BY id').all() as { id: string }[]
  const target = all[pick % Math.max(all.length, 1)]
  if (target)
    writeRows(core, orgId, [{ table: comments, rowId: target.id, values: { status, tags } }], 'comment.triaged', {
      userId: userOf(core),
    })
}

function addSavedReply(core: TestCore, orgId: string, body: string) {
  const sqlite = core.ctx.dbs.org(orgId).$client
  const existing = sqlite.prepare('SELECT id FROM saved_replies LIMIT 1').get() as { id: string } | undefined
  const id = existing?.id ?? newId()
  const values = existing ? { body } : { id, orgId, ownerId: 'someone', title: 'Thanks', body }
  // The body is collaborative text, like a caption.
  const carried = editCollabText(sqlite, { table: 'saved_replies', rowId: id, field: 'body' }, body)
  writeRows(core, orgId, [{ table: savedReplies, rowId: id, values }], 'saved_reply.written', {
    userId: userOf(core),
    opValues: { body: carried },
  })
}

const isJson = (column: { columnType: string }) => column.columnType === 'SQLiteTextJson'

/** Every synced field of a replica, as the server would store it. */
function replicaState(core: TestCore, orgId: string): Map<string, unknown> {
  const sqlite = core.ctx.dbs.org(orgId).$client
  const state = new Map<string, unknown>()
  for (const table of orgTables.all()) {
    for (const row of sqlite.prepare(`SELECT * FROM "${table.name}"`).all() as Record<string, unknown>[]) {
      for (const [field, column] of table.columns) {
        const raw = row[field]
        // JSON columns compare as values: PostgreSQL's jsonb does not keep key order.
        const value = isJson(column) && typeof raw === 'string' ? JSON.parse(raw) : raw
        state.set(`${table.name}/${String(row.id)}/${field}`, value)
      }
    }
  }
  return state
}

describe('sync convergence (property)', () => {
  it('leaves every replica equal to the server after faults, offline spells and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 5, maxLength: 25 }),
        fc.tuple(faults, faults, faults),
        async (actions, plans) => {
          const server = await startTestServer()
          await server.app.listen({ port: 0, host: '127.0.0.1' })
          const serverUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
          const nets: Network[] = plans.map((plan) => ({ offline: false, faults: [] as Fault[], plan }))
          const dirs = nets.map(() => makeTempDir('convergence-'))
          const open = (i: number) =>
            startTestCore(dirs[i]!, {
              sync: { live: false, intervalMs: 3_600_000, wrapTransport: (t) => faulty(t, nets[i]!) },
            })
          const cores = nets.map((_, i) => open(i))
          try {
            // Setup on a clean network: Ana makes the org; Ben and Cy join as admins.
            await cores[0]!.ok('createProfile', { name: 'Ana' })
            const org = await cores[0]!.ok('createOrganization', { name: 'Acme' })
            await cores[0]!.ok('connectServer', {
              serverUrl,
              email: 'ana@example.com',
              password: 'correct horse battery',
              mode: 'signup',
            })
            await cores[0]!.ok('attachOrganization', { orgId: org.id })
            for (const [i, name] of [
              [1, 'Ben'],
              [2, 'Cy'],
            ] as const) {
              const invitation = await cores[0]!.ok('createInvitation', { orgId: org.id, role: 'admin' })
              await cores[i]!.ok('createProfile', { name })
              await cores[i]!.ok('connectServer', {
                serverUrl,
                email: `${name}@example.com`,
                password: 'correct horse battery',
                mode: 'signup',
              })
              await cores[i]!.ok('joinOrganization', { code: invitation.code })
            }
            nets.forEach((net, i) => (net.faults = [...plans[i]!]))

            for (const step of actions) {
              if (step.kind === 'wait') {
                cores.forEach((c) => c.clock.advance(step.ms))
                continue
              }
              const core = cores[step.who]!
              if (step.kind === 'draft') await core.ok('createDraft', { orgId: org.id, caption: step.caption })
              if (step.kind === 'edit') {
                const drafts = await core.ok('listPosts', { orgId: org.id })
                const target = drafts[step.post % Math.max(drafts.length, 1)]
                if (target) await core.ok('updateDraft', { orgId: org.id, postId: target.id, caption: step.caption })
              }
              if (step.kind === 'comment') addComment(core, org.id, step.text)
              if (step.kind === 'triage') triage(core, org.id, step.comment, step.status, step.tags)
              if (step.kind === 'saved-reply') addSavedReply(core, org.id, step.body)
              if (step.kind === 'rename') await core.ok('renameOrganization', { orgId: org.id, name: step.name })
              if (step.kind === 'sync') await core.ok('syncNow', { orgId: org.id })
              if (step.kind === 'offline') nets[step.who]!.offline = step.offline
              if (step.kind === 'restart') {
                // Whatever was committed locally but not pushed is still in the outbox after this.
                await core.sync.idle()
                const clock = core.clock.now()
                core.close()
                cores[step.who] = open(step.who)
                cores[step.who]!.clock.advance(clock.getTime() - cores[step.who]!.clock.now().getTime())
                await cores[step.who]!.sync.idle()
              }
            }

            // Back online for good: two full rounds each reach a fixed point.
            nets.forEach((net) => ((net.offline = false), (net.faults = [])))
            for (let round = 0; round < 2; round++) {
              for (const core of cores) expect((await core.ok('syncNow', { orgId: org.id })).state).toBe('idle')
            }
            for (const core of cores) await core.sync.idle()

            const serverFields = await server.database.db
              .select()
              .from(fieldValues)
              .where(eq(fieldValues.scopeId, org.id))
            expect(serverFields.length).toBeGreaterThan(0)
            const expected = new Map<string, unknown>()
            for (const field of serverFields) {
              const column = orgTables.get(field.tableName)?.columns.get(field.field)
              if (!column) continue
              // Collaborative text is stored as its Yjs state; replicas hold its text.
              const value = isCollabValue(field.value)
                ? textOf(fromBase64(field.value.yjs))
                : isJson(column)
                  ? field.value
                  : column.mapToDriverValue(field.value)
              expected.set(`${field.tableName}/${field.rowId}/${field.field}`, value)
            }
            for (const core of cores) {
              const state = replicaState(core, org.id)
              for (const [key, value] of expected) expect(state.get(key), key).toEqual(value)
              expect((await core.ok('syncNow', { orgId: org.id })).pending).toBe(0)
            }
            const replicas = cores.map((c) => replicaState(c, org.id))
            expect(replicas[1]).toEqual(replicas[0])
            expect(replicas[2]).toEqual(replicas[0])
          } finally {
            for (const core of cores) {
              await core.sync.idle()
              core.close()
            }
            dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }))
            await server.close()
          }
        },
      ),
      { numRuns: 10, seed: 1125, endOnFailure: true },
    )
  }, 240_000)
})
