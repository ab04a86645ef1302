/**
 * Comments in: one channel's new comments, replies, mentions and quotes fetched through its adapter's fetchInbox
 * from the channel's stored cursor (the last 30 days the first time), written as synced rows with their insights,
 * linked to our post where they answer one, and the cursor moved on, in one transaction. A comment's row id is
 * derived from the channel and the platform's id (UUIDv5), so two devices that fetch the same comment make the same
 * row and sync merges them; an existing row is left as it is (its status, tags and corrections are people's).
 *
 * Only owners', admins' and editors' devices holding the channel's sign-in fetch; for an org that syncs, a short
 * server lease (`inbox-<channelId>`) keeps two of them from fetching the same channel at once.
 */
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm'
import { v5 as uuidv5 } from 'uuid'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import type { commentFetchApi } from '../../src-shared/api/comment-fetch'
import { AppError } from '../../src-shared/api/errors'
import { commentInsights } from '../../src-shared/engage/insights'
import type { CommentAuthor, JsonObject } from '../../src-shared/entities/json-shapes'
import type { Organization } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import {
  PLATFORM_DISPLAY_NAMES,
  PlatformError,
  type InboxComment,
  type InboxFetchResult,
  type PlatformSession,
} from '../../src-shared/platforms/adapter'
import { withRefresh } from '../../src-shared/platforms/with-refresh'
import type { ServiceContext } from '../core/context'
import type { HandlersFor } from '../core/handlers'
import type { OrgDb } from '../db/open'
import { comments, posts, socialAccounts } from '../db/schema/org'
import { adapterFor, nodeFetch } from '../platforms/adapters'
import {
  hasTokenHere,
  listStoredChannels,
  readStoredChannel,
  saveRefreshedTokens,
  sessionOf,
  type StoredChannel,
} from '../platforms/channel-store'
import { markNeedsReconnect } from '../platforms/publisher'
import { createServerLeases } from '../scheduler/server-leases'
import { serverHoldsChannel } from '../sync/channel-credentials'
import type { Change } from '../sync/outbox'
import { attachedServer, clientId } from '../sync/sync-state'
import { getOrganization } from './org-access'
import { writeOrg } from './org-mutation'

type CommentRow = typeof comments.$inferSelect

/** The first fetch of a channel goes back this far. */
export const BACKFILL_DAYS = 30
/** Comments per synced mutation: keeps each push well under the server's body limit. */
const COMMENTS_PER_MUTATION = 100
/** How long the inbox lease lasts unless released: longer than a round of fetching takes. */
const INBOX_LEASE_TTL_MS = 2 * 60_000

// A fixed namespace for comment row ids: uuidv5(namespace, `${channelId}\n${platformCommentId}`).
const COMMENT_ID_NAMESPACE = '6f1d3c2a-9b4e-5d7f-8a21-3c9e0b5d4f60'

/** The row id of a fetched comment: the same on every device for the same channel and platform id. */
export const commentRowId = (channelId: string, platformCommentId: string): string =>
  uuidv5(`${channelId}\n${platformCommentId}`, COMMENT_ID_NAMESPACE)

/** One channel's fetch: how many comments came back, how many were new, and the trouble in words. */
export interface FetchRound {
  channelId: string
  fetched: number
  added: number
  problem: string | null
  /** Not before this long (a platform's rate limit), where it said. */
  retryAfterMs?: number
  /** Another device holds the channel's inbox lease (or the server could not be asked): nothing was fetched. */
  skipped?: boolean
}

// What this device alone knows between rounds: each channel's last trouble, and the round under way.
interface FetchState {
  problems: Map<string, string>
  running: Map<string, Promise<FetchRound>>
}
const states = new WeakMap<ServiceContext, FetchState>()
function stateOf(ctx: ServiceContext): FetchState {
  let state = states.get(ctx)
  if (!state) states.set(ctx, (state = { problems: new Map(), running: new Map() }))
  return state
}
const key = (orgId: string, channelId: string) => `${orgId} ${channelId}`

/** Owners, admins and editors fetch; a contributor's or viewer's device reads what they fetched. */
const fetchingRole = (org: Pick<Organization, 'role'>) => can(org.role, 'channels.manage')

/** Whether this device fetches the channel's comments: a fetching role, and the channel's sign-in here. */
export function fetchesHere(org: Organization, channel: StoredChannel): boolean {
  if (!fetchingRole(org) || channel.deleted || !hasTokenHere(channel)) return false
  return channel.meta.needsReconnect !== true
}

