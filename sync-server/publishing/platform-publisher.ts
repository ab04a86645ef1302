/**
 * The server loop's Bluesky and Mastodon publishing, with the credentials a
 * member handed over (services/credentials.ts) and the same adapters the
 * desktops use. The rule for sessions: while the server holds a channel's
 * credentials it is the one that refreshes them (an 'auth' answer refreshes
 * once and stores the new tokens; Bluesky rotates refresh tokens, so only
 * one holder may refresh), and desktops that handed them over leave that
 * channel's jobs to the server. Refused even after a refresh: the stored
 * credentials are marked invalid, the channel shows "reconnect" on every
 * device, and reconnecting on a desktop sends a fresh session.
 */
import { and, eq } from 'drizzle-orm'
import type { JsonObject, MediaItem } from '../../src-shared/entities/json-shapes'
import type { FollowUpStep } from '../../src-shared/scheduling/follow-ups'
import {
  PlatformError,
  type LookupResult,
  type PlatformAdapter,
  type PlatformSession,
  type PostMedia,
} from '../../src-shared/platforms/adapter'
import { PublishError } from '../../src-shared/scheduling/publish-rules'
import { withRefresh } from '../../src-shared/platforms/with-refresh'
import { createBlueskyAdapter } from '../../src-shared/platforms/bluesky'
import { createMastodonAdapter } from '../../src-shared/platforms/mastodon'
import type { ServerContext } from '../context'
import { socialAccounts } from '../db/schema'
import { markInvalid, saveRefreshed, sessionFor } from '../services/credentials'
import { getMedia } from '../services/media-store'
import { pokeOrg, writeServerChange } from '../sync/server-changes'
import type { ServerChannel, ServerPost } from './job-store'

/** A refusal the loop turns into a failed post at once. */
export class PermanentFailure extends PublishError {
  constructor(reason: string) {
    super({ kind: 'permanent', reason })
  }
  override name = 'PermanentFailure'
}

export interface PlatformPublisher {
  /** Whether the server holds usable credentials for this channel. */
  holds(orgId: string, channel: ServerChannel): Promise<boolean>
  publish(orgId: string, channel: ServerChannel, post: ServerPost, idempotencyKey: string): Promise<PlatformResult>
  /** One of a published post's follow-ups, as a reply to `replyTo`. */
  publishFollowUp(
    orgId: string,
    channel: ServerChannel,
    step: FollowUpStep,
    replyTo: string,
    idempotencyKey: string,
  ): Promise<PlatformResult>
  /** The platform's dedupe window for a repeated key (adapter.ts). */
  dedupeWindowMs(channel: ServerChannel): number
  lookup(orgId: string, channel: ServerChannel, idempotencyKey: string): Promise<LookupResult>
}

interface PlatformResult {
  platformPostId: string
  url: string
}

const MEDIA_PREFIX = 'media:'

export function createPlatformPublisher(ctx: ServerContext): PlatformPublisher {
  const fetcher = (input: string, init?: RequestInit) => fetch(input, init)
  const now = () => ctx.clock.now().getTime()
  const adapters: Record<string, PlatformAdapter> = {
    bluesky: createBlueskyAdapter({ fetch: fetcher, now }),
    mastodon: createMastodonAdapter({ fetch: fetcher, now }),
  }

  async function prepare(orgId: string, channel: ServerChannel) {
    const adapter = channel.platform ? adapters[channel.platform] : undefined
    const session = adapter ? await sessionFor(ctx, orgId, channel.id) : null
    if (!adapter || !session) {
      throw new PermanentFailure(
        `the server holds no sign-in for this ${channel.platform ?? 'unknown'} channel; reconnect it on a desktop`,
      )
    }
    return { adapter, session }
  }

  /** Runs `call`; an 'auth' refusal refreshes once, storing the new tokens (src-shared/platforms/with-refresh.ts). */
  async function refreshing<T>(
    orgId: string,
    channel: ServerChannel,
    call: (adapter: PlatformAdapter, session: PlatformSession) => Promise<T>,
  ): Promise<T> {
    const { adapter, session } = await prepare(orgId, channel)
    return withRefresh(adapter, session, (current) => call(adapter, current), {
      saveRefreshed: (fresh) => saveRefreshed(ctx, orgId, channel.id, fresh),
      refused: (reason) => refused(orgId, channel, reason),
    })
  }

  /** The platform refused the session even after a refresh: stop using it and show "reconnect" everywhere. */
  async function refused(orgId: string, channel: ServerChannel, reason: string): Promise<void> {
    await markInvalid(ctx, orgId, channel.id, reason)
    const seq = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ meta: socialAccounts.meta })
        .from(socialAccounts)
        .where(and(eq(socialAccounts.orgId, orgId), eq(socialAccounts.id, channel.id)))
      const meta: JsonObject = { ...(row?.meta as JsonObject | null), needsReconnect: true }
      return writeServerChange(tx, ctx, orgId, [{ table: 'social_accounts', rowId: channel.id, values: { meta } }], {
        userId: null,
        action: 'channel.needs_reconnect',
        entityType: 'channel',
        entityId: channel.id,
        meta: { reason, via: 'server' },
      })
    })
    await pokeOrg(ctx, orgId, seq)
  }

  /** The post's attachments from the org's media store (services/media-store.ts), where desktops upload them. */
  async function mediaOf(orgId: string, items: MediaItem[]): Promise<PostMedia[]> {
    const media: PostMedia[] = []
    for (const [index, item] of items.entries()) {
      const name = item.url.startsWith(MEDIA_PREFIX) ? item.url.slice(MEDIA_PREFIX.length) : item.url
      const row = await getMedia(ctx.db, orgId, name)
      if (!row) {
        // Not uploaded yet: the device that attached it sends it when it syncs, so this is retried with backoff.
        throw new Error(
          `attachment ${index + 1} (${item.fileName ?? name}) has not reached the server yet; ` +
            'it is sent when the device that has it syncs',
        )
      }
      media.push({
        data: new Uint8Array(row.data),
        mimeType: row.mimeType,
        fileName: item.fileName,
        altText: item.altText,
      })
    }
    return media
  }

  return {
    async holds(orgId, channel) {
      if (!channel.platform || !adapters[channel.platform]) return false
      return (await sessionFor(ctx, orgId, channel.id)) !== null
    },
    async publish(orgId, channel, post, idempotencyKey) {
      const text = typeof post.caption === 'string' ? post.caption : ''
      const media = await mediaOf(orgId, post.mediaUrls ?? [])
      return refreshing(orgId, channel, (adapter, session) =>
        adapter.publish(session, { text, media }, { idempotencyKey }),
      )
    },
    async publishFollowUp(orgId, channel, step, replyTo, idempotencyKey) {
      const media = await mediaOf(orgId, step.media ?? [])
      return refreshing(orgId, channel, (adapter, session) =>
        adapter.publish(session, { text: step.text, media, replyTo }, { idempotencyKey }),
      )
    },
    dedupeWindowMs: (channel) => (channel.platform ? (adapters[channel.platform]?.dedupeWindowMs ?? 0) : 0),
    async lookup(orgId, channel, idempotencyKey) {
      try {
        return await refreshing(orgId, channel, (adapter, session) => adapter.lookup(session, idempotencyKey))
      } catch (error) {
        // Could not ask now (the network): the caller asks again later. Cannot ask at all: nobody can tell.
        const cannotAsk =
          error instanceof PermanentFailure || (error instanceof PlatformError && error.kind !== 'transient')
        if (!cannotAsk) throw error
        return { status: 'unsupported', reason: error.message }
      }
    },
  }
}
