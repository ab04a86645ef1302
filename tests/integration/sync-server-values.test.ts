/**
 * Values the database cannot store (a NUL character in text or JSON, JSON
 * nested past MAX_JSON_DEPTH, a caption that is not a Yjs update or whose
 * text holds a NUL) are refused by the real server with 400 naming the
 * field, or as a refused mutation naming it; never 500. Nothing of them is
 * stored, and the same client's next good mutation is applied: one bad value
 * does not block the ones after it.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { editText, toBase64 } from '../../src-shared/sync/collab-text'
import { PROTOCOL_VERSION, pullResponseSchema } from '../../src-shared/sync/protocol'
import { MAX_JSON_DEPTH } from '../../src-shared/sync/value-rules'
import { captionValue, draftPostOps, FakeDevice, type OpInput } from '../helpers/sync-device'
import { createTeam, startTestServer, uniqueEmail, type Team, type TestServer } from '../helpers/sync-server'

/** An array nested `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

/** The same nesting as JSON text, since 50,000 levels would overflow JSON.stringify's recursion. */
const nestedJson = (depth: number) => `${'['.repeat(depth)}"bottom"${']'.repeat(depth)}`

interface BadValue {
  name: string
  /** The op's field on posts, and its value. */
  field: string
  value: unknown
  /** What the refusal names. */
  names: string
}

const badPostValues: BadValue[] = [
  { name: 'a NUL in a JSON string', field: 'tags', value: ['la\u0000unch'], names: 'posts.tags' },
  { name: 'a NUL in a JSON key', field: 'approval_data', value: { 'no\u0000te': 'x' }, names: 'posts.approval_data' },
  { name: 'a lone surrogate in JSON', field: 'tags', value: ['\uD800'], names: 'posts.tags' },
  {
    name: `JSON one level past ${MAX_JSON_DEPTH}`,
    field: 'approval_data',
    value: nested(MAX_JSON_DEPTH + 1),
    names: 'posts.approval_data',
  },
  { name: 'a caption that is not base64', field: 'caption', value: { yjs: 'not base64!' }, names: 'posts.caption' },
  {
    name: 'a caption in base64 that is not a Yjs update',
    field: 'caption',
    value: { yjs: toBase64(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x01, 0x02])) },
    names: 'posts.caption',
  },
  {
    name: 'a caption whose text holds a NUL',
    field: 'caption',
    value: captionValue('Be\u0000ans'),
    names: 'posts.caption',
  },
]

