/**
 * The real sync server (in-process, PGlite) under random requests from two
 * organizations' members of every role, a stranger, a caller with no token
 * and one with a forged token (tests/helpers/fuzz-requests.ts): pushes
 * well-formed and not, pulls from any cursor, own-data pushes and pulls,
 * lease grants and releases with any holder and fence, media uploads and
 * downloads. After each request:
 *
 * - the answer is a status the protocol documents for the route (never a
 *   5xx), a 4xx has the error shape with the code that status belongs to,
 *   a 2xx parses with the route's answer schema;
 * - nothing refused was applied: after every push the scope's log (pulled by
 *   its owner) gained only ops of mutations answered `applied`, or the
 *   server's own (a server clock); after a refused push, nothing;
 * - a pull answers only ops the log was seen to hold, never a row of the
 *   other organization or of another person, and only to members;
 * - a lease is granted only to roles that publish, one fence higher each
 *   time and never after its job finished, and released only by its holder
 *   and session under its fence; media is stored only with its true name,
 *   type and a role that writes, and served only to members of the org that
 *   stored it;
 * - GET /healthz answers 200.
 *
 * One server lives through all the runs, so the model (cursors, the ops seen,
 * mutation ids, leases, media) is kept from the server's answers, not reset.
 * The seed is fixed (FUZZ_SEED, default 9); FUZZ_RUNS raises the number of
 * runs for a longer search (README: Testing). On failure fast-check's message
 * carries the seed, the path and the shrunk requests.
 */
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { ROLES, type Role } from '../../src-shared/entities/enums'
import { can } from '../../src-shared/entities/permissions'
import { isCollabValue } from '../../src-shared/sync/collab-text'
import type { SyncOp } from '../../src-shared/sync/ops'
import {
  pullResponseSchema,
  pushResponseSchema,
  syncErrorSchema,
  type PullResponse,
  type SyncErrorCode,
} from '../../src-shared/sync/protocol'
import { leaseGrantSchema, leaseReleaseSchema } from '../../src-shared/sync/routes/leases'
import { storedMediaSchema } from '../../src-shared/sync/routes/media'
import { healthResponseSchema } from '../../src-shared/sync/server-api'
import {
  fuzzStep,
  OWN_CLIENT_IDS,
  type Actor,
  type FuzzRequest,
  type FuzzStep,
  type HlcSpec,
  type MediaSpec,
  type MutationSpec,
  type OrgPick,
  type RowIdPick,
  type SinceSpec,
  type TeamName,
  type ValueSpec,
} from '../helpers/fuzz-requests'
import { malformedClocks, malformedRowIds } from '../helpers/malformed'
import { draftPostOps, captionValue } from '../helpers/sync-device'
import { pngHeader } from '../helpers/png'
import { createTeam, startTestServer, type Answer, type Team, type TestServer } from '../helpers/sync-server'

const SEED = Number(process.env.FUZZ_SEED ?? 9)
const RUNS = Number(process.env.FUZZ_RUNS ?? 40)
const STEPS = 20

/** The statuses docs/sync-protocol.md gives each route (429 cannot happen: the test raises the limit). */
const DOCUMENTED: Record<Exclude<FuzzRequest['kind'], 'wait'>, number[]> = {
  push: [200, 400, 401, 403, 404, 409, 413, 426],
  rawPush: [200, 400, 401, 403, 404, 409, 413, 426],
  pull: [200, 400, 401, 403, 404],
  ownPush: [200, 400, 401, 403, 409, 413, 426],
  ownPull: [200, 400, 401],
  acquire: [200, 400, 401, 403, 404, 409],
  release: [200, 400, 401, 403, 404, 409],
  putMedia: [200, 201, 400, 401, 403, 404, 413],
  getMedia: [200, 400, 401, 403, 404],
}

/** The error table: each code's status. */
const STATUS_OF: Record<SyncErrorCode, number> = {
  invalid_request: 400,
  clock_skew: 400,
  unauthorized: 401,
  not_a_member: 403,
  forbidden: 403,
  not_found: 404,
  out_of_order: 409,
  conflict: 409,
  payload_too_large: 413,
  client_too_old: 426,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
}

const PUBLISHERS: readonly Role[] = ['owner', 'admin', 'editor']
const COMPLETING = new Set(['published', 'failed', 'needs_attention'])
const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  mp4: 'video/mp4',
  exe: 'application/octet-stream',
}

