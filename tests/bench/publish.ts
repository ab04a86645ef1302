/**
 * Publishing benchmark: 1,000 posts due at the same moment across 50 channels, run by the real Scheduler on a
 * real org file with the system clock and Node's timers, publishing to the Sandbox platform (in memory).
 * - delay after the due time (publish call time − due time), p50 and p99;
 * - posts per second from the due time to the last answer;
 * - duplicates: publish calls beyond one per job (must be 0; the bench exits non-zero otherwise).
 * Baseline: the same 1,000 publishes called one after another on a fresh backend of the same kind, with the
 * "delay" of each call counted from the loop's start.
 */
import { performance } from 'node:perf_hooks'
import { v7 as uuidv7 } from 'uuid'
import type { Post } from '../../src-shared/entities/models'
import type { PlatformAdapter, PlatformSession } from '../../src-shared/platforms/adapter'
import { createMemorySandboxBackend, createSandboxAdapter } from '../../src-shared/platforms/sandbox'
import { systemClock } from '../../src-main/core/clock'
import { integrations, posts, scheduleJobs, socialAccounts } from '../../src-main/db/schema/org'
import { localLeases, systemTimers, type Channel, type Publisher } from '../../src-main/scheduler/ports'
import { Scheduler, type SchedulerEvent } from '../../src-main/scheduler/scheduler'
import { startOnboardedCore, type TestCore } from '../helpers/core'
import { writeRows } from '../helpers/write-rows'
import { ms, timeIt, type Row } from './measure'

const POSTS = 1_000
const CHANNELS = 50
/** Margin, beyond the time scheduling the rows takes, before the posts fall due. */
const LEAD_MS = 1_000
/** Gives up well inside the bench's minute if the loop stalls. */
const GIVE_UP_MS = 40_000

const sessionFor = (channel: Pick<Channel, 'platformUserId' | 'username'>): PlatformSession => ({
  platform: 'sandbox',
  service: '',
  accountId: channel.platformUserId,
  handle: channel.username,
  accessToken: '',
})

function addChannels(core: TestCore, orgId: string): string[] {
  return Array.from({ length: CHANNELS }, (_, i) => {
    const integrationId = uuidv7()
    const channelId = uuidv7()
    const username = `bench-${i}`
    writeRows(
      core,
      orgId,
      [
        {
          table: integrations,
          rowId: integrationId,
          values: { id: integrationId, orgId, platform: 'sandbox', meta: {} },
        },
        {
          table: socialAccounts,
          rowId: channelId,
          values: { id: channelId, orgId, integrationId, platformUserId: username, username, meta: {} },
        },
      ],
      'channel.connected',
    )
    return channelId
  })
}

/** Drafts through the API: the slow part of the setup, timed to size the lead before the due time. */
async function writeDrafts(core: TestCore, orgId: string): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < POSTS; i++) ids.push((await core.ok('createDraft', { orgId, caption: `Bench post ${i}` })).id)
  return ids
}

/** Each draft scheduled on a channel with a pending job, as the schedule service writes them. */
function schedulePosts(core: TestCore, orgId: string, postIds: string[], channelIds: string[], dueAt: string): void {
  postIds.forEach((postId, i) => {
    const job = { id: uuidv7(), orgId, postId, runAt: dueAt, status: 'pending' as const }
    const scheduled = { socialAccountId: channelIds[i % CHANNELS]!, status: 'scheduled' as const, scheduledAt: dueAt }
    writeRows(
      core,
      orgId,
      [
        { table: posts, rowId: postId, values: scheduled },
        { table: scheduleJobs, rowId: job.id, values: job },
      ],
      'post.scheduled',
    )
  })
}

