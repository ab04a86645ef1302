/**
 * The sync server's own scheduling loop, for organizations whose settings
 * say serverPublishing: their due posts go out while every desktop is
 * closed. It applies the desktop's rules (src-shared/scheduling/
 * publish-rules.ts) and takes the same leases, as holder 'server', so a
 * post is still published at most once whoever gets there first.
 *
 * It publishes only what it can: Sandbox channels, whose platform it hosts,
 * and Bluesky and Mastodon channels whose credentials a member handed to the
 * server (platform-publisher.ts). Other channels' tokens never left the
 * device that connected them, so their jobs are left to desktops (their
 * leases are not even asked for).
 *
 * One timer waits for the next due job, a safety tick catches the rest and
 * settles jobs a crash left running (looked up, never published blindly),
 * and a poke (someone pushed) re-arms the timer.
 */
import { measureText, PlatformError, type LookupResult } from '../../src-shared/platforms/adapter'
import { sandboxLimits } from '../../src-shared/platforms/sandbox'
import {
  decideAfterFailure,
  decideAfterInterruption,
  decideClaim,
  type PublishFailure,
} from '../../src-shared/scheduling/publish-rules'
import type { PublishingSettings } from '../../src-shared/entities/models'
import type { ServerContext } from '../context'
import type { LeaseOutcomeName } from '../db/schema'
import { HttpError } from '../errors'
import { mediaInfo } from '../services/media-store'
import { acquireLease, completedJobIds, releaseLease, SERVER_HOLDER, type LeaseGrant } from '../services/leases'
import { findSandboxPostByKey, publishSandboxPost, sandboxPostUrl } from '../services/sandbox'
import { pokeOrg } from '../sync/server-changes'
import { lockOrg } from '../sync/store'
import { createPlatformPublisher, PermanentFailure } from './platform-publisher'
import {
  channelOf,
  openJobs,
  publishedOutcome,
  publishingOrgs,
  readJob,
  readPost,
  writeOutcome,
  type ServerChannel,
  type ServerJob,
  type ServerOutcome,
  type ServerPost,
} from './job-store'

export interface ServerPublisherOptions {
  /** Where post links point; PUBLIC_URL, else the address the server listens on. */
  publicUrl?: string
  safetyTickMs?: number
  leaseTtlMs?: number
  /** Jobs published at the same time. */
  concurrency?: number
  retryBaseMs?: number
  retryMaxMs?: number
  maxAttempts?: number
  /** [0, 1) for backoff jitter. */
  random?: () => number
}

export interface ServerPublisher {
  start(): void
  stop(): void
  /** Runs one pass now: settles interrupted jobs, then publishes what is due. Resolves when it is done. */
  runDue(): Promise<void>
  /** Resolves when no pass is running. */
  idle(): Promise<void>
}

const DEFAULTS = {
  safetyTickMs: 60_000,
  leaseTtlMs: 5 * 60_000,
  concurrency: 4,
  retryBaseMs: 30_000,
  retryMaxMs: 30 * 60_000,
  maxAttempts: 10,
}
const MAX_TIMER_MS = 2 ** 31 - 1

/** A publish whose outcome could not be settled now: its lease is left to lapse, not released. */
const LAPSE = 'lapse' as const

/** The idempotency key of a job's publish: its id, as on the desktop (src-main/scheduler/job-store.ts). */
const keyOf = (job: Pick<ServerJob, 'id'>) => job.id

interface Claimed {
  job: ServerJob
  post: ServerPost
  channel: ServerChannel
}

