/**
 * The built-in Sandbox platform, hosted for organizations that sync: posts
 * are kept per channel (the social_accounts id) and shown on a public feed
 * page. Publishing is idempotent by (channel, idempotency key): a repeat
 * answers the first post, and counts the call, so tests can see how often a
 * post was really sent. A channel belongs to the organization that has it
 * (or first published to it); others cannot post there.
 */
import { and, desc, eq, sql } from 'drizzle-orm'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { sandboxPosts, socialAccounts, type SandboxMedia } from '../db/schema'
import { HttpError } from '../errors'
import { newServerId } from '../ids'

export type SandboxPostRow = typeof sandboxPosts.$inferSelect

export interface SandboxPostInput {
  channelId: string
  idempotencyKey: string
  text: string
  contentWarning?: string
  media: SandboxMedia[]
  replyTo?: string
}

/** A sandbox post as the API answers it (the desktop's SandboxPost, plus where to see it and the call count). */
export interface SandboxPostBody {
  id: string
  accountId: string
  idempotencyKey: string
  text: string
  contentWarning?: string
  media: SandboxMedia[]
  replyTo?: string
  publishedAt: string
  url: string
  publishCalls: number
}

const trimSlash = (url: string) => url.replace(/\/+$/, '')

export const sandboxFeedUrl = (baseUrl: string, channelId: string) =>
  `${trimSlash(baseUrl)}/sandbox/${encodeURIComponent(channelId)}`

export const sandboxPostUrl = (baseUrl: string, channelId: string, postId: string) =>
  `${sandboxFeedUrl(baseUrl, channelId)}#${encodeURIComponent(postId)}`

export function sandboxPostBody(row: SandboxPostRow, baseUrl: string): SandboxPostBody {
  return {
    id: row.id,
    accountId: row.accountId,
    idempotencyKey: row.idempotencyKey,
    text: row.text,
    ...(row.contentWarning ? { contentWarning: row.contentWarning } : {}),
    media: row.media,
    ...(row.replyTo ? { replyTo: row.replyTo } : {}),
    publishedAt: row.publishedAt.toISOString(),
    url: sandboxPostUrl(baseUrl, row.accountId, row.id),
    publishCalls: row.publishCalls,
  }
}

/** The organization a channel id belongs to on this server, or null when nobody has it yet. */
export async function channelOwner(db: Db, channelId: string): Promise<string | null> {
  const [account] = await db
    .select({ orgId: socialAccounts.orgId })
    .from(socialAccounts)
    .where(eq(socialAccounts.id, channelId))
    .limit(1)
  if (account) return account.orgId
  const [post] = await db
    .select({ orgId: sandboxPosts.orgId })
    .from(sandboxPosts)
    .where(eq(sandboxPosts.accountId, channelId))
    .limit(1)
  return post?.orgId ?? null
}

/** Publishes (or answers the post already published under the key); `created` is false for a repeat. */
export async function publishSandboxPost(
  ctx: ServerContext,
  orgId: string,
  input: SandboxPostInput,
): Promise<{ post: SandboxPostRow; created: boolean }> {
  const owner = await channelOwner(ctx.db, input.channelId)
  if (owner !== null && owner !== orgId) {
    throw new HttpError('forbidden', `The sandbox channel "${input.channelId}" belongs to another organization.`)
  }
  const [post] = await ctx.db
    .insert(sandboxPosts)
    .values({
      id: newServerId(),
      orgId,
      accountId: input.channelId,
      idempotencyKey: input.idempotencyKey,
      text: input.text,
      contentWarning: input.contentWarning ?? null,
      media: input.media,
      replyTo: input.replyTo ?? null,
      publishedAt: ctx.clock.now(),
    })
    // A repeat keeps the first post and only counts the call, atomically.
    .onConflictDoUpdate({
      target: [sandboxPosts.accountId, sandboxPosts.idempotencyKey],
      set: { publishCalls: sql`${sandboxPosts.publishCalls} + 1` },
    })
    .returning()
  return { post: post!, created: post!.publishCalls === 1 }
}

export async function findSandboxPostByKey(db: Db, orgId: string, channelId: string, idempotencyKey: string) {
  const [post] = await db
    .select()
    .from(sandboxPosts)
    .where(
      and(
        eq(sandboxPosts.orgId, orgId),
        eq(sandboxPosts.accountId, channelId),
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

/** Newest first. `orgId` null: the public feed, whoever owns the channel. */
export async function listSandboxPosts(db: Db, orgId: string | null, channelId: string, limit: number) {
  return db
    .select()
    .from(sandboxPosts)
    .where(and(eq(sandboxPosts.accountId, channelId), orgId === null ? undefined : eq(sandboxPosts.orgId, orgId)))
    .orderBy(desc(sandboxPosts.publishedAt), desc(sandboxPosts.id))
    .limit(limit)
}

/** The org's own posts that answer `id` (replies to comments, thread continuations), oldest first. */
export async function sandboxReplies(db: Db, orgId: string, id: string) {
  return db
    .select()
    .from(sandboxPosts)
    .where(and(eq(sandboxPosts.orgId, orgId), eq(sandboxPosts.replyTo, id)))
    .orderBy(sandboxPosts.publishedAt, sandboxPosts.id)
}

/** What the public page shows about a channel: its name, from the org's synced social_accounts row. */
export async function sandboxChannel(db: Db, channelId: string) {
  const [account] = await db
    .select({ orgId: socialAccounts.orgId, username: socialAccounts.username, meta: socialAccounts.meta })
    .from(socialAccounts)
    .where(eq(socialAccounts.id, channelId))
    .limit(1)
  if (!account) return null
  const displayName = typeof account.meta?.displayName === 'string' ? account.meta.displayName : null
  return { orgId: account.orgId, username: account.username ?? '', displayName }
}