export function inboxChannels(ctx: ServiceContext, input: ApiParsedInput<'inboxChannels'>) {
  const org = getOrganization(ctx, input.orgId)
  const db = ctx.dbs.org(org.id)
  const { problems } = stateOf(ctx)
  return listStoredChannels(db).map((channel) => ({
    channelId: channel.id,
    checkedAt: readCursor(db, channel.id).checkedAt,
    fetchesHere: fetchesHere(org, channel),
    problem: problems.get(key(org.id, channel.id)) ?? null,
  }))
}

function readCursor(db: OrgDb, channelId: string): { cursor: string | null; checkedAt: string | null } {
  const row = db
    .select({ cursor: socialAccounts.inboxCursor, checkedAt: socialAccounts.inboxCheckedAt })
    .from(socialAccounts)
    .where(eq(socialAccounts.id, channelId))
    .get()
  return { cursor: row?.cursor ?? null, checkedAt: row?.checkedAt ?? null }
}

/** The channel's published posts by every platform id they went out under (the post, its thread, its first comment). */
function ourPosts(db: OrgDb, channelId: string): Map<string, { id: string; url: string | null }> {
  const rows = db
    .select({ id: posts.id, platformPostId: posts.platformPostId, url: posts.platformUrl, followUps: posts.followUps })
    .from(posts)
    .where(and(eq(posts.socialAccountId, channelId), isNotNull(posts.platformPostId), isNull(posts.deletedAt)))
    .all()
  const byPlatformId = new Map<string, { id: string; url: string | null }>()
  for (const row of rows) {
    byPlatformId.set(row.platformPostId!, { id: row.id, url: row.url })
    for (const step of row.followUps) byPlatformId.set(step.platformPostId, { id: row.id, url: row.url })
  }
  return byPlatformId
}

/** The fetched comments already here (fetched before, or synced from a teammate's fetch): no insights for them. */
function knownComments(db: OrgDb, channelId: string, fetched: InboxComment[]): Set<string> {
  const known = new Set<string>()
  const ids = fetched.map((c) => c.platformCommentId)
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500)
    const rows = db
      .select({ id: comments.platformCommentId })
      .from(comments)
      .where(and(eq(comments.socialAccountId, channelId), inArray(comments.platformCommentId, batch)))
      .all()
    for (const row of rows) known.add(row.id)
  }
  return known
}

const authorOf = (comment: InboxComment): CommentAuthor => ({
  name: comment.author.displayName || comment.author.handle,
  handle: comment.author.handle,
  ...(comment.author.avatarUrl ? { avatarUrl: comment.author.avatarUrl } : {}),
})

/** The rows to insert, insights computed before the transaction so the write itself stays short. */
function rowsFor(
  db: OrgDb,
  channel: StoredChannel,
  fetched: InboxComment[],
  now: Date,
): Omit<CommentRow, 'deletedAt'>[] {
  const ours = ourPosts(db, channel.id)
  const known = knownComments(db, channel.id, fetched)
  return fetched
    .filter((comment) => !known.has(comment.platformCommentId))
    .map((comment) => {
      const post = ours.get(comment.inReplyToId) ?? ours.get(comment.platformPostId)
      const at = Date.parse(comment.createdAt)
      const platformMeta: JsonObject = {
        kind: comment.kind,
        authorId: comment.author.id,
        inReplyToId: comment.inReplyToId,
        rootId: comment.platformPostId,
        ...(comment.url ? { url: comment.url } : {}),
        context: comment.context as unknown as JsonObject[],
      }
      return {
        id: commentRowId(channel.id, comment.platformCommentId),
        orgId: channel.orgId,
        socialAccountId: channel.id,
        platform: channel.platform,
        platformCommentId: comment.platformCommentId,
        postId: post?.id ?? null,
        postLink: post?.url ?? null,
        author: authorOf(comment),
        text: comment.text,
        media: [],
        timestamp: Number.isFinite(at) ? new Date(at).toISOString() : now.toISOString(),
        status: 'open',
        snoozedUntil: null,
        assignedTo: null,
        tags: [],
        aiInsights: commentInsights(comment.text) as unknown as JsonObject,
        platformMeta,
      }
    })
}

const INSERT_SQL = `INSERT INTO comments (id, org_id, social_account_id, platform, platform_comment_id, post_id, post_link,
  author, text, media, timestamp, status, snoozed_until, assigned_to, tags, ai_insights, platform_meta)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`

