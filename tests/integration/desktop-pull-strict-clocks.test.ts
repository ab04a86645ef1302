/**
 * A desktop whose server answers a pull with a clock or row id out of the
 * protocol's form applies nothing of that answer and says the server is at
 * fault; once the server answers correctly, the same changes come in. The
 * bad answers come from a small proxy on loopback in front of the real
 * server, which rewrites pull answers while told to.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { malformedClocks } from '../helpers/malformed'
import { signedUpDesktop, useLoopbackServer } from '../helpers/loopback'

type Op = { rowId: string; hlc: string }
type Tamper = ((op: Op) => Op) | null

const sync = useLoopbackServer()
let proxy: Server | undefined
afterEach(async () => {
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)))
  proxy = undefined
})

/** Forwards every request to the real server; rewrites each op of a pull answer with `state.tamper` while it is set. */
async function startProxy(target: string, state: { tamper: Tamper }): Promise<string> {
  proxy = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (entry): entry is [string, string] =>
          typeof entry[1] === 'string' && !['host', 'content-length'].includes(entry[0]),
      ),
    )
    const upstream = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    })
    let text = await upstream.text()
    if (state.tamper && upstream.ok && request.url?.includes('/pull')) {
      const body = JSON.parse(text) as { changes?: { ops: Op[] }[] }
      const tamper = state.tamper
      body.changes = body.changes?.map((change) => ({ ...change, ops: change.ops.map((op) => tamper(op)) }))
      text = JSON.stringify(body)
    }
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' })
    response.end(text)
  })
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
}

const WALL = Date.parse('2026-03-01T09:00:00Z')
const cases: { name: string; tamper: (op: Op) => Op }[] = [
  ...malformedClocks(WALL).map(({ name, value }) => ({
    name,
    tamper: (op: Op) => ({ ...op, hlc: value }),
  })),
  // Sorts after every padded clock: applied, it would win over every later rename.
  { name: 'the op’s own clock unpadded', tamper: (op: Op) => ({ ...op, hlc: op.hlc.replace(/^0+/, '') }) },
  { name: 'a row id with quotes', tamper: (op: Op) => ({ ...op, rowId: `${op.rowId}'; --` }) },
]

describe('desktop pull with strict clocks', () => {
  it('applies nothing of an answer with a malformed clock or row id, says the server is at fault, and takes the correct answer after', async () => {
    const state: { tamper: Tamper } = { tamper: null }
    const proxyUrl = await startProxy(sync.url, state)
    const ana = await signedUpDesktop(sync.cores, proxyUrl, { name: 'Ana', email: 'ana@example.com' }, false)
    const org = await ana.ok('createOrganization', { name: 'Acme' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'admin' })
    const ben = await signedUpDesktop(sync.cores, sync.url, { name: 'Ben', email: 'ben@example.com' }, false)
    await ben.ok('joinOrganization', { code: invitation.code })
    const clocks = () =>
      ana.ctx.dbs.org(org.id).$client.prepare('SELECT row_id, field, hlc FROM field_clocks ORDER BY 1, 2').all()
    const name = async () => (await ana.ok('listOrganizations', {}))[0]!.name

    let current = 'Acme'
    for (const [i, { name: what, tamper }] of cases.entries()) {
      ben.clock.advance(5_000)
      await ben.ok('renameOrganization', { orgId: org.id, name: `Acme ${i}` })
      expect((await ben.ok('syncNow', { orgId: org.id })).state).toBe('idle')

      const before = clocks()
      state.tamper = tamper
      const refused = await ana.ok('syncNow', { orgId: org.id })
      expect(refused.state, what).toBe('error')
      expect(refused.message, what).toMatch(/not in the protocol's form; nothing from that answer was applied/)
      expect(await name(), what).toBe(current)
      expect(clocks(), what).toEqual(before)

      state.tamper = null
      expect((await ana.ok('syncNow', { orgId: org.id })).state, what).toBe('idle')
      current = `Acme ${i}`
      expect(await name(), what).toBe(current)
    }
  })
})
