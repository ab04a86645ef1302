/**
 * `npm run bench`: speed of the local core, each figure as a ratio to a
 * baseline measured beside it in the same run on the same machine.
 *
 * - Cold start: open account.sqlite and an org file, migrate, first query —
 *   against opening the same two files with raw better-sqlite3 and one query.
 * - 10,000 posts written through the service layer (one transaction each,
 *   with field clocks, outbox and audit) — against the same rows inserted
 *   with raw better-sqlite3 in one transaction.
 * - 1,000 posts due at once across 50 channels, published by the scheduling
 *   loop (tests/bench/publish.ts) — against the same publishes in a raw loop.
 *   Exits non-zero if any post was published twice or not at all.
 * - The JavaScript (gzipped) a window downloads before its first screen —
 *   first run, and Publish for someone signed in — against the whole
 *   renderer, from the build in out/renderer (tests/bench/bundle.ts).
 * - Load (tests/bench/load.ts): LOAD_CLIENTS (200) clients with live sockets
 *   pushing and pulling for LOAD_SECONDS (60) against the real server in a
 *   child process, on PGlite and on the local PostgreSQL: requests, errors,
 *   push and pull p50/p99, the server's RSS at start, peak and after the
 *   clients leave, and its live heap after a full GC before and after —
 *   against plain Fastify answering fixed JSON
 *   (tests/bench/trivial-server.ts). Exits non-zero on any error.
 * - Media bodies refused before they are read (tests/bench/media-bodies.ts):
 *   eight 95 MB uploads at once, anonymous and over the image cap, the
 *   server's RSS rise and bytes read each — against eight tiny uploads.
 *   Exits non-zero if one is not refused.
 * - Comment insights per comment (tests/bench/insights.ts), against VADER's
 *   score alone on the same 4,200 tweets.
 * - The inbox over 100,000 comments (tests/bench/inbox.ts): the first page
 *   with filters and a full-text search, p50 and p99, against the same query
 *   written by hand in raw SQLite.
 * - Importing 10,000 fetched comments through the service (tests/bench/comment-import.ts), rows per second,
 *   against raw inserts of the same rows.
 */
import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { ApiResult } from '../../src-shared/api/errors'
import type { Organization } from '../../src-shared/entities/models'
import { createCore } from '../../src-main/core/create-core'
import { newId } from '../../src-main/core/ids'
import { KeyFileStore } from '../../src-main/secrets/key-file-store'
import { createDraft } from '../../src-main/services/posts'
import { makeTempDir, migrationsDir, repoRoot } from '../helpers/core'
import { bundleBench } from './bundle'
import { commentImportBench } from './comment-import'
import { inboxBench } from './inbox'
import { insightsBench } from './insights'
import { loadBench } from './load'
import { mediaBodiesBench } from './media-bodies'
import { median, ms, perSecond, printTable, timeIt, type Row } from './measure'
import { publishBench } from './publish'
import { syncBench } from './sync'

const POSTS = 10_000
const COLD_RUNS = 15

function openCore(dataDir: string) {
  return createCore({
    dataDir,
    migrationsDir,
    secrets: new KeyFileStore(join(dataDir, 'data-key')),
    host: { host: 'web', version: 'bench' },
  })
}

async function coldStart(): Promise<Row> {
  // A data folder as after first run, reopened: what every app start does.
  const dataDir = makeTempDir('bench-cold-')
  const seed = openCore(dataDir)
  await seed.dispatch('createProfile', { name: 'Bench' })
  const org = (await seed.dispatch('createOrganization', { name: 'Bench Org' })) as ApiResult<Organization>
  if (!org.ok) throw new Error(org.error.message)
  seed.close()

  const ours = await median(COLD_RUNS, async () => {
    const core = openCore(dataDir)
    await core.dispatch('listPosts', { orgId: org.value.id })
    core.close()
  })
  const baseline = await median(COLD_RUNS, () => {
    const account = new Database(join(dataDir, 'account.sqlite'))
    const orgDb = new Database(join(dataDir, 'orgs', `${org.value.id}.sqlite`))
    orgDb.prepare('SELECT * FROM posts WHERE org_id = ? LIMIT 100').all(org.value.id)
    orgDb.close()
    account.close()
  })
  rmSync(dataDir, { recursive: true, force: true })
  return {
    measure: 'cold start (open, migrate, first query)',
    ours: ms(ours),
    baseline: ms(baseline),
    ratio: (ours / baseline).toFixed(1),
  }
}

