/**
 * Rate limits behind a load balancer: two real server processes on one
 * PostgreSQL database and one Redis (127.0.0.1:6379, which CI starts; this
 * test fails if it does not answer) count every request together, so the
 * limit holds whichever process a request reaches. Without REDIS_URL each
 * process counts alone, and while Redis is away requests go through uncounted.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresDatabase, openTestDatabase, type FreshPostgres } from '../helpers/databases'
import { callProcess, startServerProcess, type ServerProcess } from '../helpers/server-process'
import { startTestServer, uniqueEmail } from '../helpers/sync-server'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const SIGNIN_MAX_ATTEMPTS = 5
const RATE_LIMIT_PER_MINUTE = 10
const limits = {
  SIGNIN_MAX_ATTEMPTS: String(SIGNIN_MAX_ATTEMPTS),
  RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
}

// This run's own keys, so runs sharing the Redis do not count together, and afterAll removes exactly these.
const nameSpace = `bc-test:${randomBytes(6).toString('hex')}:`

let redis: Redis
let database: FreshPostgres
let a: ServerProcess
let b: ServerProcess

/** Connects to the test Redis, or fails saying how to start one. */
async function connectRedis(): Promise<Redis> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.ping()
    return client
  } catch (error) {
    client.disconnect()
    throw new Error(
      `Redis does not answer at ${REDIS_URL} (${String(error)}). These tests need it: start it with ` +
        `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no (.ci/run does).`,
    )
  }
}

async function keysOfThisRun(): Promise<string[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${nameSpace}*`, 'COUNT', 1000)
    cursor = next
    keys.push(...batch)
  } while (cursor !== '0')
  return keys
}

beforeAll(async () => {
  redis = await connectRedis()
  database = await createPostgresDatabase()
  const env = { DATABASE_URL: database.url, REDIS_URL, RATE_LIMIT_NAMESPACE: nameSpace, ...limits }
  ;[a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)])
}, 180_000)

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await database?.drop()
  if (redis) {
    const keys = await keysOfThisRun()
    if (keys.length > 0) await redis.del(...keys)
    await redis.quit()
  }
}, 60_000)

const wrongSignin = (base: string, email: string) =>
  callProcess(base, 'POST', '/v1/auth/signin', undefined, { email, password: 'not the password' })

describe('two server processes sharing one Redis', () => {
  it('limits sign-in attempts alternated between the processes at the shared count', async () => {
    const email = uniqueEmail('mallory')
    const statuses: number[] = []
    for (let attempt = 0; attempt < SIGNIN_MAX_ATTEMPTS; attempt++) {
      statuses.push((await wrongSignin(attempt % 2 === 0 ? a.url : b.url, email)).status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401])

    // The next attempt is refused whichever process it reaches.
    for (const server of [a, b]) {
      const refused = await wrongSignin(server.url, email)
      expect(refused.status).toBe(429)
      expect(refused.body.error.code).toBe('rate_limited')
    }
    // Another email from the same address still gets its own attempts.
    expect((await wrongSignin(b.url, uniqueEmail('other'))).status).toBe(401)

    // The counts are this run's keys in Redis, under the route's prefix, without the email in them.
    const keys = await keysOfThisRun()
    expect(keys.some((key) => key.startsWith(`${nameSpace}POST/v1/auth/signin-signin:`))).toBe(true)
    expect(keys.join(' ')).not.toContain('@example.com')
  }, 60_000)

  it('limits requests to the rest of the API alternated between the processes at the shared count', async () => {
    // Signed in, so each request reaches the global limit (sign-in itself is counted by its own limit).
    const signup = await callProcess(a.url, 'POST', '/v1/auth/signup', undefined, {
      name: 'Ana',
      email: uniqueEmail('ana'),
      password: 'correct horse battery',
    })
    expect(signup.status).toBe(201)
    const statuses: number[] = []
    // The signup was the first request of the window.
    for (let request = 1; request < RATE_LIMIT_PER_MINUTE; request++) {
      statuses.push((await callProcess(request % 2 === 0 ? a.url : b.url, 'GET', '/v1/me', signup.body.token)).status)
    }
    expect(statuses).toEqual(Array(RATE_LIMIT_PER_MINUTE - 1).fill(200))
    for (const server of [b, a]) {
      const refused = await callProcess(server.url, 'GET', '/v1/me', signup.body.token)
      expect(refused.status).toBe(429)
      expect(refused.body.error.code).toBe('rate_limited')
    }
  }, 60_000)
})

describe('without a shared Redis', () => {
  it('has each process count alone: alternated attempts get the limit once per process', async () => {
    const shared = await openTestDatabase()
    const one = await startTestServer({ database: shared, env: limits })
    const two = await startTestServer({ database: shared, env: limits })
    try {
      const email = uniqueEmail('mallory')
      const attempt = (server: typeof one) =>
        server.call('POST', '/v1/auth/signin', { body: { email, password: 'not the password' } })
      const statuses: number[] = []
      for (let n = 0; n < 2 * SIGNIN_MAX_ATTEMPTS; n++) statuses.push((await attempt(n % 2 === 0 ? one : two)).status)
      expect(statuses).toEqual(Array(2 * SIGNIN_MAX_ATTEMPTS).fill(401))
      expect((await attempt(one)).status).toBe(429)
      expect((await attempt(two)).status).toBe(429)
    } finally {
      await one.close()
      await two.close()
      await shared.dispose()
    }
  }, 60_000)

  it('lets requests through uncounted while Redis does not answer, and still closes', async () => {
    const port = await closedPort()
    const server = await startTestServer({
      env: { ...limits, REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_NAMESPACE: nameSpace },
    })
    try {
      const email = uniqueEmail('ana')
      for (let n = 0; n <= SIGNIN_MAX_ATTEMPTS + 1; n++) {
        const answer = await server.call('POST', '/v1/auth/signin', { body: { email, password: 'not the password' } })
        expect(answer.status).toBe(401)
      }
    } finally {
      await server.close()
    }
  }, 60_000)
})

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}
