/** The real sync server in-process on a fresh database, with a clock the test moves and helpers to call it. */
import { randomBytes } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import { buildApp, type SyncServerApp } from '../../sync-server/app'
import type { Clock } from '../../sync-server/clock'
import { loadConfig, type ServerConfig } from '../../sync-server/config'
import type { PokeBus } from '../../sync-server/pokes/bus'
import type { SessionResponse } from '../../src-shared/sync/server-api'
import { openTestDatabase, type TestDatabase } from './databases'

export class TestClock implements Clock {
  constructor(private current = new Date('2026-03-01T09:00:00Z')) {}
  now = () => new Date(this.current)
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms)
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers by their documented shape
export interface Answer<T = any> {
  status: number
  body: T
  headers: Record<string, string | string[] | number | undefined>
}

export interface TestServer {
  app: SyncServerApp
  database: TestDatabase
  clock: TestClock
  config: ServerConfig
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  call<T = any>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    options?: { token?: string; body?: unknown; payload?: string; headers?: Record<string, string> },
  ): Promise<Answer<T>>
  /** Signs up a new person with a unique email and returns their session. */
  signup(name?: string, id?: string): Promise<SessionResponse & { email: string; password: string }>
  close(): Promise<void>
}

export const uniqueEmail = (name = 'user') => `${name.toLowerCase()}.${randomBytes(4).toString('hex')}@example.com`

export async function startTestServer(
  options: {
    kind?: 'pglite' | 'postgres'
    env?: Record<string, string>
    bus?: PokeBus
    database?: TestDatabase
    liveHeartbeatMs?: number
  } = {},
): Promise<TestServer> {
  const database = options.database ?? (await openTestDatabase(options.kind))
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env })
  const clock = new TestClock()
  const app = await buildApp({
    config,
    db: database,
    clock,
    bus: options.bus,
    housekeeping: false,
    liveHeartbeatMs: options.liveHeartbeatMs,
  })
  await app.ready()

  const server: TestServer = {
    app,
    database,
    clock,
    config,
    async call(method, url, { token, body, payload, headers = {} } = {}) {
      const response = await app.inject({
        method,
        url,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined || payload !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        payload: payload ?? (body === undefined ? undefined : JSON.stringify(body)),
      })
      const text = response.body
      return { status: response.statusCode, body: text ? JSON.parse(text) : undefined, headers: response.headers }
    },
    async signup(name = 'Ana', id) {
      const email = uniqueEmail(name)
      const password = 'correct horse battery'
      const answer = await server.call('POST', '/v1/auth/signup', { body: { id, name, email, password } })
      if (answer.status !== 201) throw new Error(`signup failed: ${answer.status} ${JSON.stringify(answer.body)}`)
      return { ...answer.body, email, password }
    },
    async close() {
      await app.close()
      if (!options.database) await database.dispose()
    },
  }
  return server
}

type Session = Awaited<ReturnType<TestServer['signup']>>

export interface Team {
  orgId: string
  owner: Session
  /** One person per role asked for, joined by invitation. */
  members: Record<string, Session>
}

/** An organization attached by its owner, with one member per role joined by invitation. */
export async function createTeam(server: TestServer, roles: string[] = []): Promise<Team> {
  const owner = await server.signup('Olga')
  const orgId = uuidv7()
  const created = await server.call('POST', '/v1/orgs', {
    token: owner.token,
    body: { id: orgId, name: 'Acme Coffee', timezone: 'Europe/Paris' },
  })
  if (created.status !== 201) throw new Error(`attach failed: ${JSON.stringify(created.body)}`)
  const members: Record<string, Session> = {}
  for (const role of roles) {
    const person = await server.signup(role)
    const invitation = await server.call('POST', `/v1/orgs/${orgId}/invitations`, {
      token: owner.token,
      body: { role },
    })
    const accepted = await server.call('POST', '/v1/invitations/accept', {
      token: person.token,
      body: { code: invitation.body.code },
    })
    if (accepted.status !== 200) throw new Error(`join failed: ${JSON.stringify(accepted.body)}`)
    members[role] = person
  }
  return { orgId, owner, members }
}