/**
 * Writes fetched comments and the channel's new cursor in one transaction: the new ones as synced rows (outbox, field
 * clocks and an audit entry per batch of COMMENTS_PER_MUTATION), those already here (fetched before, or from a
 * teammate's fetch) left alone. The app acts here, so the audit names no one. Answers how many were new.
 */
export function importInboxComments(
  ctx: ServiceContext,
  orgId: string,
  channel: StoredChannel,
  fetched: InboxComment[],
  cursor: string | null,
): number {
  const now = ctx.clock.now()
  const rows = rowsFor(ctx.dbs.org(orgId), channel, fetched, now)
  // Windows hear of new comments as a channel change (its checked time moved); there is no comments event yet.
  return writeOrg(ctx, orgId, { userId: null, changed: ['channels'] }, ({ db, tx, record }) => {
    const insert = db.$client.prepare(INSERT_SQL)
    const added: Change[] = []
    for (const row of rows) {
      const json = (value: unknown) => JSON.stringify(value)
      const { changes } = insert.run(
        row.id,
        row.orgId,
        row.socialAccountId,
        row.platform,
        row.platformCommentId,
        row.postId,
        row.postLink,
        json(row.author),
        row.text,
        json(row.media),
        row.timestamp,
        row.status,
        row.snoozedUntil,
        row.assignedTo,
        json(row.tags),
        json(row.aiInsights),
        json(row.platformMeta),
      )
      if (changes > 0) added.push({ table: comments, rowId: row.id, values: row })
    }
    const checked = { inboxCursor: cursor, inboxCheckedAt: now.toISOString() }
    tx.update(socialAccounts).set(checked).where(eq(socialAccounts.id, channel.id)).run()
    // A round with nothing new moves the cursor on this device only: a synced entry every few minutes per channel
    // would fill the activity log with nothing. The next round that brings comments syncs the cursor with them.
    const cursorChange: Change = { table: socialAccounts, rowId: channel.id, values: checked }
    for (let i = 0; i < added.length; i += COMMENTS_PER_MUTATION) {
      const batch = added.slice(i, i + COMMENTS_PER_MUTATION)
      const last = i + COMMENTS_PER_MUTATION >= added.length
      record(last ? [...batch, cursorChange] : batch, {
        action: 'comments.fetched',
        entityType: 'channel',
        entityId: channel.id,
        meta: { username: channel.username, platform: channel.platform, added: batch.length },
      })
    }
    return added.length
  })
}

/** The lease for fetching this channel, where the org syncs; null when another device holds it or none can be had. */
async function inboxLease(ctx: ServiceContext, orgId: string, channelId: string) {
  const db = ctx.dbs.org(orgId)
  const serverUrl = attachedServer(db.$client)
  // A local-only org has this device alone.
  if (!serverUrl) return { release: async () => undefined }
  const leases = createServerLeases({
    fetch: nodeFetch,
    serverUrl,
    orgId,
    holder: db.transaction((tx) => clientId(tx)),
    token: () => ctx.sync.currentSession?.token ?? null,
    ttlMs: INBOX_LEASE_TTL_MS,
  })
  const jobId = `inbox-${channelId}`
  const lease = await leases.acquire(jobId)
  if (!lease) return null
  // 'skipped' leaves the lease open for the next round (a completing outcome would close it for good).
  return { release: () => leases.release(jobId, lease.fence, 'skipped') }
}

/** Fetches one channel now; a round already under way for it is joined rather than started twice. */
export function fetchChannelInbox(ctx: ServiceContext, orgId: string, channelId: string): Promise<FetchRound> {
  const { running } = stateOf(ctx)
  const k = key(orgId, channelId)
  const current = running.get(k)
  if (current) return current
  const round = runRound(ctx, orgId, channelId).finally(() => running.delete(k))
  running.set(k, round)
  return round
}

