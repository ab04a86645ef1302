/**
 * Load: LOAD_CLIENTS (200) syncing clients on loopback against one real sync
 * server in a child process (`sync-server/main.ts`, on PGlite, then on this
 * machine's PostgreSQL when it answers), for LOAD_SECONDS (60). Each client
 * is a person in a team of ten (one organization each) and holds a live
 * socket, and loops: push one small mutation, pull from its cursor, think
 * 50–250 ms. Reported: requests, errors (any non-2xx answer, refused
 * mutation, failed or dropped socket; the bench exits non-zero on any), push
 * and pull p50/p99, the server's resident memory at start, its peak, and 10 s
 * after the clients leave (LOAD_SETTLE_SECONDS).
 *
 * Baseline: the same clients and pattern against plain Fastify answering
 * fixed JSON in a child process of its own (tests/bench/trivial-server.ts).
 *
 * The client side is kept cheap so the two shared cores measure the server:
 * one keep-alive agent with at most LOAD_CONNECTIONS (64) connections, small
 * bodies, no parsing beyond the answer's JSON.
 * `LOAD_SECONDS=5 LOAD_CLIENTS=20 npx tsx tests/bench/load.ts` runs it alone.
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { v7 as uuidv7 } from 'uuid'
import WebSocket from 'ws'
import { encodeHlc, tickHlc, type Hlc } from '../../src-shared/sync/hlc'
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../src-shared/sync/protocol'
import { createPostgresDatabase, freshPgliteDir } from '../helpers/databases'
import { draftPostOps, type OpInput } from '../helpers/sync-device'
import { uniqueEmail } from '../helpers/sync-server'
import { ms, percentile, printTable, type Row } from './measure'
import { mb, startServerProcess, type ServerProcess } from './server-process'

const env = (name: string, fallback: number) => Number(process.env[name] || fallback)
const TEAM_SIZE = 10
const PASSWORD = 'correct horse battery'

export interface LoadOptions {
  clients?: number
  seconds?: number
  settleSeconds?: number
  connections?: number
}

interface Client {
  token: string
  userId: string
  orgId: string
  clientId: string
  clock: Hlc | null
  mutationId: number
  cursor: number
  postId: string | null
  socket: WebSocket | null
}

interface Run {
  requests: number
  errors: number
  firstErrors: string[]
  push: number[]
  pull: number[]
  pokes: number
  rssStart: number
  rssPeak: number
  rssAfter: number
  /** Live JavaScript heap after a full collection: once the server is quiet, and once the clients have left. */
  heapStart: number
  heapAfter: number
  elapsedMs: number
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read by their documented shape
type Json = any

/** One request on the shared keep-alive agent: its status, parsed JSON, and how long it took. */
function call(agent: Agent, server: ServerProcess, method: string, path: string, token?: string, body?: unknown) {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  const start = performance.now()
  return new Promise<{ status: number; body: Json; ms: number }>((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: Json
          try {
            parsed = text ? JSON.parse(text) : undefined
          } catch {
            parsed = text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - start })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** Runs `work` over `items`, `limit` at a time. */
async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

/** People in teams of TEAM_SIZE, one organization each: its owner signs up and invites the rest. */
async function createClients(agent: Agent, server: ServerProcess, count: number): Promise<Client[]> {
  const ok = async (answer: Promise<{ status: number; body: Json }>, what: string) => {
    const { status, body } = await answer
    if (status >= 300) throw new Error(`${what} failed: ${status} ${JSON.stringify(body)}`)
    return body
  }
  const signup = (name: string) =>
    ok(
      call(agent, server, 'POST', '/v1/auth/signup', undefined, { name, email: uniqueEmail(name), password: PASSWORD }),
      'signup',
    )
  const client = (session: Json, orgId: string): Client => ({
    token: session.token,
    userId: session.user.id,
    orgId,
    clientId: uuidv7(),
    clock: null,
    mutationId: 0,
    cursor: 0,
    postId: null,
    socket: null,
  })
  const teams = Array.from({ length: Math.ceil(count / TEAM_SIZE) }, (_, i) =>
    Math.min(TEAM_SIZE, count - i * TEAM_SIZE),
  )
  const clients: Client[] = []
  // Two at a time: sign-up hashes each password with scrypt, and the machine has two cores.
  await inBatches(teams, 2, async (size) => {
    const owner = await signup('Owner')
    const orgId = uuidv7()
    await ok(
      call(agent, server, 'POST', '/v1/orgs', owner.token, { id: orgId, name: 'Load', timezone: 'UTC' }),
      'attach',
    )
    clients.push(client(owner, orgId))
    for (let i = 1; i < size; i++) {
      const person = await signup('Member')
      const invitation = await ok(
        call(agent, server, 'POST', `/v1/orgs/${orgId}/invitations`, owner.token, { role: 'editor' }),
        'invite',
      )
      await ok(call(agent, server, 'POST', '/v1/invitations/accept', person.token, { code: invitation.code }), 'accept')
      clients.push(client(person, orgId))
    }
  })
  return clients
}

/** Stand-ins for the baseline server, which checks nothing. */
const anonymousClients = (count: number): Client[] =>
  Array.from({ length: count }, () => ({
    token: randomBytes(32).toString('base64url'),
    userId: uuidv7(),
    orgId: uuidv7(),
    clientId: uuidv7(),
    clock: null,
    mutationId: 0,
    cursor: 0,
    postId: null,
    socket: null,
  }))

function openSocket(server: ServerProcess, client: Client, onMessage: () => void): Promise<WebSocket> {
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/v1/live`, {
    headers: { authorization: `Bearer ${client.token}` },
  })
  return new Promise((resolve, reject) => {
    socket.once('message', () => {
      // The hello: the socket is live.
      socket.on('message', onMessage)
      resolve(socket)
    })
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: ${response.statusCode}`)),
    )
    socket.once('error', reject)
  })
}