describe.each(['pglite', 'postgres'] as const)('bad values on %s', (kind) => {
  let server: TestServer
  let team: Team
  beforeAll(async () => {
    server = await startTestServer({ kind })
    team = await createTeam(server)
  })
  afterAll(() => server?.close())

  const device = () => new FakeDevice(server, team.owner.token, team.orgId)

  /** The cursor after `since`, and the ops of every change since it. */
  async function changesSince(since: number) {
    const pulled = pullResponseSchema.parse((await device().pull(since)).body)
    if (pulled.kind !== 'changes') throw new Error('expected changes, not a reset')
    return { cursor: pulled.cursor, ops: pulled.changes.flatMap((c) => c.ops) }
  }

  /** Pushes one mutation of `bad` ops, expects it refused naming `names`, then one good mutation applied. */
  async function expectRefusedThenNextApplied(bad: OpInput[], names: string) {
    const { cursor: before } = await changesSince(0)
    const phone = device()
    const answer = await phone.push([phone.mutation(bad)])
    expect(answer.status).toBe(200)
    expect(answer.body.results).toMatchObject([{ mutationId: 1, status: 'refused' }])
    expect(answer.body.results[0].reason).toContain(names)
    expect((await changesSince(before)).ops).toEqual([])

    const postId = uuidv7()
    const good = await phone.push([phone.mutation(draftPostOps(team.orgId, team.owner.user.id, 'Fine', postId))])
    expect(good.body.results).toEqual([{ mutationId: 2, status: 'applied' }])
    const after = await changesSince(before)
    expect(after.ops.some((op) => op.rowId === postId)).toBe(true)
  }

  it.each(badPostValues)('refuses $name as a refused mutation naming the field', async ({ field, value, names }) => {
    const ops = draftPostOps(team.orgId, team.owner.user.id, 'Beans').map((op) =>
      op.table === 'posts' && op.field === field ? { ...op, value } : op,
    )
    await expectRefusedThenNextApplied(ops, names)
  })

  it('refuses a NUL in a text op (the organization’s name) naming the field', async () => {
    await expectRefusedThenNextApplied(
      [{ table: 'organizations', rowId: team.orgId, field: 'name', value: 'Acme\u0000Coffee' }],
      'organizations.name',
    )
  })

  it('refuses a NUL in the person’s own name on /v1/me/push naming the field, and applies the next', async () => {
    const me = FakeDevice.ownData(server, team.owner.token)
    const name = (value: string) => [{ table: 'users', rowId: team.owner.user.id, field: 'name', value }]
    const bad = await me.push([me.mutation(name('Olga\u0000B'))])
    expect(bad.status).toBe(200)
    expect(bad.body.results).toMatchObject([{ mutationId: 1, status: 'refused' }])
    expect(bad.body.results[0].reason).toContain('users.name')
    const good = await me.push([me.mutation(name('Olga B'))])
    expect(good.body.results).toEqual([{ mutationId: 2, status: 'applied' }])
    const mine = await server.call('GET', '/v1/me', { token: team.owner.token })
    expect(mine.body.user.name).toBe('Olga B')
  })

  it('refuses JSON nested 50,000 levels deep as a refused mutation naming the field', async () => {
    const { cursor: before } = await changesSince(0)
    const phone = device()
    const mutation = phone.mutation(draftPostOps(team.orgId, team.owner.user.id, 'Deep'))
    const index = mutation.ops.findIndex((op) => op.table === 'posts' && op.field === 'approval_data')
    const marker = '"__deep__"'
    const ops = mutation.ops.map((op, i) => (i === index ? { ...op, value: '__deep__' } : op))
    const payload = JSON.stringify({ protocolVersion: PROTOCOL_VERSION, mutations: [{ ...mutation, ops }] }).replace(
      marker,
      nestedJson(50_000),
    )
    const answer = await server.call('POST', `/v1/orgs/${team.orgId}/push`, { token: team.owner.token, payload })
    expect(answer.status).toBe(200)
    expect(answer.body.results).toMatchObject([{ mutationId: 1, status: 'refused' }])
    expect(answer.body.results[0].reason).toContain('posts.approval_data')
    expect((await changesSince(before)).ops).toEqual([])
    const next = phone.mutation(draftPostOps(team.orgId, team.owner.user.id, 'Fine'))
    const good = await phone.push([next])
    expect(good.body.results).toEqual([{ mutationId: 2, status: 'applied' }])
  })

  it('refuses a NUL in an op’s table or field name with 400 naming it', async () => {
    const phone = device()
    const mutation = phone.mutation([{ table: 'posts', rowId: uuidv7(), field: 'tag\u0000s', value: [] }])
    const answer = await phone.push([mutation])
    expect(answer.status).toBe(400)
    expect(answer.body.error).toMatchObject({ code: 'invalid_request', field: 'mutations.0.ops.0.field' })
  })

  it('refuses a NUL in an organization’s name on the org routes with 400 naming the field', async () => {
    const before = await server.call('GET', '/v1/me', { token: team.owner.token })
    const answer = await server.call('POST', '/v1/orgs', {
      token: team.owner.token,
      body: { id: uuidv7(), name: 'Nul\u0000Roasters', timezone: 'Europe/Paris' },
    })
    expect(answer.status).toBe(400)
    expect(answer.body.error).toMatchObject({ code: 'invalid_request', field: 'name' })
    const after = await server.call('GET', '/v1/me', { token: team.owner.token })
    expect(after.body).toEqual(before.body)
  })

  it('refuses a NUL in a name at signup with 400 naming the field, and stores no account', async () => {
    const email = uniqueEmail('nul')
    const password = 'correct horse battery'
    const answer = await server.call('POST', '/v1/auth/signup', {
      body: { name: 'Ana\u0000Bel', email, password },
    })
    expect(answer.status).toBe(400)
    expect(answer.body.error).toMatchObject({ code: 'invalid_request', field: 'name' })
    const login = await server.call('POST', '/v1/auth/signin', { body: { email, password } })
    expect(login.status).toBe(401)
  })

  it('applies a caption update that is a real Yjs edit (the refusals above are not of every caption)', async () => {
    const phone = device()
    const ops = draftPostOps(team.orgId, team.owner.user.id, 'Beans').map((op) =>
      op.field === 'caption' ? { ...op, value: { yjs: toBase64(editText(null, 'Fresh beans').update) } } : op,
    )
    const answer = await phone.push([phone.mutation(ops)])
    expect(answer.body.results).toEqual([{ mutationId: 1, status: 'applied' }])
  })
})
