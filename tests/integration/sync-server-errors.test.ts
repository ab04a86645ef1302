/** Bad requests get a clear 4xx in the `{error: {code, message}}` shape, and the server keeps serving. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syncErrorSchema } from '../../src-shared/sync/protocol'
import { startTestServer, type TestServer } from '../helpers/sync-server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ env: { MAX_BODY_BYTES: '4096' } })
})
afterAll(() => server?.close())

describe('error answers', () => {
  it('answers malformed JSON with 400 invalid_request', async () => {
    const answer = await server.call('POST', '/v1/auth/signin', { payload: '{"email": "ana@example.com",' })
    expect(answer.status).toBe(400)
    expect(syncErrorSchema.parse(answer.body).error.code).toBe('invalid_request')
    expect(answer.body.error.message).toMatch(/not valid JSON/)
  })

  it('answers a body over MAX_BODY_BYTES with 413 payload_too_large', async () => {
    const answer = await server.call('POST', '/v1/auth/signup', {
      body: { name: 'x'.repeat(5000), email: 'big@example.com', password: 'long enough password' },
    })
    expect(answer.status).toBe(413)
    expect(syncErrorSchema.parse(answer.body).error).toMatchObject({ code: 'payload_too_large' })
    expect(answer.body.error.message).toContain('4096 bytes')
  })

  it('answers an unknown route with 404 not_found naming it', async () => {
    const answer = await server.call('GET', '/v1/nothing-here?x=1')
    expect(answer.status).toBe(404)
    expect(syncErrorSchema.parse(answer.body).error).toEqual({
      code: 'not_found',
      message: 'There is no GET /v1/nothing-here on this server.',
    })
  })

  it('answers a body that is not JSON at all', async () => {
    const answer = await server.call('POST', '/v1/auth/signin', {
      payload: 'email=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(answer.status).toBe(400)
    expect(syncErrorSchema.parse(answer.body).error.message).toMatch(/as JSON/)
  })

  it('still serves everyone after all that, and says so on /healthz', async () => {
    const health = await server.call('GET', '/healthz')
    expect(health).toMatchObject({ status: 200, body: { ok: true, database: 'pglite' } })
    expect(health.headers['x-content-type-options']).toBe('nosniff')
  })

  it('answers /healthz with 503 when the database is gone', async () => {
    const broken = await startTestServer()
    await broken.database.close()
    const health = await broken.call('GET', '/healthz')
    expect(health.status).toBe(503)
    expect(health.body.error.code).toBe('unavailable')
    await broken.app.close()
    await broken.database.dispose().catch(() => {})
  })
})