/** The Sandbox adapter as the loop's Publisher, noting when each call starts (by idempotency key = job). */
function recordingPublisher(adapter: PlatformAdapter, calls: Map<string, number[]>): Publisher {
  return {
    async publish(post: Post, { idempotencyKey, channel }) {
      const at = performance.timeOrigin + performance.now()
      calls.set(idempotencyKey, [...(calls.get(idempotencyKey) ?? []), at])
      return adapter.publish(sessionFor(channel), { text: post.caption }, { idempotencyKey })
    },
    lookup: (idempotencyKey, channel) => adapter.lookup!(sessionFor(channel), idempotencyKey),
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

async function viaScheduler() {
  const { core, org } = await startOnboardedCore()
  try {
    const channelIds = addChannels(core, org.id)
    const drafting = performance.now()
    const postIds = await writeDrafts(core, org.id)
    // Scheduling costs about what drafting did; the loop must be waiting on its timer when the posts fall due.
    const leadMs = 2 * (performance.now() - drafting) + LEAD_MS
    const dueMs = Date.now() + leadMs
    schedulePosts(core, org.id, postIds, channelIds, new Date(dueMs).toISOString())

    const calls = new Map<string, number[]>()
    const publisher = recordingPublisher(createSandboxAdapter({ backend: createMemorySandboxBackend() }), calls)
    const events: SchedulerEvent[] = []
    let lastAnswerAt = 0
    let allSettled = () => undefined as void
    const done = new Promise<void>((resolve) => (allSettled = resolve))
    const scheduler = new Scheduler({
      ctx: core.ctx,
      clock: systemClock,
      timers: systemTimers,
      publisherFor: () => publisher,
      leasesFor: () => localLeases,
      orgIds: () => [org.id],
      onEvent(event) {
        events.push(event)
        lastAnswerAt = performance.timeOrigin + performance.now()
        if (events.length === POSTS) allSettled()
      },
    })
    await scheduler.start()
    if (Date.now() >= dueMs) throw new Error(`Setting up took longer than the ${Math.round(leadMs)} ms lead`)
    let timer: NodeJS.Timeout | undefined
    const gaveUp = new Promise<'gave up'>((resolve) => (timer = setTimeout(() => resolve('gave up'), GIVE_UP_MS)))
    const ended = await Promise.race([done, gaveUp])
    clearTimeout(timer)
    scheduler.stop()
    await scheduler.idle()

    const published = core.ctx.dbs
      .org(org.id)
      .$client.prepare(`SELECT count(*) AS n FROM posts WHERE status = 'published'`)
      .get() as { n: number }
    const delays = [...calls.values()].map((times) => times[0]! - dueMs).sort((a, b) => a - b)
    return {
      delays,
      elapsedMs: lastAnswerAt - dueMs,
      duplicates: [...calls.values()].reduce((sum, times) => sum + times.length - 1, 0),
      publishedRows: published.n,
      notPublished: events.filter((event) => event.type !== 'post.published').length + (ended === 'gave up' ? 1 : 0),
      calls: calls.size,
    }
  } finally {
    core.dispose()
  }
}

/** The raw cost: the same publishes, one after another, straight to the adapter on a fresh in-memory backend. */
async function rawLoop() {
  const adapter = createSandboxAdapter({ backend: createMemorySandboxBackend() })
  const starts: number[] = []
  const begin = performance.now()
  const elapsedMs = await timeIt(async () => {
    for (let i = 0; i < POSTS; i++) {
      starts.push(performance.now() - begin)
      const channel = { platformUserId: `bench-${i % CHANNELS}`, username: `bench-${i % CHANNELS}` }
      await adapter.publish(sessionFor(channel), { text: `Bench post ${i}` }, { idempotencyKey: uuidv7() })
    }
  })
  return { delays: starts.sort((a, b) => a - b), elapsedMs }
}

export async function publishBench(): Promise<{ rows: Row[]; duplicates: number; problems: string[] }> {
  const ours = await viaScheduler()
  const raw = await rawLoop()
  const problems: string[] = []
  if (ours.duplicates > 0) problems.push(`${ours.duplicates} duplicate publish calls`)
  if (ours.calls !== POSTS || ours.publishedRows !== POSTS || ours.notPublished > 0) {
    problems.push(
      `${ours.calls} of ${POSTS} jobs called publish, ${ours.publishedRows} posts published, ${ours.notPublished} not published`,
    )
  }
  const label = `${POSTS.toLocaleString('en')} posts due at once, ${CHANNELS} channels`
  const delayRow = (p: number, name: string): Row => {
    const a = percentile(ours.delays, p)
    const b = percentile(raw.delays, p)
    return {
      measure: `${label}: delay after due, ${name}`,
      ours: ms(a),
      baseline: `${ms(b)} (raw loop, from its start)`,
      ratio: (a / Math.max(b, 0.001)).toFixed(1),
    }
  }
  const rate = (count: number, elapsed: number) => (count / elapsed) * 1000
  return {
    rows: [
      delayRow(0.5, 'p50'),
      delayRow(0.99, 'p99'),
      {
        measure: `${label}: posts per second`,
        ours: `${Math.round(rate(POSTS, ours.elapsedMs)).toLocaleString('en')}/s`,
        baseline: `${Math.round(rate(POSTS, raw.elapsedMs)).toLocaleString('en')}/s raw publishes in a loop`,
        ratio: (rate(POSTS, ours.elapsedMs) / rate(POSTS, raw.elapsedMs)).toFixed(2),
      },
      {
        measure: `${label}: duplicates (must be 0)`,
        ours: String(ours.duplicates),
        baseline: '0',
        ratio: ours.duplicates === 0 ? 'ok' : 'FAIL',
      },
    ],
    duplicates: ours.duplicates,
    problems,
  }
}