let server: TestServer
const teams = {} as Record<TeamName, Team & { membershipIds: Record<string, string> }>
let stranger: Awaited<ReturnType<TestServer['signup']>>

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '1000000', SERVER_PUBLISHING: 'false' } })
  for (const name of ['A', 'B'] as const) {
    const team = await createTeam(server, ['admin', 'editor', 'contributor', 'viewer'])
    const membershipIds: Record<string, string> = {}
    for (const role of ROLES) {
      const person = role === 'owner' ? team.owner : team.members[role]!
      const me = await server.call('GET', '/v1/me', { token: person.token })
      membershipIds[role] = me.body.orgs[0].membershipId
    }
    teams[name] = { ...team, membershipIds }
  }
  stranger = await server.signup('Stranger')
}, 60_000)
afterAll(() => server?.close())

// ---------------------------------------------------------------- who is calling

const other = (team: TeamName): TeamName => (team === 'A' ? 'B' : 'A')
const isRole = (actor: Actor): actor is Role => (ROLES as readonly string[]).includes(actor)

function personOf(home: TeamName, actor: Actor) {
  if (actor === 'stranger') return stranger
  if (!isRole(actor)) return null
  return actor === 'owner' ? teams[home].owner : teams[home].members[actor]!
}

function tokenOf(home: TeamName, actor: Actor): string | undefined {
  if (actor === 'anonymous') return undefined
  if (actor === 'forged') return 'forged-token-that-no-session-has'
  return personOf(home, actor)!.token
}

/** The org a request names, and whether the caller belongs to it with which role. */
function target(home: TeamName, actor: Actor, pick: OrgPick) {
  if (pick === 'unknown') return { orgId: 'org-nobody-attached', role: null, team: null }
  const team = pick === 'home' ? home : other(home)
  return { orgId: teams[team].orgId, role: pick === 'home' && isRole(actor) ? actor : null, team }
}

// ---------------------------------------------------------------- the model

/** One log: an org's, or a person's own. */
interface Scope {
  cursor: number
  /** op key → the values (as JSON) the log was seen to hold under it. */
  seen: Map<string, Set<string>>
  /** table|rowId of every row the log holds. */
  rows: Set<string>
}
const scopes = new Map<string, Scope>()
const scope = (key: string): Scope => {
  let found = scopes.get(key)
  if (!found) scopes.set(key, (found = { cursor: 0, seen: new Map(), rows: new Set() }))
  return found
}
const personalKey = (userId: string) => `me:${userId}`

const opKey = (op: Pick<SyncOp, 'table' | 'rowId' | 'field' | 'hlc'>) => `${op.table}|${op.rowId}|${op.field}|${op.hlc}`
const isServerClock = (hlc: string) => /^[0-9]{15}:[0-9]{5}:server(-|$)/.test(hlc)

/** JSON with sorted keys: jsonb keeps no key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
/** What the server received: the value as it went over the wire. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value) ?? 'null')

/** Last mutation id the server acknowledged, per scope and client id. */
const lastMutationId = new Map<string, number>()

interface LeaseModel {
  holder: string
  token: string | undefined
  fence: number
  outcome: string | null
}
const leases = new Map<string, LeaseModel>()

const storedMedia: Record<TeamName, string[]> = { A: [], B: [] }

// ---------------------------------------------------------------- answers

/** FUZZ_TALLY=1: how many answers of each kind the run got, to see that the requests reach the server's judging. */
const tally = new Map<string, number>()
function count(kind: string, answer: Answer) {
  const results = (answer.body?.results ?? []).map((result: { status: string }) => result.status).join(',')
  const line = `${kind} ${answer.status} ${answer.body?.error?.code ?? ''} ${results}`
  tally.set(line, (tally.get(line) ?? 0) + 1)
}

function expectDocumented(kind: keyof typeof DOCUMENTED, answer: Answer, context: string) {
  count(kind, answer)
  if (!DOCUMENTED[kind].includes(answer.status)) {
    fail(`${context}: ${answer.status} is not a documented answer: ${JSON.stringify(answer.body)}`)
  }
  if (answer.status >= 400) {
    const parsed = syncErrorSchema.safeParse(answer.body)
    if (!parsed.success) fail(`${context}: ${answer.status} without the error shape: ${JSON.stringify(answer.body)}`)
    else if (STATUS_OF[parsed.data.error.code] !== answer.status) {
      fail(`${context}: ${answer.status} with the code ${parsed.data.error.code}`)
    }
  }
}

