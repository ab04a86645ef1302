/**
 * Random requests to the sync server, as plain data (fast-check arbitraries)
 * that name who sends them and what they point at (an org, a pooled row id,
 * a stored media name) without knowing the ids: the fuzz test
 * (tests/property/sync-server-fuzz.property.test.ts) resolves them against
 * the real server's teams when it sends them, so one seed replays the same
 * requests. Most are well-formed enough to get past the schemas, so the
 * server's own judging (roles, rows of another org, merge, leases' holders
 * and fences, media hashes) is reached; the rest are the mistakes and
 * tampering a client could send: bad clocks and ids, NUL, deep JSON, unknown
 * tables and fields, out-of-range numbers.
 */
import fc from 'fast-check'
import { ROLES } from '../../src-shared/entities/enums'
import { LEASE_OUTCOMES } from '../../src-shared/sync/routes/leases'
import { orgEntities, userEntities } from '../../sync-server/db/entity-tables'
import { ORG_TABLES } from '../../src-shared/sync/op-permissions'
import { USER_TABLES } from '../../src-shared/sync/user-tables'
import { malformedClocks, malformedRowIds } from './malformed'

/** Every role in both orgs, someone in neither, a caller with no token and one with a made-up token. */
export const ACTORS = [...ROLES, 'stranger', 'anonymous', 'forged'] as const
export type Actor = (typeof ACTORS)[number]
export type TeamName = 'A' | 'B'
/** Which org a request names: the sender's own, the other team's, or one the server never heard of. */
export type OrgPick = 'home' | 'other' | 'unknown'

/** A row id: from a small pool shared by both orgs (so one org's rows get pushed to the other), or special. */
export type RowIdPick =
  { pool: number } | { special: 'ownOrg' | 'otherOrg' | 'self' } | { malformed: number } | { fresh: string }

export type HlcSpec = { wallOffsetMs: number; counter: number; node: string } | { malformed: number }

/** A value an op carries: literal JSON, or one the test fills in (an org id, the row id, an oversized value). */
export type ValueSpec =
  | { literal: unknown }
  | { special: 'ownOrg' | 'otherOrg' | 'rowId' | 'deep' | 'nulText' | 'nulKey' | 'loneSurrogate' | 'badYjs' }

export interface OpSpec {
  table: string
  rowId: RowIdPick
  field: string
  value: ValueSpec
  hlc: HlcSpec
}

export interface MutationSpec {
  clientId: string
  /** `next`: one after the last the server acknowledged for this client; `again`: that one; `gap`: two ahead. */
  mutationId: 'next' | 'again' | 'gap' | number
  schemaVersion: number
  ops: OpSpec[]
  /**
   * Instead of random ops alone, a write a desktop makes (a draft post with its audit row, a profile rename),
   * at the first op's row id and clock, then (extraOps) the rest of the ops: so some mutations are applied.
   */
  template?:
    | { kind: 'draft'; status: string; caption: string; extraOps: boolean }
    | { kind: 'profile'; name: string; extraOps: boolean }
}

export type FuzzRequest =
  | { kind: 'push'; who: Actor; org: OrgPick; mutations: MutationSpec[]; protocolVersion: number }
  | { kind: 'rawPush'; who: Actor; org: OrgPick; payload: string }
  | { kind: 'pull'; who: Actor; org: OrgPick; since: SinceSpec; limit: string | undefined }
  | { kind: 'ownPush'; who: Actor; mutations: MutationSpec[] }
  | { kind: 'ownPull'; who: Actor; since: SinceSpec }
  | { kind: 'acquire'; who: Actor; org: OrgPick; body: Record<string, unknown> }
  | {
      kind: 'release'
      who: Actor
      org: OrgPick
      jobId: string
      holder: unknown
      /** `current`: the fence of the job's last grant, as the test saw it. */
      fence: 'current' | 'previous' | unknown
      outcome: unknown
    }
  | { kind: 'putMedia'; who: Actor; org: OrgPick; file: MediaSpec }
  | { kind: 'getMedia'; who: Actor; org: OrgPick; name: MediaNamePick }
  | { kind: 'wait'; ms: number }

/** `cursor`: the newest cursor the test saw for the scope; `ahead`: past it (a reset). */
export type SinceSpec = { literal: string } | { relative: 'cursor' | 'ahead' | 'zero' }