async function drive(server: ServerProcess, clients: Client[], options: Required<LoadOptions>): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const run: Run = {
    requests: 0,
    errors: 0,
    firstErrors: [],
    push: [],
    pull: [],
    pokes: 0,
    rssStart: 0,
    rssPeak: 0,
    rssAfter: 0,
    heapStart: 0,
    heapAfter: 0,
    elapsedMs: 0,
  }
  const fail = (what: string) => {
    run.errors += 1
    if (run.firstErrors.length < 5) run.firstErrors.push(what)
  }
  await server.quiet()
  run.heapStart = await server.liveHeap()
  run.rssStart = server.rss()
  const watch = server.watchPeak()
  let leaving = false

  await inBatches(clients, 20, async (client) => {
    try {
      client.socket = await openSocket(server, client, () => (run.pokes += 1))
      client.socket.on('close', (code) => {
        if (!leaving) fail(`live socket closed: ${code}`)
      })
    } catch (error) {
      fail(`live socket: ${(error as Error).message}`)
    }
  })

  const start = performance.now()
  const end = start + options.seconds * 1000
  const loop = async (client: Client) => {
    while (performance.now() < end) {
      // The first push drafts a post; later ones change one field of it, as an edit does.
      let ops: OpInput[]
      if (client.postId)
        ops = [{ table: 'posts', rowId: client.postId, field: 'tags', value: [`t${client.mutationId}`] }]
      else {
        client.postId = uuidv7()
        ops = draftPostOps(client.orgId, client.userId, 'Under load', client.postId)
      }
      client.clock = tickHlc(client.clock, Date.now(), client.clientId)
      const hlc = encodeHlc(client.clock)
      client.mutationId += 1
      const mutation = { clientId: client.clientId, mutationId: client.mutationId, schemaVersion: SCHEMA_VERSION }
      try {
        const pushed = await call(agent, server, 'POST', `/v1/orgs/${client.orgId}/push`, client.token, {
          protocolVersion: PROTOCOL_VERSION,
          mutations: [{ ...mutation, ops: ops.map((op) => ({ ...op, hlc })) }],
        })
        run.requests += 1
        run.push.push(pushed.ms)
        if (pushed.status !== 200 || pushed.body?.results?.[0]?.status !== 'applied') {
          fail(`push: ${pushed.status} ${JSON.stringify(pushed.body).slice(0, 200)}`)
        }
        const pulled = await call(
          agent,
          server,
          'GET',
          `/v1/orgs/${client.orgId}/pull?since=${client.cursor}`,
          client.token,
        )
        run.requests += 1
        run.pull.push(pulled.ms)
        if (pulled.status !== 200) fail(`pull: ${pulled.status} ${JSON.stringify(pulled.body).slice(0, 200)}`)
        else client.cursor = pulled.body.cursor
      } catch (error) {
        fail(`request: ${(error as Error).message}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200))
    }
  }
  await Promise.all(clients.map(loop))
  run.elapsedMs = performance.now() - start

  leaving = true
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve) => {
          if (!client.socket || client.socket.readyState === WebSocket.CLOSED) return resolve()
          client.socket.once('close', () => resolve())
          client.socket.close()
        }),
    ),
  )
  agent.destroy()
  run.rssPeak = watch.stop()
  await new Promise((resolve) => setTimeout(resolve, options.settleSeconds * 1000))
  run.rssAfter = server.rss()
  run.heapAfter = await server.liveHeap()
  return run
}

async function ourServer(kind: 'pglite' | 'postgres') {
  const common = { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000', SERVER_PUBLISHING: 'false' }
  if (kind === 'pglite') {
    const dataDir = await freshPgliteDir()
    const server = await startServerProcess('sync-server/main.ts', { ...common, DATA_DIR: dataDir })
    return { server, dispose: () => rmSync(dataDir, { recursive: true, force: true }) }
  }
  const database = await createPostgresDatabase()
  const server = await startServerProcess('sync-server/main.ts', {
    ...common,
    DATABASE_URL: database.url,
    SERVER_SECRET_KEY: randomBytes(32).toString('base64'),
  })
  return { server, dispose: () => database.drop() }
}

async function postgresAnswers(): Promise<boolean> {
  try {
    const probe = await createPostgresDatabase()
    await probe.drop()
    return true
  } catch {
    return false
  }
}

function rows(label: string, settleSeconds: number, ours: Run, base: Run): Row[] {
  const rate = (run: Run) => `${Math.round((run.requests / run.elapsedMs) * 1000).toLocaleString('en')}/s`
  const p = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 99))}`
  const pRatio = (a: number[], b: number[]) =>
    `${(percentile(a, 50) / percentile(b, 50)).toFixed(1)} / ${(percentile(a, 99) / percentile(b, 99)).toFixed(1)}`
  const memory = (run: Run) => `${mb(run.rssPeak)} (start ${mb(run.rssStart)})`
  const heap = (run: Run) =>
    `${mb(run.heapAfter)} (start ${mb(run.heapStart)}, ${(run.heapAfter / run.heapStart).toFixed(2)} × start)`
  const after = (run: Run) => `${mb(run.rssAfter)} (${(run.rssAfter / run.rssStart).toFixed(2)} × start)`
  return [
    {
      measure: `${label}: requests, errors`,
      ours: `${ours.requests.toLocaleString('en')} (${rate(ours)}), ${ours.errors} errors, ${ours.pokes} pokes`,
      baseline: `${base.requests.toLocaleString('en')} (${rate(base)}), ${base.errors} errors, fixed JSON`,
      ratio: (ours.requests / ours.elapsedMs / (base.requests / base.elapsedMs)).toFixed(2),
    },
    {
      measure: `${label}: push p50 / p99`,
      ours: p(ours.push),
      baseline: p(base.push),
      ratio: pRatio(ours.push, base.push),
    },
    {
      measure: `${label}: pull p50 / p99`,
      ours: p(ours.pull),
      baseline: p(base.pull),
      ratio: pRatio(ours.pull, base.pull),
    },
    {
      measure: `${label}: server peak memory (RSS)`,
      ours: memory(ours),
      baseline: memory(base),
      ratio: (ours.rssPeak / base.rssPeak).toFixed(1),
    },
    {
      measure: `${label}: RSS ${settleSeconds} s after they leave`,
      ours: after(ours),
      baseline: after(base),
      ratio: (ours.rssAfter / ours.rssStart / (base.rssAfter / base.rssStart)).toFixed(2),
    },
    {
      measure: `${label}: live JS heap after a full GC, after they leave`,
      ours: heap(ours),
      baseline: heap(base),
      ratio: (ours.heapAfter / ours.heapStart / (base.heapAfter / base.heapStart)).toFixed(2),
    },
  ]
}

export async function loadBench(options: LoadOptions = {}): Promise<{ rows: Row[]; problems: string[] }> {
  const settings: Required<LoadOptions> = {
    clients: options.clients ?? env('LOAD_CLIENTS', 200),
    seconds: options.seconds ?? env('LOAD_SECONDS', 60),
    settleSeconds: options.settleSeconds ?? env('LOAD_SETTLE_SECONDS', 10),
    connections: options.connections ?? env('LOAD_CONNECTIONS', 64),
  }
  const baseline = await startServerProcess('tests/bench/trivial-server.ts', {})
  const base = await drive(baseline, anonymousClients(settings.clients), settings)
  await baseline.stop()

  const kinds: ('pglite' | 'postgres')[] = (await postgresAnswers()) ? ['pglite', 'postgres'] : ['pglite']
  const result: Row[] = []
  const problems: string[] = []
  for (const kind of kinds) {
    const { server, dispose } = await ourServer(kind)
    const setupAgent = new Agent({ keepAlive: true, maxSockets: 4 })
    const clients = await createClients(setupAgent, server, settings.clients)
    setupAgent.destroy()
    const ours = await drive(server, clients, settings)
    await server.stop()
    await dispose()
    const label = `${settings.clients} clients × ${settings.seconds} s (${kind})`
    result.push(...rows(label, settings.settleSeconds, ours, base))
    if (ours.errors > 0) problems.push(`${label}: ${ours.errors} errors, first: ${ours.firstErrors.join('; ')}`)
  }
  if (base.errors > 0) problems.push(`baseline: ${base.errors} errors, first: ${base.firstErrors.join('; ')}`)
  return { rows: result, problems }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows: table, problems } = await loadBench()
  printTable(table)
  if (problems.length > 0) {
    console.error(`\nLoad bench failed: ${problems.join('; ')}`)
    process.exitCode = 1
  }
}