async function writePosts(): Promise<Row[]> {
  const dataDir = makeTempDir('bench-posts-')
  const core = openCore(dataDir)
  await core.dispatch('createProfile', { name: 'Bench' })
  const org = (await core.dispatch('createOrganization', { name: 'Bench Org' })) as ApiResult<Organization>
  if (!org.ok) throw new Error(org.error.message)
  const orgId = org.value.id

  const ours = await timeIt(() => {
    for (let i = 0; i < POSTS; i++)
      createDraft(core.ctx, {
        orgId,
        caption: `Post number ${i}`,
        tags: ['bench'],
        socialAccountId: null,
        mediaUrls: [],
        groupId: null,
      })
  })

  const raw = new Database(join(dataDir, 'orgs', `${orgId}.sqlite`))
  const insert = raw.prepare(
    `INSERT INTO posts (id, org_id, caption, tags, status, created_by, created_at, updated_at) VALUES (?, ?, ?, '["bench"]', 'draft', 'u', ?, ?)`,
  )
  const baseline = await timeIt(() =>
    raw.transaction(() => {
      const now = new Date().toISOString()
      for (let i = 0; i < POSTS; i++) insert.run(newId(), orgId, `Post number ${i}`, now, now)
    })(),
  )
  // The same rows, one raw transaction each: what the per-post commit itself costs.
  const perRowBaseline = await timeIt(() => {
    const now = new Date().toISOString()
    const one = raw.transaction((i: number) => insert.run(newId(), orgId, `Post number ${i}`, now, now))
    for (let i = 0; i < POSTS; i++) one(i)
  })
  raw.close()
  core.close()
  rmSync(dataDir, { recursive: true, force: true })
  return [
    {
      measure: `${POSTS.toLocaleString('en')} posts through the service layer`,
      ours: `${ms(ours)} (${perSecond(POSTS, ours)})`,
      baseline: `${ms(baseline)} (${perSecond(POSTS, baseline)}) raw, one transaction`,
      ratio: (ours / baseline).toFixed(1),
    },
    {
      measure: `${POSTS.toLocaleString('en')} posts through the service layer`,
      ours: `${ms(ours)} (${perSecond(POSTS, ours)})`,
      baseline: `${ms(perRowBaseline)} (${perSecond(POSTS, perRowBaseline)}) raw, a transaction each`,
      ratio: (ours / perRowBaseline).toFixed(1),
    },
  ]
}

const publishing = await publishBench()
const rows = [
  await coldStart(),
  ...(await writePosts()),
  ...publishing.rows,
  ...(await syncBench()),
  ...bundleBench(join(repoRoot, 'out', 'renderer')),
  ...(await insightsBench()),
  ...(await inboxBench()),
  ...(await commentImportBench()),
]
// Last: these take minutes (LOAD_SECONDS, three runs of it), each server in a child process of its own.
const load = await loadBench()
const media = await mediaBodiesBench()
rows.push(...load.rows, ...media.rows)
console.log(`\nbuffer-clone bench — Node ${process.version}, ${process.platform} ${process.arch}\n`)
printTable(rows)
if (publishing.problems.length > 0) {
  console.error(`\nPublishing bench failed: ${publishing.problems.join('; ')}`)
  process.exitCode = 1
}
for (const [name, problems] of [
  ['Load', load.problems],
  ['Media bodies', media.problems],
] as const) {
  if (problems.length === 0) continue
  console.error(`\n${name} bench failed: ${problems.join('; ')}`)
  process.exitCode = 1
}
