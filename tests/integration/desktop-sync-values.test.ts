/**
 * A desktop (a real core on real SQLite files) and the real sync server on
 * loopback: text with a pasted NUL character is cleaned before it is written,
 * so it syncs; and a mutation the server refuses, whole push or one
 * mutation, never holds back the changes after it.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { PUSH_BATCH_LIMIT } from '../../src-shared/sync/protocol'
import type { SyncOp } from '../../src-shared/sync/ops'
import { pendingCount } from '../../src-main/sync/outbox'
import { readState, replicaState, writeState } from '../../src-main/sync/sync-state'
import type { TestCore } from '../helpers/core'
import { signedUpDesktop, useLoopbackServer } from '../helpers/loopback'

const sync = useLoopbackServer()

const desktop = (name: string) =>
  signedUpDesktop(sync.cores, sync.url, { name, email: `${name.toLowerCase()}@example.com` }, false)

/** Ana's synced organization, and Ben, an editor in it. */
async function team() {
  const ana = await desktop('Ana')
  const org = await ana.ok('createOrganization', { name: 'Acme', timezone: 'Europe/Paris' })
  await ana.ok('attachOrganization', { orgId: org.id })
  const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'editor' })
  const ben = await desktop('Ben')
  await ben.ok('joinOrganization', { code: invitation.code })
  return { ana, ben, orgId: org.id }
}

/**
 * Appends a mutation to the org file's outbox as a tampered or buggy client would, past every check the
 * app makes: the next mutation id, ops stamped with the replica's last clock.
 */
function appendRaw(core: TestCore, orgId: string, ops: Omit<SyncOp, 'hlc'>[]): void {
  const sqlite = core.ctx.dbs.org(orgId).$client
  sqlite.transaction(() => {
    const hlc = readState(sqlite, replicaState.hlc)!
    const mutationId = (readState(sqlite, replicaState.lastMutationId) ?? 0) + 1
    writeState(sqlite, replicaState.lastMutationId, mutationId)
    sqlite
      .prepare('INSERT INTO outbox (mutation_id, ops, created_at) VALUES (?, ?, ?)')
      .run(mutationId, JSON.stringify(ops.map((op) => ({ ...op, hlc }))), new Date().toISOString())
  })()
}

const captionsOf = async (core: TestCore, orgId: string) =>
  (await core.ok('listPosts', { orgId })).map((p) => p.caption).sort()

describe('values on a synced desktop', () => {
  it('strips a pasted NUL from a caption, tags and a name before writing, and syncs them', async () => {
    const { ana, ben, orgId } = await team()
    const draft = await ana.ok('createDraft', { orgId, caption: 'Fresh\u0000 beans', tags: ['la\u0000unch'] })
    expect(draft).toMatchObject({ caption: 'Fresh beans', tags: ['launch'] })
    await ana.ok('renameOrganization', { orgId, name: 'Acme\u0000 Roasters' })
    const pushed = await ana.ok('syncNow', { orgId })
    expect(pushed).toMatchObject({ state: 'idle', pending: 0, message: null })

    await ben.ok('syncNow', { orgId })
    expect(await ben.ok('listPosts', { orgId })).toMatchObject([{ caption: 'Fresh beans', tags: ['launch'] }])
    expect((await ben.ok('listOrganizations', {}))[0]!.name).toBe('Acme Roasters')

    // Later edits go out too, the caption's Yjs document carrying on from the cleaned text.
    await ana.ok('updateDraft', { orgId, postId: draft.id, caption: 'Fresh beans on Friday\u0000' })
    expect((await ana.ok('syncNow', { orgId })).pending).toBe(0)
    await ben.ok('syncNow', { orgId })
    expect(await captionsOf(ben, orgId)).toEqual(['Fresh beans on Friday'])
  })

  it.each([
    { what: 'refuses whole (a NUL in a field name)', op: { field: 'tag\u0000s', rowId: 'p1' }, names: 'ops.0.field' },
    { what: 'cannot even read (a bad row id)', op: { field: 'tags', rowId: 'not an id; --' }, names: 'rowId' },
  ])('takes back a mutation the server $what and pushes the ones after it', async ({ op, names }) => {
    const { ana, ben, orgId } = await team()
    const events: { type: string; reasons?: string[] }[] = []
    ana.onEvent((e) => events.push(e))
    await ana.ok('createDraft', { orgId, caption: 'Before' })
    appendRaw(ana, orgId, [{ table: 'posts', value: ['x'], ...op }])
    await ana.ok('createDraft', { orgId, caption: 'After' })
    expect(pendingCount(ana.ctx.dbs.org(orgId).$client)).toBe(3)

    const status = await ana.ok('syncNow', { orgId })
    expect(status).toMatchObject({ state: 'idle', pending: 0, message: null })
    const refused = events.filter((e) => e.type === 'sync.refused')
    expect(refused).toHaveLength(1)
    expect(refused[0]!.reasons).toEqual([expect.stringContaining(names)])

    // What came after it was renumbered into the id the server waits for, and is applied; so is what comes next.
    await ana.ok('createDraft', { orgId, caption: 'Next' })
    expect((await ana.ok('syncNow', { orgId })).pending).toBe(0)
    await ben.ok('syncNow', { orgId })
    expect(await captionsOf(ben, orgId)).toEqual(['After', 'Before', 'Next'])
  })

  it(
    'finds the mutation at fault in a push of more than one batch and pushes every other',
    { timeout: 120_000 },
    async () => {
      const { ana, orgId } = await team()
      const sqlite = ana.ctx.dbs.org(orgId).$client
      const captions: string[] = []
      for (let i = 0; i < PUSH_BATCH_LIMIT + 3; i++) {
        // One the server refuses whole, in the first push; one this device cannot read, in the second.
        if (i === 5) appendRaw(ana, orgId, [{ table: 'posts', rowId: 'p1', field: 'tag\u0000s', value: [] }])
        if (i === PUSH_BATCH_LIMIT + 1) {
          appendRaw(ana, orgId, [{ table: 'posts', rowId: 'x'.repeat(65), field: 'tags', value: [] }])
        }
        captions.push(`Post ${String(i).padStart(3, '0')}`)
        await ana.ok('createDraft', { orgId, caption: captions.at(-1)! })
      }
      expect((await ana.ok('syncNow', { orgId })).pending).toBe(0)
      expect(pendingCount(sqlite)).toBe(0)
      const { rows } = (await sync.server.database.db.execute(
        sql`select caption from posts where org_id = ${orgId} order by caption`,
      )) as unknown as { rows: { caption: string }[] }
      expect(rows.map((r) => r.caption)).toEqual(captions)
    },
  )

  it('does not let a refused mutation with a bad value (written past the app’s cleaning) hold back later ones', async () => {
    const { ana, ben, orgId } = await team()
    const draft = await ana.ok('createDraft', { orgId, caption: 'Beans' })
    await ana.ok('syncNow', { orgId })
    appendRaw(ana, orgId, [{ table: 'posts', rowId: draft.id, field: 'tags', value: ['nul\u0000'] }])
    await ana.ok('updateDraft', { orgId, postId: draft.id, caption: 'Beans, roasted' })
    expect(await ana.ok('syncNow', { orgId })).toMatchObject({ state: 'idle', pending: 0 })
    await ben.ok('syncNow', { orgId })
    expect(await ben.ok('listPosts', { orgId })).toMatchObject([{ caption: 'Beans, roasted', tags: [] }])
  })
})
