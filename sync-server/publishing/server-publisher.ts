/**
 * The sync server's publishing loop, for organizations whose settings say
 * serverPublishing: their due posts go out while every desktop is closed.
 * It is the shared loop (src-shared/scheduling/publishing-loop.ts) over the
 * PostgreSQL job store (job-store.ts), taking the same leases as the
 * desktops, as holder 'server', so a post is still published at most once
 * whoever gets there first.
 *
 * It publishes only what it can ("ready here", asked before a lease): Sandbox
 * channels, whose platform it hosts, and Bluesky and Mastodon channels whose
 * credentials a member handed to the server (platform-publisher.ts). Other
 * channels' tokens never left the device that connected them, so their jobs
 * are left to desktops (their leases are not even asked for).
 *
 * Nothing wakes or reconnects a server, so every pass (the safety tick's
 * among them) settles jobs a lapsed holder left running; a poke (someone
 * pushed) re-arms the due timer.
 */
import { PublishError, type LeaseProvider, type Publisher } from '../../src-shared/scheduling/loop-ports'
import { PublishingLoop } from '../../src-shared/scheduling/publishing-loop'
import type { ServerContext } from '../context'
import { HttpError } from '../errors'
import { acquireLease, completedJobIds, LEASE_TTL_DEFAULT_MS, releaseLease, SERVER_HOLDER } from '../services/leases'
import { createPlatformPublisher } from './platform-publisher'
import {
  channelOf,
  createPostgresJobStore,
  publishedPostOf,
  readJob,
  readPost,
  type ServerChannel,
  type ServerPost,
} from './job-store'
import { followUpLeaseId } from '../../src-shared/scheduling/follow-ups'
import { createSandboxPublisher } from './sandbox-publisher'
import { publicUrl } from '../public-url'

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

/** The server's leases on an org's jobs, as holder 'server'. */
function serverLeases(ctx: ServerContext, orgId: string, ttlMs: number): LeaseProvider {
  return {
    async acquire(jobId) {
      try {
        return await acquireLease(ctx, orgId, jobId, SERVER_HOLDER, ttlMs)
      } catch (error) {
        // Held by a desktop, or already finished: not ours.
        if (error instanceof HttpError && error.code === 'conflict') return null
        throw error
      }
    },
    async release(jobId, fence, outcome) {
      await releaseLease(ctx, orgId, jobId, SERVER_HOLDER, fence, outcome).catch((error: unknown) =>
        ctx.log.error({ err: error, jobId }, 'server publishing: could not release a lease; it lapses on its own'),
      )
    },
  }
}

/** The Sandbox's own refusals (an HttpError) will not pass by retrying: permanent. */
function refusalsPermanent(publisher: Publisher<ServerPost, ServerChannel>): Publisher<ServerPost, ServerChannel> {
  return {
    async publish(post, options) {
      try {
        return await publisher.publish(post, options)
      } catch (error) {
        if (error instanceof HttpError) throw new PublishError({ kind: 'permanent', reason: error.message })
        throw error
      }
    },
    lookup: (key, channel) => publisher.lookup(key, channel),
    async publishFollowUp(post, step, options) {
      try {
        return await publisher.publishFollowUp!(post, step, options)
      } catch (error) {
        if (error instanceof HttpError) throw new PublishError({ kind: 'permanent', reason: error.message })
        throw error
      }
    },
    dedupeWindowMs: (channel) => publisher.dedupeWindowMs?.(channel) ?? 0,
  }
}

export function createServerPublisher(ctx: ServerContext, options: ServerPublisherOptions = {}): ServerPublisher {
  const linkBase = options.publicUrl ?? publicUrl(ctx.config)
  const platforms = createPlatformPublisher(ctx)
  const sandbox = refusalsPermanent(createSandboxPublisher(ctx, linkBase))
  const remote = (orgId: string): Publisher<ServerPost, ServerChannel> => ({
    publish: (post, { channel, idempotencyKey }) => platforms.publish(orgId, channel, post, idempotencyKey),
    lookup: (key, channel) => platforms.lookup(orgId, channel, key),
    publishFollowUp: (_post, step, { channel, idempotencyKey, replyTo }) =>
      platforms.publishFollowUp(orgId, channel, step, replyTo, idempotencyKey),
    dedupeWindowMs: (channel) => platforms.dedupeWindowMs(channel),
  })
  const ttlMs = options.leaseTtlMs ?? LEASE_TTL_DEFAULT_MS

  /** The Sandbox always; another platform when the server holds the channel's credentials; never a finished job. */
  async function readyHere(orgId: string, jobId: string): Promise<boolean> {
    const job = await readJob(ctx.db, orgId, jobId)
    const channel = await channelOf(ctx.db, orgId, await readPost(ctx.db, orgId, job?.postId ?? null))
    if (!job || !channel) return false
    if (channel.platform !== 'sandbox' && !(await platforms.holds(orgId, channel))) return false
    // Another holder already finished it and its device's sync is on the way: no need to ask for the lease. A live
    // post's follow-ups run under a lease of their own (src-shared/scheduling/follow-ups.ts).
    const leaseId = (await publishedPostOf(ctx.db, orgId, jobId)) ? followUpLeaseId(jobId) : jobId
    return !(await completedJobIds(ctx.db, orgId, [leaseId])).has(leaseId)
  }

  const loop = new PublishingLoop<ServerPost, ServerChannel>({
    store: createPostgresJobStore(ctx),
    leasesFor: (orgId) => serverLeases(ctx, orgId, ttlMs),
    readyHere,
    publisherFor: (channel, orgId) =>
      channel.platform === 'sandbox' ? sandbox : channel.platform ? remote(orgId) : undefined,
    clock: ctx.clock,
    settings: {
      recoverEveryPass: true,
      ...(options.safetyTickMs === undefined ? {} : { safetyTickMs: options.safetyTickMs }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
      ...(options.retryMaxMs === undefined ? {} : { retryMaxMs: options.retryMaxMs }),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    },
    random: options.random,
    log: (error) => ctx.log.error({ err: error }, 'server publishing: a job failed unexpectedly'),
    // Embedded PGlite answers in microtasks: without a turn of the event loop between jobs, a long pass would keep
    // the server from answering requests (desktops asking for leases among them) until it ends.
    betweenJobs: () => new Promise((resolve) => setImmediate(resolve)),
  })

  let unsubscribe: (() => void) | null = null
  return {
    start() {
      if (unsubscribe) return
      // Someone pushed (a new or moved job): look again for the next due time.
      unsubscribe = ctx.bus.subscribe(() => loop.wake())
      void loop.start()
    },
    stop() {
      loop.stop()
      unsubscribe?.()
      unsubscribe = null
    },
    runDue: () => loop.catchUp(),
    idle: () => loop.idle(),
  }
}
