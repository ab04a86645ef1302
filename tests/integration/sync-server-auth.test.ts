/** Accounts on the real server in-process on PGlite: sign up, sign in, sessions, password changes, rate limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syncErrorSchema } from '../../src-shared/sync/protocol'
import { meResponseSchema, sessionResponseSchema } from '../../src-shared/sync/server-api'
import { openTestDatabase, type TestDatabase } from '../helpers/databases'
import { DAY_MS, startTestServer, uniqueEmail, type TestServer } from '../helpers/sync-server'

let database: TestDatabase
let server: TestServer

beforeAll(async () => {
  database = await openTestDatabase()
  server = await startTestServer({ database, env: { SIGNIN_MAX_ATTEMPTS: '5' } })
})
afterAll(async () => {
  await server?.close()
  await database?.dispose()
})

describe('sign up and sign in', () => {
  it('signs up, keeping the id of the local profile, and answers /v1/me with the session', async () => {
    const localId = '0190a000-0000-7000-8000-00000000a001'
    const email = uniqueEmail('Ana')
    const signup = await server.call('POST', '/v1/auth/signup', {
      body: { id: localId, name: 'Ana Ruiz', email: email.toUpperCase(), password: 'correct horse battery' },
    })
    expect(signup.status).toBe(201)
    const session = sessionResponseSchema.parse(signup.body)
    expect(session.user).toMatchObject({ id: localId, name: 'Ana Ruiz', email })

    const me = await server.call('GET', '/v1/me', { token: session.token })
    expect(me.status).toBe(200)
    expect(meResponseSchema.parse(me.body)).toEqual({ user: session.user, orgs: [] })
  })

  it('refuses an id or an email that is already taken', async () => {
    const ana = await server.signup('Ana')
    const sameId = await server.call('POST', '/v1/auth/signup', {
      body: { id: ana.user.id, name: 'Bo', email: uniqueEmail('bo'), password: 'another long password' },
    })
    expect(sameId.status).toBe(409)
    expect(sameId.body.error).toMatchObject({ code: 'conflict', field: 'id' })

    const sameEmail = await server.call('POST', '/v1/auth/signup', {
      body: { name: 'Bo', email: ana.email, password: 'another long password' },
    })
    expect(sameEmail.status).toBe(409)
    expect(sameEmail.body.error.message).toContain(ana.email)
  })

  it('names the field when the signup is invalid', async () => {
    const short = await server.call('POST', '/v1/auth/signup', {
      body: { name: 'Bo', email: uniqueEmail('bo'), password: 'short' },
    })
    expect(short.status).toBe(400)
    expect(syncErrorSchema.parse(short.body).error).toMatchObject({ code: 'invalid_request', field: 'password' })
    expect(short.body.error.message).toMatch(/password must be at least 10 characters/)

    const badEmail = await server.call('POST', '/v1/auth/signup', {
      body: { name: 'Bo', email: 'not-an-email', password: 'long enough password' },
    })
    expect(badEmail.body.error).toMatchObject({ code: 'invalid_request', field: 'email' })
  })

  it('signs in with the right password and not with a wrong one or an unknown email', async () => {
    const ana = await server.signup('Ana')
    const ok = await server.call('POST', '/v1/auth/signin', { body: { email: ana.email, password: ana.password } })
    expect(ok.status).toBe(200)
    expect(ok.body.token).not.toBe(ana.token)
    expect(ok.body.user.id).toBe(ana.user.id)

    const wrong = await server.call('POST', '/v1/auth/signin', { body: { email: ana.email, password: 'wrong one!!' } })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('unauthorized')

    const unknown = await server.call('POST', '/v1/auth/signin', {
      body: { email: uniqueEmail('nobody'), password: ana.password },
    })
    expect(unknown.status).toBe(401)
    expect(unknown.body.error.message).toBe(wrong.body.error.message)
  })

  it('limits sign-in attempts per address and email with 429, without locking out other emails', async () => {
    const ana = await server.signup('Ana')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      const answer = await server.call('POST', '/v1/auth/signin', {
        body: { email: ana.email, password: 'guess ' + i },
      })
      statuses.push(answer.status)
      if (answer.status === 429) {
        expect(answer.body.error.code).toBe('rate_limited')
        expect(answer.headers['retry-after']).toBeDefined()
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    // Even the right password waits now.
    const right = await server.call('POST', '/v1/auth/signin', { body: { email: ana.email, password: ana.password } })
    expect(right.status).toBe(429)

    const bo = await server.signup('Bo')
    const other = await server.call('POST', '/v1/auth/signin', { body: { email: bo.email, password: bo.password } })
    expect(other.status).toBe(200)
  })

  it('counts requests without a good token against the address, before the token is looked up', async () => {
    const limited = await startTestServer({ database, env: { RATE_LIMIT_PER_MINUTE: '3' } })
    try {
      const statuses: number[] = []
      for (const token of [undefined, 'not-a-token', 'not-a-token', 'not-a-token']) {
        statuses.push((await limited.call('GET', '/v1/me', { token })).status)
      }
      expect(statuses).toEqual([401, 401, 401, 429])
      // Unknown addresses count too, and the health check is never limited.
      expect((await limited.call('GET', '/v1/nothing-here')).status).toBe(429)
      expect((await limited.call('GET', '/healthz')).status).toBe(200)
    } finally {
      await limited.close()
    }
  })
})

describe('sessions', () => {
  it('signs out: the token stops working at once', async () => {
    const ana = await server.signup('Ana')
    expect((await server.call('POST', '/v1/auth/signout', { token: ana.token })).status).toBe(204)
    const me = await server.call('GET', '/v1/me', { token: ana.token })
    expect(me.status).toBe(401)
    expect(me.body.error.code).toBe('unauthorized')
  })

  it('changing the password signs out every other session and keeps this one', async () => {
    const ana = await server.signup('Ana')
    const laptop = await server.call('POST', '/v1/auth/signin', { body: { email: ana.email, password: ana.password } })

    const wrongCurrent = await server.call('POST', '/v1/auth/password', {
      token: ana.token,
      body: { currentPassword: 'not it at all', newPassword: 'a brand new password' },
    })
    expect(wrongCurrent.status).toBe(403)
    expect((await server.call('GET', '/v1/me', { token: laptop.body.token })).status).toBe(200)

    const changed = await server.call('POST', '/v1/auth/password', {
      token: ana.token,
      body: { currentPassword: ana.password, newPassword: 'a brand new password' },
    })
    expect(changed.status).toBe(204)
    expect((await server.call('GET', '/v1/me', { token: ana.token })).status).toBe(200)
    expect((await server.call('GET', '/v1/me', { token: laptop.body.token })).status).toBe(401)

    const old = await server.call('POST', '/v1/auth/signin', { body: { email: ana.email, password: ana.password } })
    expect(old.status).toBe(401)
    const fresh = await server.call('POST', '/v1/auth/signin', {
      body: { email: ana.email, password: 'a brand new password' },
    })
    expect(fresh.status).toBe(200)
  })

  it('expires a session left unused for SESSION_TTL_DAYS, and slides the expiry of one in use', async () => {
    const ana = await server.signup('Ana')
    const bo = await server.signup('Bo')
    server.clock.advance(20 * DAY_MS)
    expect((await server.call('GET', '/v1/me', { token: ana.token })).status).toBe(200)
    server.clock.advance(20 * DAY_MS)
    // Ana used hers 20 days ago; Bo's was made 40 days ago and never used.
    expect((await server.call('GET', '/v1/me', { token: ana.token })).status).toBe(200)
    const expired = await server.call('GET', '/v1/me', { token: bo.token })
    expect(expired.status).toBe(401)
    expect(expired.body.error.message).toMatch(/expired/)
  })

  it('answers 401 without a token or with a made-up one', async () => {
    expect((await server.call('GET', '/v1/me')).body.error.code).toBe('unauthorized')
    const madeUp = await server.call('GET', '/v1/me', { token: 'x'.repeat(43) })
    expect(madeUp.status).toBe(401)
  })
})