function expectUnauthenticated(actor: Actor, answer: Answer, context: string) {
  if ((actor === 'anonymous' || actor === 'forged') && answer.status !== 401) {
    fail(`${context}: ${answer.status} without a session, not 401`)
  }
}

/**
 * Every op a pull answered must be one the log was seen to hold (by value, but for collaborative text,
 * whose snapshot is the merged state), and no row of another scope.
 */
function expectKnown(answer: PullResponse, own: Scope, others: Scope[], context: string) {
  const ops = answer.kind === 'changes' ? answer.changes.flatMap((c) => c.ops) : answer.snapshot
  for (const op of ops) {
    const row = `${op.table}|${op.rowId}`
    for (const foreign of others) {
      if (foreign.rows.has(row)) fail(`${context}: answered ${row}, a row of another scope`)
    }
    const values = own.seen.get(opKey(op))
    if (!values && isServerClock(op.hlc) && answer.kind === 'changes') continue
    if (!values) {
      fail(`${context}: answered an op the log was never seen to hold: ${JSON.stringify(op)}`)
      continue
    }
    if (!isCollabValue(op.value) && !values.has(canonical(op.value))) {
      fail(`${context}: answered ${opKey(op)} = ${canonical(op.value)}, never accepted`)
    }
  }
}

/**
 * Pulls a scope from its last cursor to the end, as a trusted reader (the org's owner, the person), and
 * records what is new. Every new op must be in `allowed` (by key and value) or carry a server clock.
 */
async function catchUp(key: string, base: string, token: string, allowed: Map<string, Set<string>>, context: string) {
  const log = scope(key)
  const fresh: SyncOp[] = []
  for (;;) {
    const answer = await server.call('GET', `${base}/pull?since=${log.cursor}`, { token })
    const parsed = pullResponseSchema.safeParse(answer.body)
    if (answer.status !== 200 || !parsed.success) {
      fail(`${context}: catching up ${key}: ${answer.status} ${JSON.stringify(answer.body)}`)
      return fresh
    }
    const page = parsed.data
    if (page.kind !== 'changes') {
      fail(`${context}: a reset for the newest cursor of ${key}`)
      return fresh
    }
    for (const op of page.changes.flatMap((c) => c.ops)) {
      const values = allowed.get(opKey(op))
      const server = isServerClock(op.hlc)
      if (!server && !values) {
        fail(`${context}: the log gained an op no applied mutation sent: ${JSON.stringify(op)}`)
      } else if (!server && !isCollabValue(op.value) && !values!.has(canonical(op.value))) {
        fail(`${context}: the log gained ${opKey(op)} = ${canonical(op.value)}, not what was applied`)
      }
      const seen = log.seen.get(opKey(op)) ?? new Set<string>()
      seen.add(canonical(op.value))
      log.seen.set(opKey(op), seen)
      log.rows.add(`${op.table}|${op.rowId}`)
      fresh.push(op)
    }
    log.cursor = page.cursor
    if (!page.hasMore) return fresh
  }
}

// ---------------------------------------------------------------- building requests

interface Resolving {
  /** The scope's own id: the org's, or for own data the person's. */
  scopeId: string
  otherOrgId: string
  selfId: string
  scopeKey: string
  userId: string
  /** Who sends, as a prefix of their own client ids. */
  caller: string
}

function resolveRowId(pick: RowIdPick, r: Resolving): string {
  if ('pool' in pick) return `row-${pick.pool}`
  if ('fresh' in pick) return pick.fresh
  if ('malformed' in pick) return malformedRowIds[pick.malformed]!.value
  return pick.special === 'ownOrg' ? r.scopeId : pick.special === 'otherOrg' ? r.otherOrgId : r.selfId
}

function resolveHlc(spec: HlcSpec): string {
  const now = server.clock.now().getTime()
  if ('malformed' in spec) return malformedClocks(now)[spec.malformed]!.value
  const wall = String(now + spec.wallOffsetMs).padStart(15, '0')
  return `${wall}:${String(spec.counter).padStart(5, '0')}:${spec.node}`
}

function deep(levels: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < levels; i++) value = [value]
  return value
}

