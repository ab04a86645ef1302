/**
 * Importing 10,000 fetched comments (issue 11's benchmark): one fetch round's worth through the service that writes
 * them (services/comment-fetch.ts: insights computed per comment, deterministic ids, linking to our posts, the
 * synced write with outbox, field clocks and audit, the channel's cursor), beside raw better-sqlite3 inserts of the
 * same rows (insights already computed) into a second organization's file of the same schema, in the same run.
 */
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { ApiResult } from '../../src-shared/api/errors'
import type { Channel, Organization } from '../../src-shared/entities/models'
import { commentInsights } from '../../src-shared/engage/insights'
import type { InboxComment } from '../../src-shared/platforms/adapter'
import { createCore } from '../../src-main/core/create-core'
import { readStoredChannel } from '../../src-main/platforms/channel-store'
import { KeyFileStore } from '../../src-main/secrets/key-file-store'
import { commentRowId, importInboxComments } from '../../src-main/services/comment-fetch'
import { makeTempDir, migrationsDir, repoRoot } from '../helpers/core'
import { perSecond, type Row } from './measure'

const COMMENTS = 10_000

function unwrap<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value as T
}

function fetchedComments(): InboxComment[] {
  const tweets = readFileSync(join(repoRoot, 'tests', 'fixtures', 'sentiment', 'tweets-ground-truth.tsv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split('\t').slice(2).join('\t'))
  const start = Date.parse('2026-11-01T00:00:00Z')
  return Array.from({ length: COMMENTS }, (_, i) => ({
    kind: 'reply' as const,
    platformCommentId: `bench-post:c${i}`,
    platformPostId: `bench-post-${i % 50}`,
    inReplyToId: `bench-post-${i % 50}`,
    author: { id: `p${i % 5000}`, handle: `person${i % 5000}.example`, displayName: `Person ${i % 5000}` },
    text: tweets[i % tweets.length]!,
    createdAt: new Date(start + i * 60_000).toISOString(),
    context: [],
  }))
}

export async function commentImportBench(): Promise<Row[]> {
  const dataDir = makeTempDir('bench-comment-import-')
  const core = createCore({
    dataDir,
    migrationsDir,
    secrets: new KeyFileStore(join(dataDir, 'data-key')),
    host: { host: 'web', version: 'bench' },
    publishing: { loop: false },
    commentFetch: { loop: false },
  })
  try {
    unwrap(await core.dispatch('createProfile', { name: 'Bench' }))
    const org = unwrap<Organization>(await core.dispatch('createOrganization', { name: 'Bench Org' }))
    const rawOrg = unwrap<Organization>(await core.dispatch('createOrganization', { name: 'Raw Org' }))
    const connect = async (orgId: string) =>
      unwrap<Channel>(await core.dispatch('connectChannel', { orgId, platform: 'sandbox', name: 'Bench' }))
    const channel = await connect(org.id)
    const rawChannel = await connect(rawOrg.id)
    const comments = fetchedComments()

    const stored = readStoredChannel(core.ctx.dbs.org(org.id), channel.id)!
    const outboxCount = () =>
      (core.ctx.dbs.org(org.id).$client.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n
    const outboxBefore = outboxCount()
    const started = performance.now()
    const added = importInboxComments(core.ctx, org.id, stored, comments, 'bench-cursor')
    const oursMs = performance.now() - started
    if (added !== COMMENTS) throw new Error(`imported ${added} of ${COMMENTS} comments`)

    // The same rows, insights and JSON made before the clock starts: what the database itself costs.
    const insightsStarted = performance.now()
    const insights = comments.map((c) => JSON.stringify(commentInsights(c.text)))
    const insightsMs = performance.now() - insightsStarted
    const rows = comments.map((c, i) => [
      commentRowId(rawChannel.id, c.platformCommentId),
      rawOrg.id,
      rawChannel.id,
      'sandbox',
      c.platformCommentId,
      JSON.stringify({ name: c.author.displayName, handle: c.author.handle }),
      c.text,
      c.createdAt,
      insights[i]!,
      JSON.stringify({ kind: c.kind, inReplyToId: c.inReplyToId, rootId: c.platformPostId, context: [] }),
    ])
    const sqlite = core.ctx.dbs.org(rawOrg.id).$client
    const insert = sqlite.prepare(
      `INSERT INTO comments (id, org_id, social_account_id, platform, platform_comment_id, author, text, timestamp, ai_insights, platform_meta)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    const rawStarted = performance.now()
    sqlite.transaction(() => {
      for (const row of rows) insert.run(...row)
    })()
    const rawMs = performance.now() - rawStarted

    const mutations = outboxCount() - outboxBefore
    return [
      {
        measure: `import ${COMMENTS.toLocaleString('en')} fetched comments (with insights, synced as ${mutations} mutations)`,
        ours: `${perSecond(COMMENTS, oursMs)} (${Math.round(oursMs)} ms)`,
        baseline: `${perSecond(COMMENTS, rawMs)} raw inserts (${Math.round(rawMs)} ms)`,
        ratio: (oursMs / rawMs).toFixed(1),
      },
      {
        // The same import less the insights' time (measured on the same texts): what the synced write costs.
        measure: `  the write alone (less ${Math.round(insightsMs)} ms of insights)`,
        ours: `${perSecond(COMMENTS, oursMs - insightsMs)} (${Math.round(oursMs - insightsMs)} ms)`,
        baseline: `${perSecond(COMMENTS, rawMs)} raw inserts`,
        ratio: ((oursMs - insightsMs) / rawMs).toFixed(1),
      },
    ]
  } finally {
    core.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
