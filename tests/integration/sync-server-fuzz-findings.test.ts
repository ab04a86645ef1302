/**
 * What the server fuzz test (tests/property/sync-server-fuzz.property.test.ts) found: 500s, each pinned as
 * the refusal the protocol documents, with nothing applied; and values that came back changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pullResponseSchema } from '../../src-shared/sync/protocol'
import { FakeDevice } from '../helpers/sync-device'
import { startTestServer, type TestServer } from '../helpers/sync-server'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server?.close())

describe('found by the server fuzz test', () => {
  // Seed 1, run 633: the link's page was looked up by its NUL-bearing value before the value rules refused it.
  it('refuses a Start Page link whose page_id holds a NUL as a refused mutation, not a 500', async () => {
    const ana = await server.signup('Ana')
    const device = FakeDevice.ownData(server, ana.token)
    const before = pullResponseSchema.parse((await device.pull(0)).body).cursor
    const answer = await device.push([
      device.mutation([{ table: 'start_page_links', rowId: 'link-1', field: 'page_id', value: 'a\u0000b' }]),
    ])
    expect(answer.status).toBe(200)
    expect(answer.body.results).toMatchObject([{ mutationId: 1, status: 'refused' }])
    expect(pullResponseSchema.parse((await device.pull(0)).body).cursor).toBe(before)
  })

  // Seed 2, 1,500 runs: a reset snapshot read field values through a second JSON parse, so text turned into
  // numbers, booleans and null. A pull from past the cursor is answered with the snapshot.
  it('gives text values back as text in a reset snapshot, whatever they look like', async () => {
    const ana = await server.signup('Ana')
    const device = FakeDevice.ownData(server, ana.token)
    const looksLikeJson = ['8', 'true', 'null', '[1]', '{"a":1}', '"quoted"']
    for (const [i, name] of looksLikeJson.entries()) {
      const answer = await device.push([
        device.mutation([{ table: 'users', rowId: ana.user.id, field: 'name', value: name }]),
      ])
      expect(answer.body.results, `push ${i}`).toMatchObject([{ status: 'applied' }])
      const reset = pullResponseSchema.parse((await device.pull(999_999_999_999_999)).body)
      expect(reset.kind).toBe('reset')
      const op = reset.kind === 'reset' ? reset.snapshot.find((o) => o.table === 'users' && o.field === 'name') : null
      expect(op?.value).toBe(name)
    }
  })
})