async function runRound(ctx: ServiceContext, orgId: string, channelId: string): Promise<FetchRound> {
  const { problems } = stateOf(ctx)
  const db = ctx.dbs.org(orgId)
  const org = getOrganization(ctx, orgId)
  const channel = readStoredChannel(db, channelId)
  if (!channel || !fetchesHere(org, channel)) {
    return { channelId, fetched: 0, added: 0, problem: null, skipped: true }
  }
  const session = await sessionOf(ctx.secrets, channel)
  if (!session) {
    const problem = `This device cannot read its sign-in for ${channel.username}; reconnect the channel here to fetch its comments.`
    problems.set(key(orgId, channelId), problem)
    return { channelId, fetched: 0, added: 0, problem }
  }
  const lease = await inboxLease(ctx, orgId, channelId)
  if (!lease) return { channelId, fetched: 0, added: 0, problem: null, skipped: true }
  try {
    const adapter = adapterFor(ctx, orgId, channel.platform, channel.id)
    const { cursor } = readCursor(db, channelId)
    const since = new Date(ctx.clock.now().getTime() - BACKFILL_DAYS * 86_400_000).toISOString()
    const fetchInbox = (s: PlatformSession) => adapter.fetchInbox(s, { cursor, since })
    // The server publishes with (and rotates) the sign-in this device handed it: a refresh here would spend the
    // server's refresh token, so this device fetches with what it has and leaves refreshing to the server.
    const result: InboxFetchResult = serverHoldsChannel(db, orgId, channel)
      ? await fetchInbox(session)
      : await withRefresh(adapter, session, fetchInbox, {
          async saveRefreshed(fresh) {
            await saveRefreshedTokens(db, ctx.secrets, channel.integrationId, fresh)
            ctx.sync.kick(orgId)
          },
          refused: async (reason) => markNeedsReconnect(ctx, orgId, channel, reason),
        })
    const added = importInboxComments(ctx, orgId, channel, result.comments, result.cursor)
    // The inbox and the activity log read again (each batch wrote its audit entry).
    if (added > 0) ctx.emit({ type: 'audit.changed', orgId })
    problems.delete(key(orgId, channelId))
    return { channelId, fetched: result.comments.length, added, problem: null }
  } catch (error) {
    const problem = problemOf(channel, error)
    problems.set(key(orgId, channelId), problem)
    const retryAfterMs = error instanceof PlatformError ? error.retryAfterMs : undefined
    return { channelId, fetched: 0, added: 0, problem, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }
  } finally {
    await lease.release()
  }
}

function problemOf(channel: StoredChannel, error: unknown): string {
  const where = PLATFORM_DISPLAY_NAMES[channel.platform]
  if (error instanceof PlatformError) {
    if (error.kind === 'auth') {
      return `${where} refused the sign-in of ${channel.username}; reconnect it in Channels to fetch its comments again.`
    }
    const words = error.message.replace(/\.?$/, '.')
    return error.kind === 'transient'
      ? `Comments of ${channel.username} could not be fetched just now: ${words} They are fetched again shortly.`
      : `${where} would not give the comments of ${channel.username}: ${words}`
  }
  return `Comments of ${channel.username} could not be fetched because of a problem in the app; they are fetched again shortly.`
}

/** The channels this device fetches in an organization. */
export function fetchedChannels(ctx: ServiceContext, orgId: string): string[] {
  const org = getOrganization(ctx, orgId)
  const db = ctx.dbs.org(orgId)
  return listStoredChannels(db)
    .filter((channel) => fetchesHere(org, channel))
    .map((channel) => channel.id)
}

export async function fetchCommentsNow(ctx: ServiceContext, input: ApiParsedInput<'fetchCommentsNow'>) {
  const org = getOrganization(ctx, input.orgId)
  if (!fetchingRole(org)) {
    throw new AppError(
      'forbidden',
      `As a ${org.role} in "${org.name}" you read the comments your team's owners, admins and editors fetch; ask one of them to fetch now.`,
    )
  }
  const db = ctx.dbs.org(org.id)
  let channelIds: string[]
  if (input.channelId) {
    const channel = readStoredChannel(db, input.channelId)
    if (!channel || channel.deleted) {
      throw new AppError('not_found', 'This channel is no longer connected; connect it again in Channels.')
    }
    if (!fetchesHere(org, channel)) {
      throw new AppError(
        'conflict',
        `This device does not fetch the comments of ${channel.username}: the channel was connected on another device or needs reconnecting. Reconnect it here to fetch from this device.`,
      )
    }
    channelIds = [channel.id]
  } else {
    channelIds = fetchedChannels(ctx, org.id)
  }
  const rounds = await Promise.all(channelIds.map((id) => fetchChannelInbox(ctx, org.id, id)))
  return {
    fetched: rounds.reduce((n, r) => n + r.fetched, 0),
    added: rounds.reduce((n, r) => n + r.added, 0),
    problems: rounds.flatMap((r) => (r.problem ? [r.problem] : [])),
  }
}

export const commentFetchHandlers = {
  inboxChannels: (ctx, input) => inboxChannels(ctx, input),
  fetchCommentsNow: (ctx, input) => fetchCommentsNow(ctx, input),
} satisfies HandlersFor<typeof commentFetchApi>
