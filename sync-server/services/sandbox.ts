/**
 * The built-in Sandbox platform, hosted for organizations that sync: posts
 * are kept per Sandbox account and shown on the public feed page of its
 * channel. The account id is what the desktop's adapter sends: the channel's
 * platform_user_id (or the channel id itself; both name the channel). Publishing is idempotent by (channel, idempotency key): a repeat
 * answers the first post, and counts the call, so tests can see how often a
 * post was really sent. A channel belongs to the organization that has it
 * (or first published to it); others cannot post there.
 */
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm'
import type { SandboxPostBody } from '../../src-shared/sync/routes/sandbox'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { sandboxPosts, socialAccounts, type SandboxMedia } from '../db/schema'
import { HttpError } from '../errors'
import { newServerId } from '../ids'

export type SandboxPostRow = typeof sandboxPosts.$inferSelect

export interface SandboxPostInput {
  accountId: string
  idempotencyKey: string
  text: string
  contentWarning?: string
  media: SandboxMedia[]
  replyTo?: string
  /** A post carried from a local-only org's own Sandbox keeps its id and time (routes/sandbox.ts). */
  id?: string
  publishedAt?: string
}

/** A sandbox post as the API answers it (the desktop's SandboxPost, plus where to see it and the call count). */
export type { SandboxPostBody }

const trimSlash = (url: string) => url.replace(/\/+$/, '')

export const sandboxFeedUrl = (baseUrl: string, channelId: string) =>
  `${trimSlash(baseUrl)}/sandbox/${encodeURIComponent(channelId)}`

export const sandboxPostUrl = (baseUrl: string, channelId: string, postId: string) =>
  `${sandboxFeedUrl(baseUrl, channelId)}#${encodeURIComponent(postId)}`

/** `channelId`: the channel the post's account belongs to, for its link (the account id when unknown). */
export function sandboxPostBody(row: SandboxPostRow, baseUrl: string, channelId = row.accountId): SandboxPostBody {
  return {
    id: row.id,
    accountId: row.accountId,
    idempotencyKey: row.idempotencyKey,
    text: row.text,
    ...(row.contentWarning ? { contentWarning: row.contentWarning } : {}),
    media: row.media,
    ...(row.replyTo ? { replyTo: row.replyTo } : {}),
    publishedAt: row.publishedAt.toISOString(),
    url: sandboxPostUrl(baseUrl, channelId, row.id),
    publishCalls: row.publishCalls,
  }
}

export interface SandboxChannel {
  /** The social_accounts id: the feed page's address. */
  id: string
  orgId: string
  /** Every id its posts may be kept under: the channel id and its platform_user_id. */
  accountIds: string[]
  username: string
  displayName: string | null
  /** The channel's IANA time zone (its posting schedule's), in which its page shows times; UTC when unknown. */
  timezone: string
}

/** `zone` when this runtime knows it as an IANA time zone, else UTC. */
function knownZone(zone: unknown): string {
  if (typeof zone !== 'string' || zone === '') return 'UTC'
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return zone
  } catch {
    return 'UTC'
  }
}

/** The channel named by its id or its Sandbox account id, from the orgs' synced social_accounts rows. */
export async function findSandboxChannel(db: Db, idOrAccount: string): Promise<SandboxChannel | null> {
  const [row] = await db
    .select({
      id: socialAccounts.id,
      orgId: socialAccounts.orgId,
      platformUserId: socialAccounts.platformUserId,
      username: socialAccounts.username,
      meta: socialAccounts.meta,
    })
    .from(socialAccounts)
    .where(or(eq(socialAccounts.id, idOrAccount), eq(socialAccounts.platformUserId, idOrAccount)))
    .orderBy(sql`${socialAccounts.id} = ${idOrAccount} desc`)
    .limit(1)
  if (!row) return null
  const displayName = typeof row.meta?.displayName === 'string' ? row.meta.displayName : null
  const schedule = row.meta?.schedule
  const zone =
    schedule && typeof schedule === 'object' && !Array.isArray(schedule)
      ? (schedule as { timezone?: unknown }).timezone
      : undefined
  return {
    id: row.id,
    orgId: row.orgId,
    accountIds: [...new Set([row.id, row.platformUserId ?? row.id])],
    username: row.username ?? '',
    displayName,
    timezone: knownZone(zone),
  }
}

/** The organization an account belongs to on this server, or null when nobody has it yet. */
export async function accountOwner(db: Db, accountId: string): Promise<string | null> {
  const channel = await findSandboxChannel(db, accountId)
  if (channel) return channel.orgId
  const [post] = await db
    .select({ orgId: sandboxPosts.orgId })
    .from(sandboxPosts)
    .where(eq(sandboxPosts.accountId, accountId))
    .limit(1)
  return post?.orgId ?? null
}