function resolveValue(spec: ValueSpec, rowId: string, r: Resolving): unknown {
  if ('literal' in spec) return spec.literal
  switch (spec.special) {
    case 'ownOrg':
      return r.scopeId
    case 'otherOrg':
      return r.otherOrgId
    case 'rowId':
      return rowId
    case 'deep':
      return deep(40)
    case 'nulText':
      return 'a\u0000b'
    case 'nulKey':
      return { 'a\u0000': 1 }
    case 'loneSurrogate':
      return 'x\ud800y'
    case 'badYjs':
      return { yjs: 'not base64!' }
  }
}

function nextId(r: Resolving, clientId: string, pick: MutationSpec['mutationId'], local: Map<string, number>) {
  const key = `${r.scopeKey}|${clientId}`
  const last = local.get(key) ?? lastMutationId.get(key) ?? 0
  const id = pick === 'next' ? last + 1 : pick === 'again' ? last : pick === 'gap' ? last + 2 : pick
  if (pick === 'next') local.set(key, id)
  return id
}

function buildMutations(specs: MutationSpec[], r: Resolving) {
  const local = new Map<string, number>()
  return specs.map((spec) => {
    const hlc = resolveHlc(spec.ops[0]!.hlc)
    const templateRow = resolveRowId(spec.ops[0]!.rowId, r)
    let templateOps: Omit<SyncOp, 'hlc'>[] = []
    const template = spec.template
    if (template?.kind === 'draft') {
      templateOps = draftPostOps(r.scopeId, r.userId, '', templateRow).map((op) =>
        op.field === 'status'
          ? { ...op, value: template.status }
          : op.field === 'caption'
            ? { ...op, value: captionValue(template.caption) }
            : op,
      )
    } else if (template?.kind === 'profile') {
      templateOps = [{ table: 'users', rowId: r.userId, field: 'name', value: template.name }]
    }
    const ops = [
      ...templateOps.map((op) => ({ ...op, hlc })),
      ...spec.ops.slice(template ? (template.extraOps ? 1 : spec.ops.length) : 0).map((op) => {
        const rowId = resolveRowId(op.rowId, r)
        return {
          table: op.table,
          rowId,
          field: op.field,
          value: resolveValue(op.value, rowId, r),
          hlc: resolveHlc(op.hlc),
        }
      }),
    ]
    const clientId = (OWN_CLIENT_IDS as readonly string[]).includes(spec.clientId)
      ? `${r.caller}-${spec.clientId}`
      : spec.clientId
    return {
      clientId,
      mutationId: nextId(r, clientId, spec.mutationId, local),
      schemaVersion: spec.schemaVersion,
      ops,
    }
  })
}

function resolveSince(spec: SinceSpec, key: string | null): string {
  if ('literal' in spec) return spec.literal
  const cursor = key ? scope(key).cursor : 0
  return String(spec.relative === 'zero' ? 0 : spec.relative === 'cursor' ? cursor : cursor + 5)
}

/** A minimal JPEG start: SOI and an APP0 segment. */
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex')
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

function mediaBody(spec: MediaSpec): Buffer {
  if (spec.body === 'png') return pngHeader()
  if (spec.body === 'jpeg') return JPEG
  if (spec.body === 'html') return Buffer.from('<html><script>alert(1)</script></html>')
  if (spec.body === 'empty') return Buffer.alloc(0)
  return Buffer.from(spec.body.random)
}

const sniff = (bytes: Buffer) =>
  bytes.subarray(0, 8).equals(pngHeader().subarray(0, 8))
    ? 'png'
    : bytes.subarray(0, 3).equals(JPEG.subarray(0, 3))
      ? 'jpg'
      : null

// ---------------------------------------------------------------- one step

async function health(context: string) {
  const answer = await server.call('GET', '/healthz')
  if (answer.status !== 200 || !healthResponseSchema.safeParse(answer.body).success) {
    fail(`${context}: /healthz answered ${answer.status} ${JSON.stringify(answer.body)}`)
  }
}