export interface MediaSpec {
  /** The body: a PNG header, a JPEG start, HTML, random bytes, or nothing. */
  body: 'png' | 'jpeg' | 'html' | 'empty' | { random: number[] }
  /**
   * `hash`: the body's sha256 (the only good name) with this extension (`own`: the one its bytes are, png for
   * bytes that are no image); `otherHash`: another file's; or a literal.
   */
  name: { hash: string } | { otherHash: string } | { literal: string }
  contentType: string | undefined
}

/** A name stored in this org, in the other org, or anything. */
export type MediaNamePick = { stored: TeamName; index: number } | { literal: string }

export const ROW_POOL_SIZE = 8
export const JOB_POOL = ['job-1', 'job-2', 'job-3', 'job-4'] as const
/** Client ids and lease holders: a few shared by everyone (so one person uses another's), and bad ones. */
const CLIENT_IDS = ['dev-1', 'dev-2', 'dev-3', 'dev-4', 'dev-5', 'dev-6']
/** Client ids the fuzz test makes the sender's own: `mine-1` of the editor of A is `A-editor-mine-1`. */
export const OWN_CLIENT_IDS = ['mine-1', 'mine-2'] as const
const HOLDERS = ['dev-1', 'dev-2', 'dev-3', 'laptop.a:1']

const actor = fc.constantFrom(...ACTORS)
const members = fc.constantFrom<Actor>(...ROLES)
/** Mostly members (so the server's judging is reached), sometimes anyone. */
const who = fc.oneof({ weight: 4, arbitrary: members }, { weight: 1, arbitrary: actor })
const org = fc.oneof(
  { weight: 8, arbitrary: fc.constant<OrgPick>('home') },
  { weight: 2, arbitrary: fc.constant<OrgPick>('other') },
  { weight: 1, arbitrary: fc.constant<OrgPick>('unknown') },
)

const nul = fc.string({ maxLength: 6 }).map((s) => `${s}\u0000${s}`)

/** Text that is mostly harmless and sometimes NUL, a quote or a very long line. */
const text = fc.oneof(
  { weight: 20, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: nul },
  { weight: 1, arbitrary: fc.constantFrom(`'; DROP TABLE posts; --`, '\\', '"', '💥', 'a'.repeat(5000)) },
)

const orgColumns = new Map(ORG_TABLES.map((t) => [t, [...orgEntities(t)!.columns.keys()]]))
const userColumns = new Map(USER_TABLES.map((t) => [t, [...userEntities(t)!.columns.keys()]]))

const rowId: fc.Arbitrary<RowIdPick> = fc.oneof(
  { weight: 30, arbitrary: fc.nat(ROW_POOL_SIZE - 1).map((pool) => ({ pool })) },
  { weight: 6, arbitrary: fc.constantFrom('ownOrg', 'otherOrg', 'self').map((special) => ({ special })) },
  { weight: 1, arbitrary: fc.nat(malformedRowIds.length - 1).map((malformed) => ({ malformed })) },
  { weight: 8, arbitrary: fc.uuid().map((fresh) => ({ fresh })) },
)

const hlc: fc.Arbitrary<HlcSpec> = fc.oneof(
  {
    weight: 40,
    arbitrary: fc.record({
      // A day behind the server up to ten minutes ahead of it (over five is clock_skew).
      wallOffsetMs: fc.integer({ min: -86_400_000, max: 600_000 }),
      counter: fc.nat(99_999),
      node: fc.constantFrom(...CLIENT_IDS, 'server', 'server-1234'),
    }),
  },
  { weight: 1, arbitrary: fc.nat(malformedClocks(0).length - 1).map((malformed) => ({ malformed })) },
)