/** Publishes (or answers the post already published under the key); `created` is false for a repeat. */
export async function publishSandboxPost(
  ctx: ServerContext,
  orgId: string,
  input: SandboxPostInput,
): Promise<{ post: SandboxPostRow; created: boolean }> {
  const owner = await accountOwner(ctx.db, input.accountId)
  if (owner !== null && owner !== orgId) {
    throw new HttpError('forbidden', `The sandbox account "${input.accountId}" belongs to another organization.`)
  }
  const now = ctx.clock.now()
  // A carried post keeps its time, but never one ahead of this server's clock (a device's clock may run fast).
  const publishedAt =
    input.publishedAt && Date.parse(input.publishedAt) < now.getTime() ? new Date(input.publishedAt) : now
  if (input.id) {
    // An id is kept only for the post it named: another post under that id is a different post.
    const [taken] = await ctx.db
      .select({ accountId: sandboxPosts.accountId, idempotencyKey: sandboxPosts.idempotencyKey })
      .from(sandboxPosts)
      .where(eq(sandboxPosts.id, input.id))
    if (taken && (taken.accountId !== input.accountId || taken.idempotencyKey !== input.idempotencyKey)) {
      throw new HttpError('conflict', `Another sandbox post already has the id "${input.id}".`, { field: 'id' })
    }
  }
  const [post] = await ctx.db
    .insert(sandboxPosts)
    .values({
      id: input.id ?? newServerId(),
      orgId,
      accountId: input.accountId,
      idempotencyKey: input.idempotencyKey,
      text: input.text,
      contentWarning: input.contentWarning ?? null,
      media: input.media,
      replyTo: input.replyTo ?? null,
      publishedAt,
    })
    // A repeat keeps the first post and only counts the call, atomically.
    .onConflictDoUpdate({
      target: [sandboxPosts.accountId, sandboxPosts.idempotencyKey],
      set: { publishCalls: sql`${sandboxPosts.publishCalls} + 1` },
    })
    .returning()
  return { post: post!, created: post!.publishCalls === 1 }
}

export async function findSandboxPostByKey(db: Db, orgId: string, accountId: string, idempotencyKey: string) {
  const [post] = await db
    .select()
    .from(sandboxPosts)
    .where(
      and(
        eq(sandboxPosts.orgId, orgId),
        eq(sandboxPosts.accountId, accountId),
        eq(sandboxPosts.idempotencyKey, idempotencyKey),
      ),
    )
  return post
}

export async function getSandboxPost(db: Db, orgId: string, id: string) {
  const [post] = await db
    .select()
    .from(sandboxPosts)
    .where(and(eq(sandboxPosts.orgId, orgId), eq(sandboxPosts.id, id)))
  return post
}

/** Newest first, under any of `accountIds`. `orgId` null: the public feed, whoever owns the channel. */
export async function listSandboxPosts(db: Db, orgId: string | null, accountIds: string[], limit: number) {
  return db
    .select()
    .from(sandboxPosts)
    .where(and(inArray(sandboxPosts.accountId, accountIds), orgId === null ? undefined : eq(sandboxPosts.orgId, orgId)))
    .orderBy(desc(sandboxPosts.publishedAt), desc(sandboxPosts.id))
    .limit(limit)
}

/**
 * The org that may show `file` on the channel's public page: the one whose post on the channel refers to it, or
 * null. Only a file a Sandbox post of that channel names is ever public; other media of the org stay private.
 */
export async function sandboxMediaOwner(db: Db, channel: SandboxChannel | null, accountIds: string[], file: string) {
  const [post] = await db
    .select({ orgId: sandboxPosts.orgId })
    .from(sandboxPosts)
    .where(
      and(
        inArray(sandboxPosts.accountId, accountIds),
        channel ? eq(sandboxPosts.orgId, channel.orgId) : undefined,
        sql`${sandboxPosts.media} @> ${JSON.stringify([{ file }])}::jsonb`,
      ),
    )
    .limit(1)
  return post?.orgId ?? null
}

/** The org's own posts that answer `id` (replies to comments, thread continuations), oldest first. */
export async function sandboxReplies(db: Db, orgId: string, id: string) {
  return db
    .select()
    .from(sandboxPosts)
    .where(and(eq(sandboxPosts.orgId, orgId), eq(sandboxPosts.replyTo, id)))
    .orderBy(sandboxPosts.publishedAt, sandboxPosts.id)
}