async function push(
  step: FuzzStep,
  request: Extract<FuzzRequest, { kind: 'push' | 'rawPush' | 'ownPush' }>,
  context: string,
) {
  const { home } = step
  const person = personOf(home, request.who)
  const own = request.kind === 'ownPush'
  const { orgId, role, team } = own ? { orgId: '', role: null, team: null } : target(home, request.who, request.org)
  // The trusted reader of the scope written to: the org's owner, or the person for their own data.
  const key = own ? (person ? personalKey(person.user.id) : null) : team ? `org:${team}` : null
  const base = own ? '/v1/me' : `/v1/orgs/${orgId}`
  const readerToken = own ? person?.token : team ? teams[team].owner.token : undefined
  const r: Resolving = {
    scopeId: own ? (person?.user.id ?? 'nobody') : orgId,
    otherOrgId: teams[team ? other(team) : other(home)].orgId,
    selfId: own
      ? (person?.user.id ?? 'nobody')
      : teams[home].membershipIds[isRole(request.who) ? request.who : 'owner']!,
    scopeKey: key ?? 'none',
    userId: person?.user.id ?? 'nobody',
    caller: `${home}-${request.who}`,
  }
  const mutations = request.kind === 'rawPush' ? [] : buildMutations(request.mutations, r)
  const protocolVersion = request.kind === 'push' ? request.protocolVersion : 1
  if (key && readerToken) await catchUp(key, base, readerToken, new Map(), `${context} (before)`)

  const answer = await server.call('POST', `${base}/push`, {
    token: tokenOf(home, request.who),
    ...(request.kind === 'rawPush' ? { payload: request.payload } : { body: { protocolVersion, mutations } }),
  })
  expectDocumented(request.kind, answer, context)
  expectUnauthenticated(request.who, answer, context)
  if (!own && !role && answer.status === 200) fail(`${context}: a push from outside the org was answered 200`)

  const applied = new Map<string, Set<string>>()
  if (answer.status === 200) {
    const parsed = pushResponseSchema.safeParse(answer.body)
    const results = parsed.success ? parsed.data.results : []
    if (!parsed.success) fail(`${context}: not a push answer: ${JSON.stringify(answer.body)}`)
    else if (results.map((x) => x.mutationId).join() !== mutations.map((m) => m.mutationId).join()) {
      fail(`${context}: results ${JSON.stringify(results)} are not one per mutation`)
    }
    results.forEach((result, i) => {
      const mutation = mutations[i]
      if (!mutation) return
      if (result.status !== 'duplicate') lastMutationId.set(`${r.scopeKey}|${mutation.clientId}`, result.mutationId)
      if (result.status !== 'applied') return
      if (role === 'viewer') fail(`${context}: a viewer's mutation was applied`)
      for (const op of wire(mutation.ops)) {
        const values = applied.get(opKey(op)) ?? new Set<string>()
        values.add(canonical(op.value))
        applied.set(opKey(op), values)
      }
    })
  } else if (answer.body?.error?.code === 'out_of_order') {
    const mutation = mutations.find((m) => m.mutationId > answer.body.error.expectedMutationId)
    if (mutation) lastMutationId.set(`${r.scopeKey}|${mutation.clientId}`, answer.body.error.expectedMutationId - 1)
  }
  if (key && readerToken) {
    const fresh = await catchUp(key, base, readerToken, applied, context)
    if (answer.status !== 200 && fresh.length > 0) {
      fail(`${context}: refused with ${answer.status}, yet the log gained ${JSON.stringify(fresh)}`)
    }
  }
  for (const name of ['A', 'B'] as const) {
    for (const row of scope(`org:${name}`).rows) {
      if (scope(`org:${other(name)}`).rows.has(row)) fail(`${context}: ${row} is in both orgs' logs`)
    }
  }
}

async function pull(step: FuzzStep, request: Extract<FuzzRequest, { kind: 'pull' | 'ownPull' }>, context: string) {
  const { home } = step
  const person = personOf(home, request.who)
  const own = request.kind === 'ownPull'
  const { orgId, role, team } = own ? { orgId: '', role: null, team: null } : target(home, request.who, request.org)
  const key = own ? (person ? personalKey(person.user.id) : null) : team ? `org:${team}` : null
  const since = resolveSince(request.since, key)
  const limit = request.kind === 'pull' && request.limit !== undefined ? `&limit=${request.limit}` : ''
  const base = own ? '/v1/me' : `/v1/orgs/${orgId}`
  const answer = await server.call('GET', `${base}/pull?since=${encodeURIComponent(since)}${limit}`, {
    token: tokenOf(home, request.who),
  })
  expectDocumented(request.kind, answer, context)
  expectUnauthenticated(request.who, answer, context)
  if (answer.status !== 200) return
  if (!own && !role) fail(`${context}: a pull answered to someone outside the org`)
  const parsed = pullResponseSchema.safeParse(answer.body)
  if (!parsed.success) return fail(`${context}: not a pull answer: ${JSON.stringify(answer.body)}`)
  const page = parsed.data
  if (own) {
    // The first own pull writes the account's first change (server clocks): take it in before judging.
    await catchUp(key!, base, person!.token, new Map(), context)
    const others = [...scopes.entries()].filter(([k]) => k.startsWith('me:') && k !== key).map(([, s]) => s)
    expectKnown(page, scope(key!), others, context)
  } else {
    expectKnown(page, scope(key!), [scope(`org:${other(team!)}`)], context)
  }
}

