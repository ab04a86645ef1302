/**
 * The scheduling loop as the core runs it: publishers over the platform
 * adapters, the right leases for each org (this device's own for a local
 * org; the sync server's for one that syncs), a "ready here" check before
 * each lease (only channels this device holds a token for, media it has),
 * each org's own publish-late window, and the user told about outcomes.
 */
import { eq } from 'drizzle-orm'
import type { NotificationKind } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import type { Clock } from '../core/clock'
import { posts } from '../db/schema/org'
import { hasTokenHere, readStoredChannel } from '../platforms/channel-store'
import { nodeFetch } from '../platforms/adapters'
import { publisherFor } from '../platforms/publisher'
import type { ServiceContext } from '../core/context'
import { notify } from '../services/notifications'
import { getOrganization } from '../services/org-access'
import { readPublishingSettings } from '../services/stored-settings'
import { hasMediaFile } from '../services/media-files'
import { ensureMediaHere } from '../sync/media-sync'
import { serverHoldsChannel } from '../sync/channel-credentials'
import { attachedServer, clientId } from '../sync/sync-state'
import { channelOfPost, readJob } from './job-store'
import { localLeases, type LeaseProvider, type Timers } from './ports'
import { createServerLeases } from './server-leases'
import { Scheduler, type SchedulerEvent, type SchedulerSettings } from './scheduler'

export interface PublishingLoopOptions {
  clock?: Clock
  timers?: Timers
  settings?: Partial<SchedulerSettings>
  log?: (error: unknown) => void
}

/**
 * Whether this device can publish a job of a syncing org now: asked before its lease, so a job another device (or
 * the server) must publish never takes one. Without the channel's token, or the post's media (here or fetched from
 * the server now), another device must, or a later pass. A local-only org's jobs are all this device's.
 */
async function readyHere(ctx: ServiceContext, orgId: string, jobId: string): Promise<boolean> {
  const db = ctx.dbs.org(orgId)
  if (!attachedServer(db.$client)) return true
  // A contributor's device could not record the post as published (sync refuses it): teammates publish.
  if (!can(getOrganization(ctx, orgId).role, 'posts.publish_without_approval')) return false
  const job = readJob(db, jobId)
  const channel = job && channelOfPost(db, job.postId)
  const stored = channel && readStoredChannel(db, channel.id)
  if (stored && !hasTokenHere(stored)) return false
  // The server publishes (and refreshes) the sign-in this device handed it: one holder of a rotating token.
  if (stored && serverHoldsChannel(db, orgId, stored)) return false
  const post = job && db.select({ mediaUrls: posts.mediaUrls }).from(posts).where(eq(posts.id, job.postId)).get()
  for (const item of post?.mediaUrls ?? []) {
    if (hasMediaFile(ctx.dbs.dataDir, item.url)) continue
    if (!(await ensureMediaHere(ctx, orgId, item.url)).ok) return false
  }
  return true
}

export function createPublishingLoop(ctx: ServiceContext, options: PublishingLoopOptions = {}): Scheduler {
  const log = options.log ?? console.error
  // One provider per org and server, so its view of held leases survives between passes.
  const leases = new Map<string, LeaseProvider>()
  const serverLeasesFor = (orgId: string, serverUrl: string): LeaseProvider => {
    const key = `${orgId} ${serverUrl}`
    let provider = leases.get(key)
    if (!provider) {
      const db = ctx.dbs.org(orgId)
      provider = createServerLeases({
        fetch: nodeFetch,
        serverUrl,
        orgId,
        // The org file's replica id: the same after a restart, so the server knows a lease this device held.
        holder: db.transaction((tx) => clientId(tx)),
        token: () => ctx.sync.currentSession?.token ?? null,
        log,
      })
      leases.set(key, provider)
    }
    return provider
  }
  return new Scheduler({
    ctx,
    clock: options.clock,
    timers: options.timers,
    settings: options.settings,
    log,
    publisherFor: (channel, orgId) => publisherFor(ctx, orgId, channel),
    leasesFor(orgId) {
      const serverUrl = attachedServer(ctx.dbs.org(orgId).$client)
      if (!serverUrl) return localLeases
      return serverLeasesFor(orgId, serverUrl)
    },
    readyHere: (orgId, jobId) => readyHere(ctx, orgId, jobId),
    lateWindowMinutes: (orgId) => readPublishingSettings(ctx.dbs.org(orgId), orgId).publishLateWithinMinutes,
    onEvent: (event) => {
      try {
        tellUser(ctx, event)
      } catch (error) {
        log(error)
      }
    },
  })
}

const KINDS: Record<SchedulerEvent['type'], NotificationKind> = {
  'post.published': 'post.published',
  'post.failed': 'post.failed',
  'post.needs_attention': 'post.needs_attention',
}

function tellUser(ctx: ServiceContext, event: SchedulerEvent): void {
  const db = ctx.dbs.org(event.orgId)
  const post = db.select({ caption: posts.caption }).from(posts).where(eq(posts.id, event.postId)).get()
  const snippet = post?.caption
    ? `“${post.caption.length > 80 ? `${post.caption.slice(0, 79)}…` : post.caption}”`
    : 'Your post'
  const channel = channelOfPost(db, event.postId)
  const where = channel ? ` on ${channel.username}` : ''
  const text =
    event.type === 'post.published'
      ? { title: `Published${where}`, body: `${snippet} is live.` }
      : event.type === 'post.failed'
        ? { title: `Could not publish${where}`, body: `${snippet}: ${event.reason}` }
        : {
            title: event.reason === 'missed' ? `Missed its time${where}` : `Check whether it went out${where}`,
            body: `${snippet}: ${event.message}`,
          }
  notify(ctx, { orgId: event.orgId, kind: KINDS[event.type], postId: event.postId, ...text })
}