export function createServerPublisher(ctx: ServerContext, options: ServerPublisherOptions = {}): ServerPublisher {
  const settings = { ...DEFAULTS, ...options }
  const publicUrl = options.publicUrl ?? ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`
  let started = false
  // runDue works without start (tests, a one-off pass); stop ends work in progress between jobs.
  let stopped = false
  let pass: Promise<void> | null = null
  let again = false
  let dueTimer: NodeJS.Timeout | null = null
  let tickTimer: NodeJS.Timeout | null = null
  let unsubscribe: (() => void) | null = null

  const now = () => ctx.clock.now()
  const platforms = createPlatformPublisher(ctx)
  /** Whether this loop can publish on the channel: the Sandbox always, others with credentials it holds. */
  const publishable = async (orgId: string, channel: ServerChannel | undefined): Promise<boolean> =>
    channel?.platform === 'sandbox' || (channel ? await platforms.holds(orgId, channel) : false)
  const log = (error: unknown, message: string, extra: object = {}) => ctx.log.error({ err: error, ...extra }, message)

  function request(): Promise<void> {
    if (pass) {
      again = true
      return pass
    }
    pass = drain().finally(() => (pass = null))
    return pass
  }

  async function drain(): Promise<void> {
    do {
      again = false
      try {
        await onePass()
      } catch (error) {
        log(error, 'server publishing pass failed; the safety tick tries again')
      }
    } while (again)
    await arm()
  }

  async function onePass(): Promise<void> {
    const orgs = await publishingOrgs(ctx.db)
    if (orgs.size === 0) return
    const jobs = await openJobs(ctx.db, [...orgs.keys()])
    const at = now().getTime()
    const work = jobs.filter((job) => job.status === 'running' || Date.parse(job.runAt ?? '') <= at)
    // Jobs another holder already finished are waiting for their device's sync; no need to ask again.
    const finished = new Set<string>()
    for (const orgId of new Set(work.map((j) => j.orgId))) {
      const ids = work.filter((j) => j.orgId === orgId).map((j) => j.id)
      for (const id of await completedJobIds(ctx.db, orgId, ids)) finished.add(`${orgId}/${id}`)
    }
    const queue = work.filter((job) => !finished.has(`${job.orgId}/${job.id}`))
    const worker = async () => {
      for (let job = queue.shift(); job && !stopped; job = queue.shift()) {
        // Embedded PGlite answers in microtasks: without a turn of the event loop between jobs, a long pass
        // would keep the server from answering requests (desktops asking for leases among them) until it ends.
        await new Promise((resolve) => setImmediate(resolve))
        try {
          await runJob(job, orgs.get(job.orgId)!)
        } catch (error) {
          log(error, 'server publishing: a job failed unexpectedly', { orgId: job.orgId, jobId: job.id })
        }
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, worker))
  }

  /** The timer to the next job due later; due jobs left now were not ours to take (the safety tick retries them). */
  async function arm(): Promise<void> {
    if (dueTimer) clearTimeout(dueTimer)
    dueTimer = null
    if (!started || stopped) return
    const orgs = await publishingOrgs(ctx.db).catch(() => new Map())
    const jobs = await openJobs(ctx.db, [...orgs.keys()]).catch(() => [])
    const at = now().getTime()
    let next = Infinity
    for (const job of jobs) {
      const runAt = Date.parse(job.runAt ?? '')
      if (job.status === 'pending' && runAt > at && runAt < next) next = runAt
    }
    // Stopped (or re-armed by a poke) while reading: leave the timer to whoever is current.
    if (!Number.isFinite(next) || !started || stopped || dueTimer) return
    dueTimer = setTimeout(() => void request(), Math.min(next - at, MAX_TIMER_MS))
    dueTimer.unref()
  }

  async function take(job: ServerJob): Promise<LeaseGrant | null> {
    try {
      return await acquireLease(ctx, job.orgId, job.id, SERVER_HOLDER, settings.leaseTtlMs)
    } catch (error) {
      // Held by a desktop, or already finished: not ours.
      if (error instanceof HttpError && error.code === 'conflict') return null
      throw error
    }
  }

  async function release(job: ServerJob, fence: number, outcome: LeaseOutcomeName): Promise<void> {
    await releaseLease(ctx, job.orgId, job.id, fence, outcome).catch((error: unknown) =>
      log(error, 'server publishing: could not release a lease; it lapses on its own', { jobId: job.id }),
    )
  }

  async function record(job: ServerJob, outcome: ServerOutcome): Promise<void> {
    const seq = await ctx.db.transaction((tx) => writeOutcome(tx, ctx, job, outcome))
    await pokeOrg(ctx, job.orgId, seq)
  }

  async function runJob(found: ServerJob, orgSettings: PublishingSettings): Promise<void> {
    // Only channels it can publish on: the Sandbox, and those whose credentials it was handed.
    const channel = await channelOf(ctx.db, found.orgId, await readPost(ctx.db, found.orgId, found.postId))
    if (!(await publishable(found.orgId, channel))) return
    const lease = await take(found)
    if (!lease) return
    let outcome: LeaseOutcomeName | typeof LAPSE = 'skipped'
    try {
      outcome =
        found.status === 'running'
          ? await recover(found)
          : await publish(found, lease, orgSettings.publishLateWithinMinutes)
    } finally {
      // Not released: the next holder's lease is `resumed` and looks the post up again before publishing.
      if (outcome !== LAPSE) await release(found, lease.fence, outcome)
    }
  }

  /**
   * A job left running with nobody holding its lease (its publisher crashed or gave up waiting): ask the platform
   * (the Sandbox always knows; Bluesky by the key's record) and finish or resume it; never publish blindly.
   */
  async function recover(found: ServerJob): Promise<LeaseOutcomeName> {
    const job = await readJob(ctx.db, found.orgId, found.id)
    const post = await readPost(ctx.db, found.orgId, job?.postId ?? null)
    const channel = await channelOf(ctx.db, found.orgId, post)
    if (!job || job.status !== 'running' || !channel || !(await publishable(job.orgId, channel))) return 'skipped'
    const decision = decideAfterInterruption(await lookup(job, channel))
    if (decision.kind === 'published') {
      await record(job, publishedOutcome(now(), decision, 'lookup after an interrupted publish'))
      return 'published'
    }
    if (decision.kind === 'resume') {
      await record(job, {
        job: { status: 'pending', last_error: decision.lastError },
        post: { status: 'scheduled' },
        action: 'post.publish_resumed',
        meta: { idempotencyKey: keyOf(job) },
      })
      again = true
      return 'retry'
    }
    await record(job, {
      job: { status: 'failed', last_error: decision.message },
      post: { status: 'needs_attention' },
      action: 'post.needs_attention',
      meta: { reason: 'unknown_outcome', idempotencyKey: keyOf(job) },
    })
    return 'needs_attention'
  }

  /** Claims the job under the desktop's rules (one transaction, under the org's lock), then publishes it. */
  async function claim(found: ServerJob, lease: LeaseGrant, lateWindowMs: number, asked?: LookupResult) {
    return ctx.db.transaction(async (tx) => {
      await lockOrg(tx, found.orgId)
      const at = now()
      const job = await readJob(tx, found.orgId, found.id)
      const post = await readPost(tx, found.orgId, job?.postId ?? null)
      const livePost = post && !post.deletedAt ? { status: post.status ?? 'draft' } : undefined
      const state = job && {
        status: job.status ?? '',
        runAt: job.runAt ?? '',
        retryCount: job.retryCount ?? 0,
        deletedAt: job.deletedAt,
      }
      const decision = decideClaim(state, livePost, at, lateWindowMs)
      if (!job || decision.kind === 'skip') return { kind: 'skipped' as const }
      const settle = async (outcome: ServerOutcome) => ({
        kind: 'settled' as const,
        seq: await writeOutcome(tx, ctx, job, outcome),
      })
      if (decision.kind === 'cancel') {
        return settle({ job: { status: 'cancelled', last_error: decision.reason }, action: 'schedule_job.cancelled' })
      }
      if (decision.kind === 'missed') {
        return settle({
          job: { status: 'failed', last_error: decision.reason },
          post: { status: 'needs_attention' },
          action: 'post.missed',
          meta: { reason: 'missed', dueAt: job.runAt },
        })
      }
      // Whether the server can publish on it was checked before the lease; here only that it is still there.
      const channel = await channelOf(tx, job.orgId, post)
      if (!channel?.platform) return { kind: 'skipped' as const }
      // An earlier holder never reported: the platform may have the post already (a remote platform was asked
      // before this transaction, which must not wait on the network).
      if (lease.resumed) {
        const existing =
          channel.platform === 'sandbox'
            ? await lookup(job, channel, tx)
            : (asked ?? { status: 'unsupported' as const })
        if (existing.status === 'found') {
          const outcome = publishedOutcome(at, existing, 'lookup of a resumed lease')
          return { kind: 'found' as const, seq: await writeOutcome(tx, ctx, job, outcome) }
        }
        // The platform cannot tell: a blind publish might be a duplicate, so a person decides.
        if (existing.status === 'unsupported') {
          const decision = decideAfterInterruption(existing)
          return settle({
            job: { status: 'failed', last_error: decision.kind === 'needs_attention' ? decision.message : null },
            post: { status: 'needs_attention' },
            action: 'post.needs_attention',
            meta: { reason: 'unknown_outcome', idempotencyKey: keyOf(job) },
          })
        }
      }
      const seq = await writeOutcome(tx, ctx, job, {
        job: { status: 'running' },
        post: { status: 'publishing' },
        action: 'post.publishing',
        meta: { idempotencyKey: keyOf(job), fence: lease.fence, attempt: (job.retryCount ?? 0) + 1 },
      })
      return { kind: 'claimed' as const, seq, claimed: { job, post: post!, channel } satisfies Claimed }
    })
  }

  async function publish(
    found: ServerJob,
    lease: LeaseGrant,
    lateMinutes: number,
  ): Promise<LeaseOutcomeName | typeof LAPSE> {
    const remote = lease.resumed
      ? await channelOf(ctx.db, found.orgId, await readPost(ctx.db, found.orgId, found.postId))
      : undefined
    let asked: LookupResult | undefined
    try {
      asked = remote && remote.platform !== 'sandbox' ? await lookup(found, remote) : undefined
    } catch (error) {
      log(error, 'server publishing: could not look a resumed job up; asking again after its lease lapses', {
        jobId: found.id,
      })
      return LAPSE
    }
    const claimed = await claim(found, lease, lateMinutes * 60_000, asked)
    if (claimed.kind === 'skipped') return 'skipped'
    await pokeOrg(ctx, found.orgId, claimed.seq)
    if (claimed.kind === 'settled') return 'skipped'
    if (claimed.kind === 'found') return 'published'
    const { job, post, channel } = claimed.claimed
    try {
      const result =
        channel.platform === 'sandbox'
          ? await sendToSandbox(job, post, channel)
          : await platforms.publish(job.orgId, channel, post, keyOf(job))
      await record(job, publishedOutcome(now(), result, 'publish'))
      return 'published'
    } catch (error) {
      return afterFailure(job, error)
    }
  }

  /** What the channel's platform knows of the job's idempotency key. */
  async function lookup(job: ServerJob, channel: ServerChannel, db = ctx.db): Promise<LookupResult> {
    if (channel.platform !== 'sandbox') return platforms.lookup(job.orgId, channel, keyOf(job))
    const existing = await findSandboxPostByKey(db, job.orgId, channel.accountId, keyOf(job))
    return existing
      ? { status: 'found', platformPostId: existing.id, url: sandboxPostUrl(publicUrl, channel.id, existing.id) }
      : { status: 'not_found' }
  }

  async function sendToSandbox(job: ServerJob, post: ServerPost, channel: ServerChannel) {
    const text = typeof post.caption === 'string' ? post.caption : ''
    // Type and size from the uploaded bytes (routes/media.ts); a file not uploaded yet is retried later.
    const items = post.mediaUrls ?? []
    const names = items.map((m) => m.url.replace(/^media:/, ''))
    const stored = await mediaInfo(ctx.db, job.orgId, names)
    const media = items.map((m, index) => {
      const file = stored.get(names[index]!)
      if (!file) throw new Error(`attachment ${index + 1} (${m.fileName ?? m.url}) has not been uploaded yet`)
      return { mimeType: file.mimeType, ...(m.altText ? { altText: m.altText } : {}), byteLength: file.byteLength }
    })
    const length = measureText(sandboxLimits, text)
    if (length > sandboxLimits.maxTextLength) {
      throw permanent(`the text is ${length} characters; the Sandbox takes at most ${sandboxLimits.maxTextLength}`)
    }
    if (media.length > sandboxLimits.maxMedia) {
      throw permanent(`${media.length} attachments; the Sandbox takes at most ${sandboxLimits.maxMedia}`)
    }
    if (text.trim() === '' && media.length === 0) throw permanent('the post is empty: write something or attach media')
    const { post: saved } = await publishSandboxPost(ctx, job.orgId, {
      accountId: channel.accountId,
      idempotencyKey: keyOf(job),
      text,
      media,
    })
    return { platformPostId: saved.id, url: sandboxPostUrl(publicUrl, channel.id, saved.id) }
  }

  async function afterFailure(job: ServerJob, error: unknown): Promise<LeaseOutcomeName> {
    const message = error instanceof Error ? error.message : String(error)
    // The Sandbox's own refusals (an HttpError) and a platform's permanent or auth answers will not pass by
    // retrying; anything else (the network, the database) may.
    const failure: PublishFailure =
      error instanceof PermanentFailure || error instanceof HttpError
        ? { kind: 'permanent', reason: message }
        : error instanceof PlatformError && error.kind !== 'transient'
          ? {
              kind: 'permanent',
              reason:
                error.kind === 'auth' ? `${message} Reconnect the channel, then schedule the post again.` : message,
            }
          : { kind: 'transient', retryAfterMs: error instanceof PlatformError ? error.retryAfterMs : undefined }
    const decision = decideAfterFailure(failure, message, { retryCount: job.retryCount ?? 0 }, now(), {
      baseMs: settings.retryBaseMs,
      maxMs: settings.retryMaxMs,
      maxAttempts: settings.maxAttempts,
      random: settings.random ?? Math.random,
    })
    if (decision.kind === 'fail') {
      await record(job, {
        job: { status: 'failed', last_error: decision.reason },
        post: { status: 'failed' },
        action: 'post.failed',
        meta: { reason: decision.reason },
      })
      return 'failed'
    }
    await record(job, {
      job: {
        status: 'pending',
        run_at: decision.runAt,
        retry_count: decision.retryCount,
        last_error: decision.lastError,
      },
      post: { status: 'scheduled' },
      action: 'post.publish_retry',
      meta: { attempt: decision.retryCount, retryAt: decision.runAt, error: decision.lastError },
    })
    return 'retry'
  }

  function armTick(): void {
    tickTimer = setTimeout(() => {
      if (!started) return
      armTick()
      void request()
    }, settings.safetyTickMs)
    tickTimer.unref()
  }

  return {
    start() {
      if (started) return
      started = true
      stopped = false
      armTick()
      // Someone pushed (a new or moved job): look again for the next due time.
      unsubscribe = ctx.bus.subscribe(() => {
        if (started && !pass) void arm().catch((error: unknown) => log(error, 'server publishing: could not arm'))
      })
      void request()
    },
    stop() {
      started = false
      stopped = true
      if (dueTimer) clearTimeout(dueTimer)
      if (tickTimer) clearTimeout(tickTimer)
      dueTimer = tickTimer = null
      unsubscribe?.()
      unsubscribe = null
    },
    runDue: request,
    async idle() {
      while (pass) await pass
    },
  }
}

const permanent = (reason: string) => new PermanentFailure(reason)