async function acquire(step: FuzzStep, request: Extract<FuzzRequest, { kind: 'acquire' }>, context: string) {
  const { orgId, role, team } = target(step.home, request.who, request.org)
  const token = tokenOf(step.home, request.who)
  const answer = await server.call('POST', `/v1/orgs/${orgId}/leases`, { token, body: request.body })
  expectDocumented('acquire', answer, context)
  expectUnauthenticated(request.who, answer, context)
  if (answer.status !== 200) return
  const parsed = leaseGrantSchema.safeParse(answer.body)
  if (!parsed.success || !team) return fail(`${context}: granted ${JSON.stringify(answer.body)} in ${orgId}`)
  const key = `${team}|${String(request.body.jobId)}`
  const last = leases.get(key)
  // The model follows the server first, so a failure here does not make every later step fail too.
  leases.set(key, { holder: String(request.body.holder), token, fence: parsed.data.fence, outcome: null })
  if (!role || !PUBLISHERS.includes(role)) fail(`${context}: a lease granted to a ${role ?? 'non-member'}`)
  if (last?.outcome && COMPLETING.has(last.outcome)) fail(`${context}: a lease on a job that finished`)
  if (parsed.data.fence !== (last?.fence ?? 0) + 1) {
    fail(`${context}: fence ${parsed.data.fence} after ${last?.fence ?? 'none'}, not one higher`)
  }
}

async function release(step: FuzzStep, request: Extract<FuzzRequest, { kind: 'release' }>, context: string) {
  const { orgId, role, team } = target(step.home, request.who, request.org)
  const token = tokenOf(step.home, request.who)
  const last = team ? leases.get(`${team}|${request.jobId}`) : undefined
  const fence =
    request.fence === 'current'
      ? (last?.fence ?? 1)
      : request.fence === 'previous'
        ? (last?.fence ?? 1) - 1
        : request.fence
  const body = { holder: request.holder, fence, outcome: request.outcome }
  const answer = await server.call('POST', `/v1/orgs/${orgId}/leases/${encodeURIComponent(request.jobId)}/release`, {
    token,
    body,
  })
  expectDocumented('release', answer, context)
  expectUnauthenticated(request.who, answer, context)
  if (answer.status !== 200) return
  if (!leaseReleaseSchema.safeParse(answer.body).success) fail(`${context}: released ${JSON.stringify(answer.body)}`)
  if (!role || !PUBLISHERS.includes(role)) fail(`${context}: a release accepted from a ${role ?? 'non-member'}`)
  if (!last) return fail(`${context}: a release accepted for a job never leased`)
  if (last.holder !== request.holder || last.token !== token) {
    fail(`${context}: a release accepted from ${String(request.holder)}, not the holder ${last.holder} and its session`)
  }
  if (last.fence !== fence) fail(`${context}: a release accepted under fence ${String(fence)}, not ${last.fence}`)
  if (last.outcome !== null && last.outcome !== request.outcome) {
    fail(`${context}: a second outcome ${String(request.outcome)} accepted after ${last.outcome}`)
  }
  last.outcome = String(request.outcome)
}