const value: fc.Arbitrary<ValueSpec> = fc.oneof(
  { weight: 4, arbitrary: text.map((literal) => ({ literal })) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean()).map((literal) => ({ literal })) },
  { weight: 2, arbitrary: fc.constant({ literal: null }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((literal) => ({ literal })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('draft', 'approved', 'scheduled', 'published').map((literal) => ({ literal })),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('ownOrg', 'otherOrg', 'rowId', 'deep', 'nulText', 'nulKey', 'loneSurrogate', 'badYjs')
      .map((special) => ({ special })),
  },
)

/** An op on a real table and column most of the time; else an unknown table or field. */
function op(tables: readonly string[], columns: Map<string, string[]>): fc.Arbitrary<OpSpec> {
  const known = fc.constantFrom(...tables).chain((table) =>
    fc.record({
      table: fc.constant(table),
      field: fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...columns.get(table)!) },
        { weight: 1, arbitrary: text },
      ),
    }),
  )
  const unknown = fc.record({
    table: fc.oneof(fc.constantFrom('sqlite_master', 'users', 'posts ', 'change_log', 'publish_leases'), text),
    field: fc.oneof(fc.constantFrom('id', 'org_id', 'caption'), text),
  })
  return fc
    .record({
      place: fc.oneof({ weight: 9, arbitrary: known }, { weight: 1, arbitrary: unknown }),
      rowId,
      value,
      hlc,
    })
    .map(({ place, ...rest }) => ({ ...place, ...rest }))
}

function mutation(tables: readonly string[], columns: Map<string, string[]>): fc.Arbitrary<MutationSpec> {
  const template: fc.Arbitrary<NonNullable<MutationSpec['template']>> =
    tables === ORG_TABLES
      ? fc.record({
          kind: fc.constant('draft' as const),
          status: fc.constantFrom('draft', 'draft', 'in_review', 'approved', 'scheduled'),
          caption: text,
          extraOps: fc.boolean(),
        })
      : fc.record({ kind: fc.constant('profile' as const), name: text, extraOps: fc.boolean() })
  return fc.record(
    {
      template: fc.option(template, { nil: undefined, freq: 3 }),
      clientId: fc.oneof(
        // The sender's own devices (the test prefixes them with who sends), another's, or a bad id.
        { weight: 16, arbitrary: fc.constantFrom(...OWN_CLIENT_IDS) },
        { weight: 4, arbitrary: fc.constantFrom(...CLIENT_IDS) },
        { weight: 1, arbitrary: text },
      ),
      mutationId: fc.oneof(
        { weight: 20, arbitrary: fc.constant('next' as const) },
        { weight: 1, arbitrary: fc.constantFrom('again' as const, 'gap' as const) },
        { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom(1.5, 2 ** 53, 1e300)) },
      ),
      schemaVersion: fc.oneof(
        { weight: 20, arbitrary: fc.constant(1) },
        { weight: 1, arbitrary: fc.integer({ min: -1, max: 3 }) },
      ),
      ops: fc.array(op(tables, columns), { minLength: 1, maxLength: 4 }),
    },
    { requiredKeys: ['clientId', 'mutationId', 'schemaVersion', 'ops'] },
  )
}

const mutations = (tables: readonly string[], columns: Map<string, string[]>) =>
  fc.array(mutation(tables, columns), { minLength: 1, maxLength: 3 })

const since: fc.Arbitrary<SinceSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('cursor', 'ahead', 'zero').map((relative) => ({ relative })) },
  { weight: 2, arbitrary: fc.nat(40).map((n) => ({ literal: String(n) })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('', 'abc', '-1', '1e3', '0x10', '1.5', ' 1', '9'.repeat(16), '\u0000')
      .map((literal) => ({ literal })),
  },
)

const push = fc.record({
  kind: fc.constant('push' as const),
  who,
  org,
  mutations: mutations(ORG_TABLES, orgColumns),
  protocolVersion: fc.oneof({ weight: 20, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(0, 2) }),
})

/** Bodies that are not a push at all. */
const rawPush = fc.record({
  kind: fc.constant('rawPush' as const),
  who,
  org,
  payload: fc.oneof(
    fc.constantFrom('', '{', 'null', '[]', '{"protocolVersion":1,"mutations":[]}', '{"protocolVersion":1}'),
    fc.constant(`{"protocolVersion":1,"mutations":${'['.repeat(2000)}${']'.repeat(2000)}}`),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  ),
})

const pull = fc.record({
  kind: fc.constant('pull' as const),
  who: fc.oneof(members, actor),
  org,
  since,
  limit: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constantFrom('1', '2', '500') },
    { weight: 1, arbitrary: fc.constantFrom('501', '0', 'x') },
  ),
})

