/**
 * Media upload bodies are refused before they are read (docs/sync-protocol.md#media),
 * against the real server on loopback over raw sockets: a caller without a session,
 * outside the organization or without the role, or a declared size over the type's
 * cap, is answered (with Connection: close) after the server took in only the
 * request's first bytes; a chunked body is cut at its type's cap; bytes that are not
 * the name's type are refused; a good file is still stored and given back.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { orgMedia } from '../../sync-server/db/schema'
import { pngHeader } from '../helpers/png'
import { rawUpload, watchServerReads, type RawUpload } from '../helpers/raw-upload'
import { createTeam, startTestServer, type TestServer } from '../helpers/sync-server'

const MB = 1_000_000
/** What "only the first bytes" means: a request head and what the socket buffers, far below any file. */
const SMALL = 1 * MB

let server: TestServer
let port: number
let reads: ReturnType<typeof watchServerReads>

beforeEach(async () => {
  server = await startTestServer()
  await server.app.listen({ port: 0, host: '127.0.0.1' })
  port = (server.app.server.address() as AddressInfo).port
  reads = watchServerReads(server.app.server)
})
afterEach(async () => {
  reads.stop()
  await server.close()
})

const nameOf = (bytes: Buffer, ext: string) => `${createHash('sha256').update(bytes).digest('hex')}.${ext}`
const someName = (ext: string) => `${randomBytes(32).toString('hex')}.${ext}`

/** Uploads, and answers the server's answer and how many bytes it read from the connection. */
async function upload(
  orgId: string,
  name: string,
  options: Omit<RawUpload, 'port' | 'path'> & { token?: string; type: string },
) {
  const { token, type, headers, ...rest } = options
  const answer = await rawUpload({
    ...rest,
    port,
    path: `/v1/orgs/${orgId}/media/${name}`,
    headers: { 'Content-Type': type, ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
  })
  return { ...answer, serverRead: await reads.readFrom(answer.clientPort) }
}

const stored = async (orgId: string) =>
  (await server.database.db.select({ name: orgMedia.name }).from(orgMedia).where(eq(orgMedia.orgId, orgId))).map(
    (row) => row.name,
  )

describe('media bodies refused before they are read', () => {
  it('answers an anonymous 60 MB upload 401 after reading only its first bytes, chunked or not', async () => {
    const team = await createTeam(server)
    for (const framing of ['declared', 'chunked'] as const) {
      const answer = await upload(team.orgId, someName('mp4'), { type: 'video/mp4', length: 60 * MB, framing })
      expect(answer.status).toBe(401)
      expect(answer.body.error.code).toBe('unauthorized')
      expect(answer.headers.connection).toBe('close')
      expect(answer.finished).toBe(false)
      expect(answer.serverRead).toBeLessThan(SMALL)
    }
    expect(await stored(team.orgId)).toEqual([])
  })

  it('answers a stranger 403 not_a_member and a viewer 403 forbidden without reading their bodies', async () => {
    const team = await createTeam(server, ['viewer'])
    const other = await createTeam(server)
    const stranger = await upload(team.orgId, someName('mp4'), {
      token: other.owner.token,
      type: 'video/mp4',
      length: 60 * MB,
      framing: 'declared',
    })
    expect(stranger.status).toBe(403)
    expect(stranger.body.error.code).toBe('not_a_member')
    expect(stranger.serverRead).toBeLessThan(SMALL)

    const viewer = await upload(team.orgId, someName('mp4'), {
      token: team.members.viewer!.token,
      type: 'video/mp4',
      length: 60 * MB,
      framing: 'chunked',
    })
    expect(viewer.status).toBe(403)
    expect(viewer.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/viewer cannot/) })
    expect(viewer.serverRead).toBeLessThan(SMALL)
    expect(await stored(team.orgId)).toEqual([])
  })

  it('refuses an image whose declared length is over the image cap before reading it', async () => {
    const team = await createTeam(server)
    const answer = await upload(team.orgId, someName('png'), {
      token: team.owner.token,
      type: 'image/png',
      leading: pngHeader(),
      length: 30 * MB,
      framing: 'declared',
    })
    expect(answer.status).toBe(413)
    expect(answer.body.error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(/is 30 MB; images can be at most 20 MB/),
    })
    expect(answer.headers.connection).toBe('close')
    expect(answer.serverRead).toBeLessThan(SMALL)
  })

  it('cuts a chunked image at the image cap, not the video cap', async () => {
    const team = await createTeam(server)
    const answer = await upload(team.orgId, someName('png'), {
      token: team.owner.token,
      type: 'image/png',
      leading: pngHeader(),
      length: 60 * MB,
      framing: 'chunked',
    })
    expect(answer.status).toBe(413)
    expect(answer.body.error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(/is more than 20 MB; images can be at most 20 MB/),
    })
    expect(answer.finished).toBe(false)
    // The cap, and no more than what was in flight when it was reached.
    expect(answer.serverRead).toBeGreaterThan(20 * MB)
    expect(answer.serverRead).toBeLessThan(20 * MB + SMALL)
    expect(await stored(team.orgId)).toEqual([])
  })

  it('refuses a page under an image’s name, from its first bytes, storing nothing', async () => {
    const team = await createTeam(server)
    const page = Buffer.from('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>')
    const small = await upload(team.orgId, nameOf(page, 'png'), {
      token: team.owner.token,
      type: 'image/png',
      leading: page,
      length: page.length,
      framing: 'declared',
    })
    expect(small.status).toBe(400)
    expect(small.body.error).toMatchObject({ code: 'invalid_request', field: 'body' })
    expect(small.body.error.message).toMatch(/is not image\/png: its contents are not an image or video/)

    // A big one is refused as soon as its first bytes are in, not at its end.
    const big = await upload(team.orgId, someName('png'), {
      token: team.owner.token,
      type: 'image/png',
      leading: page,
      length: 15 * MB,
      framing: 'chunked',
    })
    expect(big.status).toBe(400)
    expect(big.serverRead).toBeLessThan(SMALL)

    // A GIF's bytes are not a PNG either.
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')
    const wrongImage = await upload(team.orgId, nameOf(gif, 'png'), {
      token: team.owner.token,
      type: 'image/png',
      leading: gif,
      length: gif.length,
      framing: 'chunked',
    })
    expect(wrongImage.status).toBe(400)
    expect(wrongImage.body.error.message).toMatch(/its contents are image\/gif/)
    expect(await stored(team.orgId)).toEqual([])
  })

  it('still stores a good image, chunked or not, and gives it back', async () => {
    const team = await createTeam(server)
    for (const [framing, bytes] of [
      ['declared', pngHeader(4, 4)],
      ['chunked', Buffer.concat([pngHeader(5, 5), randomBytes(300_000)])],
    ] as const) {
      const name = nameOf(bytes, 'png')
      const answer = await upload(team.orgId, name, {
        token: team.owner.token,
        type: 'image/png',
        leading: bytes,
        length: bytes.length,
        framing,
      })
      expect(answer.status).toBe(201)
      expect(answer.body).toEqual({ name, mimeType: 'image/png', byteLength: bytes.length, created: true })
      const got = await fetch(`http://127.0.0.1:${port}/v1/orgs/${team.orgId}/media/${name}`, {
        headers: { authorization: `Bearer ${team.owner.token}` },
      })
      expect(got.status).toBe(200)
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true)
    }
    expect((await stored(team.orgId)).length).toBe(2)
  })
})