async function putMedia(step: FuzzStep, request: Extract<FuzzRequest, { kind: 'putMedia' }>, context: string) {
  const { orgId, role, team } = target(step.home, request.who, request.org)
  const bytes = mediaBody(request.file)
  const spec = request.file.name
  const name =
    'hash' in spec
      ? `${sha256(bytes)}.${spec.hash === 'own' ? (sniff(bytes) ?? 'png') : spec.hash}`
      : 'otherHash' in spec
        ? `${sha256(Buffer.from('another file'))}.${spec.otherHash}`
        : spec.literal
  const ext = name.slice(name.lastIndexOf('.') + 1)
  const contentType = request.file.contentType === 'match' ? MEDIA_TYPES[ext] : request.file.contentType
  const token = tokenOf(step.home, request.who)
  const response = await server.app.inject({
    method: 'PUT',
    url: `/v1/orgs/${orgId}/media/${name}`,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(contentType ? { 'content-type': contentType } : {}),
    },
    payload: bytes,
  })
  const answer: Answer = {
    status: response.statusCode,
    body: response.body ? JSON.parse(response.body) : undefined,
    headers: {},
  }
  expectDocumented('putMedia', answer, context)
  expectUnauthenticated(request.who, answer, context)
  if (answer.status >= 300) return
  const stored = storedMediaSchema.safeParse(answer.body)
  if (!stored.success || !team) return fail(`${context}: stored ${JSON.stringify(answer.body)} in ${orgId}`)
  const list = storedMedia[team]
  const first = !list.includes(name)
  if (first) list.push(name)
  if (!role || !can(role, 'posts.create')) fail(`${context}: media stored for a ${role ?? 'non-member'}`)
  if (name !== `${sha256(bytes)}.${ext}` || contentType !== MEDIA_TYPES[ext] || sniff(bytes) !== ext) {
    fail(`${context}: stored ${name} (${String(contentType)}) for bytes that are not it`)
  }
  if (stored.data.created !== first) fail(`${context}: created ${stored.data.created}, yet stored before: ${!first}`)
}

async function getMedia(step: FuzzStep, request: Extract<FuzzRequest, { kind: 'getMedia' }>, context: string) {
  const { orgId, role, team } = target(step.home, request.who, request.org)
  const pick = request.name
  const list = 'stored' in pick ? storedMedia[pick.stored] : []
  const name =
    'stored' in pick ? (list[pick.index % Math.max(list.length, 1)] ?? `${'1'.repeat(64)}.png`) : pick.literal
  const token = tokenOf(step.home, request.who)
  const response = await server.app.inject({
    method: 'GET',
    url: `/v1/orgs/${orgId}/media/${name}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
  const json = (response.headers['content-type'] ?? '').toString().includes('json')
  const answer: Answer = {
    status: response.statusCode,
    body: json ? JSON.parse(response.body) : undefined,
    headers: {},
  }
  expectDocumented('getMedia', answer, context)
  expectUnauthenticated(request.who, answer, context)
  const here = team ? storedMedia[team].includes(name) : false
  if (answer.status === 200) {
    if (!role) fail(`${context}: media served to a non-member`)
    if (!here) fail(`${context}: served ${name}, which this org never stored`)
    if (`${sha256(response.rawPayload)}.${name.split('.')[1]}` !== name) fail(`${context}: bytes that are not ${name}`)
  } else if (role && here) {
    fail(`${context}: ${answer.status} for ${name}, stored in this org`)
  }
}

/** What went wrong in this step: checks record and go on, so the model keeps following the server. */
let problems: string[] = []
function fail(problem: string): void {
  problems.push(problem)
}

async function send(step: FuzzStep, index: number) {
  const { request } = step
  const context = `step ${index} (${request.kind} by the ${'who' in request ? request.who : ''} of ${step.home}${'org' in request ? ` to ${request.org}` : ''})`
  switch (request.kind) {
    case 'push':
    case 'rawPush':
    case 'ownPush':
      await push(step, request, context)
      break
    case 'pull':
    case 'ownPull':
      await pull(step, request, context)
      break
    case 'acquire':
      await acquire(step, request, context)
      break
    case 'release':
      await release(step, request, context)
      break
    case 'putMedia':
      await putMedia(step, request, context)
      break
    case 'getMedia':
      await getMedia(step, request, context)
      break
    case 'wait':
      server.clock.advance(request.ms)
      break
  }
  await health(context)
  if (problems.length > 0) {
    const found = problems
    problems = []
    throw new Error(found.join('\n'))
  }
}

describe('the sync server under random requests (fuzz)', () => {
  it(`answers only documented statuses, applies nothing refused and keeps orgs apart (seed ${SEED}, ${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzStep, { minLength: 1, maxLength: STEPS }), async (steps) => {
        for (const [i, step] of steps.entries()) await send(step, i)
      }),
      { seed: SEED, numRuns: RUNS, verbose: 1 },
    )
    if (process.env.FUZZ_TALLY)
      console.log(
        [...tally]
          .sort()
          .map(([line, n]) => `${n}\t${line}`)
          .join('\n'),
      )
  }, 600_000)
})
