/**
 * The real server refuses clocks, row ids and cursors outside their
 * documented forms with 400 invalid_request naming the op, and stores
 * nothing of them; a correct write that comes later wins as it should (a
 * loosely read clock such as an unpadded wall would sort after it forever).
 */
import { eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { posts } from '../../sync-server/db/schema'
import type { ClientMutation } from '../../src-shared/sync/ops'
import { pullResponseSchema } from '../../src-shared/sync/protocol'
import { malformedClocks, malformedRowIds } from '../helpers/malformed'
import { draftPostOps, FakeDevice } from '../helpers/sync-device'
import { createTeam, startTestServer, type Team, type TestServer } from '../helpers/sync-server'

let server: TestServer
let team: Team
beforeAll(async () => {
  server = await startTestServer()
  team = await createTeam(server)
})
afterAll(() => server?.close())

const device = () => new FakeDevice(server, team.owner.token, team.orgId)

/** A draft post whose tags say `tags`, every op stamped by the device. */
function draft(postId: string, tags: string[]): ClientMutation {
  const ops = draftPostOps(team.orgId, team.owner.user.id, 'Beans', postId).map((op) =>
    op.table === 'posts' && op.field === 'tags' ? { ...op, value: tags } : op,
  )
  return device().mutation(ops)
}

async function cursor(): Promise<number> {
  return pullResponseSchema.parse((await device().pull(0)).body).cursor
}

async function storedTags(postId: string): Promise<string[] | undefined> {
  const rows = await server.database.db.select({ tags: posts.tags }).from(posts).where(eq(posts.id, postId))
  return rows[0]?.tags ?? undefined
}

describe('strict clocks on push', () => {
  it.each(malformedClocks(Date.parse('2026-03-01T09:00:00Z')))(
    'refuses $name naming the op, stores nothing, and a later correct write wins',
    async ({ value }) => {
      const postId = uuidv7()
      const before = await cursor()
      const bad = draft(postId, ['tampered'])
      const answer = await device().push([{ ...bad, ops: bad.ops.map((op) => ({ ...op, hlc: value })) }])
      expect(answer.status).toBe(400)
      expect(answer.body.error).toMatchObject({ code: 'invalid_request', field: 'mutations.0.ops.0.hlc' })
      expect(answer.body.error.message).toContain('The clock of change 1 of mutation 1')
      expect(await cursor()).toBe(before)
      expect(await storedTags(postId)).toBeUndefined()

      server.clock.advance(1000)
      const good = await device().push([draft(postId, ['launch'])])
      expect(good.status).toBe(200)
      expect(good.body.results).toEqual([{ mutationId: 1, status: 'applied' }])
      expect(await storedTags(postId)).toEqual(['launch'])
    },
  )

  it('names the op at fault among good ones, and applies none of the push', async () => {
    const postId = uuidv7()
    const before = await cursor()
    const fine = device()
    const first = fine.mutation(draftPostOps(team.orgId, team.owner.user.id, 'Fine', uuidv7()))
    const second = fine.mutation(draftPostOps(team.orgId, team.owner.user.id, 'Beans', postId))
    const unpadded = second.ops[1]!.hlc.replace(/^0+/, '')
    const tampered = { ...second, ops: second.ops.map((op, i) => (i === 1 ? { ...op, hlc: unpadded } : op)) }
    const answer = await fine.push([first, tampered])
    expect(answer.status).toBe(400)
    expect(answer.body.error).toMatchObject({ code: 'invalid_request', field: 'mutations.1.ops.1.hlc' })
    expect(await cursor()).toBe(before)
  })

  it('refuses a bad clock on the person’s own data too', async () => {
    const me = FakeDevice.ownData(server, team.owner.token)
    const mutation = me.mutation([{ table: 'users', rowId: team.owner.user.id, field: 'name', value: 'Olga Tampered' }])
    const answer = await me.push([{ ...mutation, ops: [{ ...mutation.ops[0]!, hlc: `1772355600000:00001:x` }] }])
    expect(answer.status).toBe(400)
    expect(answer.body.error).toMatchObject({ code: 'invalid_request', field: 'mutations.0.ops.0.hlc' })
  })
})

describe('strict row ids on push', () => {
  it.each(malformedRowIds)('refuses $name naming the op and stores nothing', async ({ value }) => {
    const before = await cursor()
    const answer = await device().push([draft(value, ['launch'])])
    expect(answer.status).toBe(400)
    expect(answer.body.error).toMatchObject({ code: 'invalid_request', field: 'mutations.0.ops.0.rowId' })
    expect(answer.body.error.message).toContain('The row id of change 1 of mutation 1')
    expect(await cursor()).toBe(before)
  })
})

describe('strict cursors on pull', () => {
  it.each(['', 'abc', '-1', '1e3', '0x10', '1.5', ' 1'])('refuses since=%j', async (since) => {
    for (const base of [`/v1/orgs/${team.orgId}`, '/v1/me']) {
      const answer = await server.call('GET', `${base}/pull?since=${encodeURIComponent(since)}`, {
        token: team.owner.token,
      })
      expect(answer.status).toBe(400)
      expect(answer.body.error).toMatchObject({ code: 'invalid_request', field: 'since' })
    }
  })

  it('starts from the beginning when since is left out', async () => {
    const answer = await server.call('GET', `/v1/orgs/${team.orgId}/pull`, { token: team.owner.token })
    expect(answer.status).toBe(200)
    expect(answer.body.cursor).toBe(await cursor())
  })
})