const ownPush = fc.record({
  kind: fc.constant('ownPush' as const),
  who,
  mutations: mutations(USER_TABLES, userColumns),
})
const ownPull = fc.record({ kind: fc.constant('ownPull' as const), who: actor, since })

const holder = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...HOLDERS) },
  { weight: 1, arbitrary: fc.constantFrom('server', '', 'a b', 'x'.repeat(101), 7, null) },
  { weight: 1, arbitrary: nul },
)
const jobId = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...JOB_POOL) },
  { weight: 1, arbitrary: fc.constantFrom('../job', 'j'.repeat(65), 'job 1') },
)

const acquire = fc.record({
  kind: fc.constant('acquire' as const),
  who,
  org,
  body: fc.record(
    {
      jobId,
      holder,
      ttlMs: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 5_000, max: 3_600_000 }) },
        { weight: 1, arbitrary: fc.constantFrom(0, 4_999, 3_600_001, 1.5, -1, '300000') },
      ),
      // Not a field of the request: refused whole (the body is strict).
      unknownField: fc.oneof(
        { weight: 9, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    },
    { requiredKeys: ['jobId', 'holder'] },
  ),
})

const release = fc.record({
  kind: fc.constant('release' as const),
  who,
  org,
  jobId,
  holder,
  fence: fc.oneof(
    { weight: 6, arbitrary: fc.constant('current' as const) },
    { weight: 2, arbitrary: fc.constant('previous' as const) },
    { weight: 2, arbitrary: fc.oneof(fc.integer({ min: -1, max: 6 }), fc.constantFrom(1.5, '1', null)) },
  ),
  outcome: fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...LEASE_OUTCOMES) },
    { weight: 1, arbitrary: fc.constantFrom('done', '', null) },
  ),
})

const mediaFile: fc.Arbitrary<MediaSpec> = fc.record({
  body: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('png' as const, 'jpeg' as const) },
    { weight: 1, arbitrary: fc.constantFrom('html' as const, 'empty' as const) },
    { weight: 1, arbitrary: fc.array(fc.nat(255), { minLength: 1, maxLength: 40 }).map((random) => ({ random })) },
  ),
  name: fc.oneof(
    { weight: 6, arbitrary: fc.constant({ hash: 'own' }) },
    { weight: 2, arbitrary: fc.constantFrom('png', 'jpg', 'gif', 'mp4', 'exe').map((hash) => ({ hash })) },
    { weight: 1, arbitrary: fc.constantFrom('png', 'jpg').map((otherHash) => ({ otherHash })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'logo.png',
          '..%2F..%2Fetc%2Fpasswd',
          `${'a'.repeat(64)}.PNG`,
          `${'0'.repeat(64)}.png`,
          'x'.repeat(81),
        )
        .map((literal) => ({ literal })),
    },
  ),
  contentType: fc.oneof(
    { weight: 3, arbitrary: fc.constant('match') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('image/png', 'image/jpeg', 'text/html', 'application/octet-stream', undefined),
    },
  ),
})

const putMedia = fc.record({ kind: fc.constant('putMedia' as const), who, org, file: mediaFile })
const getMedia = fc.record({
  kind: fc.constant('getMedia' as const),
  who: fc.oneof(members, actor),
  org,
  name: fc.oneof(
    fc.record({ stored: fc.constantFrom<TeamName>('A', 'B'), index: fc.nat(20) }),
    fc.constantFrom(`${'0'.repeat(64)}.png`, 'logo.png', '%00.png').map((literal) => ({ literal })),
  ),
})

const wait = fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1_000, max: 20 * 60_000 }) })

const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 6, arbitrary: push },
  { weight: 1, arbitrary: rawPush },
  { weight: 3, arbitrary: pull },
  { weight: 2, arbitrary: ownPush },
  { weight: 1, arbitrary: ownPull },
  { weight: 2, arbitrary: acquire },
  { weight: 3, arbitrary: release },
  { weight: 2, arbitrary: putMedia },
  { weight: 2, arbitrary: getMedia },
  { weight: 1, arbitrary: wait },
)

/** A request and the team its sender belongs to (their role is the one they hold there). */
export interface FuzzStep {
  home: TeamName
  request: FuzzRequest
}

export const fuzzStep: fc.Arbitrary<FuzzStep> = fc.record({
  home: fc.constantFrom<TeamName>('A', 'B'),
  request: fuzzRequest,
})
