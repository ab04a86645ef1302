/**
 * Sync benchmarks against the real server (PGlite, in-process, on
 * loopback HTTP):
 * - push and pull of 50,000 field changes, against inserting the same
 *   fields straight into the same PGlite in one transaction;
 * - latency from a change on device A to it being readable on device B
 *   (push, poke over the websocket, pull), p50 and p99.
 */
import type { AddressInfo } from 'node:net'
import { sql } from 'drizzle-orm'
import type { SyncOp } from '../../src-shared/sync/ops'
import { startTestCore, type TestCore } from '../helpers/core'
import { startTestServer } from '../helpers/sync-server'
import { ms, perSecond, timeIt, type Row } from './measure'

// 16 field changes a post (the post and its audit entry): 50,000 in all.
const POSTS = 3_125
const LATENCY_SAMPLES = 40

async function connected(serverUrl: string, name: string, live = false): Promise<TestCore> {
  const core = startTestCore(undefined, { sync: { live, intervalMs: 3_600_000 } })
  await core.ok('createProfile', { name })
  await core.ok('connectServer', {
    serverUrl,
    email: `${name}@bench.example`,
    password: 'correct horse battery',
    mode: 'signup',
  })
  return core
}

export async function syncBench(): Promise<Row[]> {
  const server = await startTestServer()
  await server.app.listen({ port: 0, host: '127.0.0.1' })
  const serverUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
  const ana = await connected(serverUrl, 'ana')
  const org = await ana.ok('createOrganization', { name: 'Bench' })
  await ana.ok('attachOrganization', { orgId: org.id })
  // Offline while writing, so the push below is measured alone.
  await ana.sync.idle()
  ana.ctx.sync.useSession(null)
  for (let i = 0; i < POSTS; i++) await ana.ok('createDraft', { orgId: org.id, caption: `Post ${i}` })
  const outbox = ana.ctx.dbs.org(org.id).$client.prepare('SELECT ops FROM outbox').all() as { ops: string }[]
  const ops = outbox.flatMap((row) => JSON.parse(row.ops) as SyncOp[])
  const fieldChanges = ops.length

  const session = (await import('../../src-main/sync/session')).loadSession
  ana.ctx.sync.useSession(await session(ana.ctx.dbs.account.$client, ana.ctx.secrets))
  const pushMs = await timeIt(() => ana.ctx.sync.syncNow(org.id))

  const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'editor' })
  const ben = await connected(serverUrl, 'ben', true)
  const pullMs = await timeIt(() => ben.ok('joinOrganization', { code: invitation.code }))

  // Baseline: the same number of fields inserted raw into the same PGlite, one transaction.
  const db = server.database.db
  await db.execute(
    sql`create table bench_fields (org_id text, table_name text, row_id text, field text, value jsonb, hlc text)`,
  )
  const rawMs = await timeIt(() =>
    db.transaction(async (tx) => {
      for (let i = 0; i < ops.length; i += 1000) {
        const rows = ops
          .slice(i, i + 1000)
          .map(
            (op) =>
              sql`(${org.id}, ${op.table}, ${op.rowId}, ${op.field}, cast(${JSON.stringify(op.value)} as jsonb), ${op.hlc})`,
          )
        await tx.execute(sql`insert into bench_fields values ${sql.join(rows, sql`, `)}`)
      }
    }),
  )

  // Latency: A drafts; the engine pushes on its own; B hears the poke and pulls.
  const latencies: number[] = []
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const caption = `latency ${i}`
    const seen = new Promise<void>((resolve) => {
      const stop = ben.onEvent((event) => {
        if (event.type !== 'posts.changed') return
        const found = ben.ctx.dbs.org(org.id).$client.prepare('SELECT 1 FROM posts WHERE caption = ?').get(caption)
        if (found) {
          stop()
          resolve()
        }
      })
    })
    latencies.push(
      await timeIt(async () => {
        await ana.ok('createDraft', { orgId: org.id, caption })
        await seen
      }),
    )
  }
  // Baseline: one HTTP round trip to the same server.
  const roundTrips: number[] = []
  for (let i = 0; i < LATENCY_SAMPLES; i++)
    roundTrips.push(await timeIt(() => fetch(`${serverUrl}/healthz`).then((r) => r.text())))
  const pct = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b)
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
  }

  for (const core of [ana, ben]) {
    await core.sync.idle()
    core.dispose()
  }
  await server.close()
  const changes = fieldChanges.toLocaleString('en')
  return [
    {
      measure: `push ${changes} field changes (${POSTS.toLocaleString('en')} posts)`,
      ours: `${ms(pushMs)} (${perSecond(fieldChanges, pushMs)})`,
      baseline: `${ms(rawMs)} (${perSecond(fieldChanges, rawMs)}) raw insert, same PGlite`,
      ratio: (pushMs / rawMs).toFixed(1),
    },
    {
      measure: `pull ${changes} field changes (join)`,
      ours: `${ms(pullMs)} (${perSecond(fieldChanges, pullMs)})`,
      baseline: `${ms(rawMs)} raw insert, same PGlite`,
      ratio: (pullMs / rawMs).toFixed(1),
    },
    {
      measure: `change on A readable on B (p50 / p99, ${LATENCY_SAMPLES} samples)`,
      ours: `${ms(pct(latencies, 50))} / ${ms(pct(latencies, 99))}`,
      baseline: `${ms(pct(roundTrips, 50))} / ${ms(pct(roundTrips, 99))} one HTTP round trip`,
      ratio: `${(pct(latencies, 50) / pct(roundTrips, 50)).toFixed(1)} / ${(pct(latencies, 99) / pct(roundTrips, 99)).toFixed(1)}`,
    },
  ]
}
