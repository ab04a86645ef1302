/**
 * The inbox with 100,000 comments in one organization (issue 11's benchmark): the first page with filters and a
 * full-text search, each p50 and p99 over repeated runs, beside the same query written by hand in raw SQLite on
 * the same file. The comments are the 4,200 rated tweets over and over, with their insights, spread over a year.
 */
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import type { ApiResult } from '../../src-shared/api/errors'
import type { Organization } from '../../src-shared/entities/models'
import { commentInsights } from '../../src-shared/engage/insights'
import { createCore } from '../../src-main/core/create-core'
import { KeyFileStore } from '../../src-main/secrets/key-file-store'
import { queryInbox } from '../../src-main/services/comment-inbox'
import { makeTempDir, migrationsDir, repoRoot } from '../helpers/core'
import { percentile, type Row } from './measure'

const COMMENTS = 100_000
const RUNS = 200
const STATUSES = ['open', 'open', 'open', 'pending', 'snoozed', 'done']

function timings(fn: () => unknown): number[] {
  for (let i = 0; i < 20; i++) fn()
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    fn()
    times.push(performance.now() - start)
  }
  return times
}

const p = (times: number[]) => `p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`

export async function inboxBench(): Promise<Row[]> {
  const dataDir = makeTempDir('bench-inbox-')
  const core = createCore({
    dataDir,
    migrationsDir,
    secrets: new KeyFileStore(join(dataDir, 'data-key')),
    host: { host: 'web', version: 'bench' },
  })
  await core.dispatch('createProfile', { name: 'Bench' })
  const org = (await core.dispatch('createOrganization', { name: 'Bench Org' })) as ApiResult<Organization>
  if (!org.ok) throw new Error(org.error.message)
  const orgId = org.value.id
  const db = core.ctx.dbs.org(orgId)
  const sqlite = db.$client
  const channelId = uuidv7()
  const integrationId = uuidv7()
  sqlite
    .prepare(`INSERT INTO integrations (id, org_id, platform, meta) VALUES (?, ?, 'sandbox', '{}')`)
    .run(integrationId, orgId)
  sqlite
    .prepare(
      `INSERT INTO social_accounts (id, org_id, integration_id, platform_user_id, username, meta) VALUES (?, ?, ?, 'u', 'bench', '{}')`,
    )
    .run(channelId, orgId, integrationId)

  const tweets = readFileSync(join(repoRoot, 'tests', 'fixtures', 'sentiment', 'tweets-ground-truth.tsv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split('\t').slice(2).join('\t'))
  const insights = tweets.map((text) => JSON.stringify(commentInsights(text)))
  const insert = sqlite.prepare(
    `INSERT INTO comments (id, org_id, social_account_id, platform, platform_comment_id, author, text, timestamp, status, tags, ai_insights)
     VALUES (?, ?, ?, 'sandbox', ?, ?, ?, ?, ?, '[]', ?)`,
  )
  const start = Date.parse('2026-01-01T00:00:00Z')
  sqlite.transaction(() => {
    for (let i = 0; i < COMMENTS; i++) {
      const id = uuidv7()
      const author = JSON.stringify({ name: `Person ${i % 5000}`, handle: `person${i % 5000}.example` })
      const at = new Date(start + i * 315_000).toISOString()
      insert.run(
        id,
        orgId,
        channelId,
        id,
        author,
        tweets[i % tweets.length],
        at,
        STATUSES[i % STATUSES.length],
        insights[i % tweets.length],
      )
    }
  })()

  const filter = { status: ['open' as const], sentiment: ['negative' as const], limit: 50 }
  const oursFilter = timings(() => queryInbox(db, orgId, filter))
  const rawFilter = sqlite.prepare(
    `SELECT * FROM comments WHERE org_id = ? AND deleted_at IS NULL AND status IN ('open')
       AND coalesce(json_extract(ai_insights, '$.corrections.sentiment'), json_extract(ai_insights, '$.sentiment.label')) IN ('negative')
     ORDER BY timestamp DESC, id DESC LIMIT 51`,
  )
  const baseFilter = timings(() => rawFilter.all(orgId))

  const oursSearch = timings(() => queryInbox(db, orgId, { search: 'love', limit: 50 }))
  const rawSearch = sqlite.prepare(
    `SELECT c.*, highlight(comments_search, 0, '[', ']') FROM comments_search s JOIN comments c ON c.rowid = s.rowid
     WHERE comments_search MATCH '"love"*' AND c.org_id = ? AND c.deleted_at IS NULL ORDER BY c.timestamp DESC, c.id DESC LIMIT 51`,
  )
  const baseSearch = timings(() => rawSearch.all(orgId))
  const matches = (
    sqlite.prepare(`SELECT count(*) AS n FROM comments_search WHERE comments_search MATCH '"love"*'`).get() as {
      n: number
    }
  ).n

  core.close()
  rmSync(dataDir, { recursive: true, force: true })
  const n = COMMENTS.toLocaleString('en')
  return [
    {
      measure: `inbox first page, open and negative (${n} comments)`,
      ours: p(oursFilter),
      baseline: `${p(baseFilter)} raw SQL`,
      ratio: (percentile(oursFilter, 50) / percentile(baseFilter, 50)).toFixed(1),
    },
    {
      measure: `inbox search "love" (${matches.toLocaleString('en')} matches of ${n})`,
      ours: p(oursSearch),
      baseline: `${p(baseSearch)} raw SQL`,
      ratio: (percentile(oursSearch, 50) / percentile(baseSearch, 50)).toFixed(1),
    },
  ]
}
