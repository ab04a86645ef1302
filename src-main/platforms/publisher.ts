/**
 * The scheduler's Publisher for one channel, over the platform adapters:
 * decrypts this device's session, loads the post's media from the media
 * folder (fetching from the sync server what another device attached),
 * publishes under the job's idempotency key, and on an 'auth' answer
 * refreshes the session once (saving the new tokens) before giving up and
 * flagging the channel for reconnecting.
 */
import { eq } from 'drizzle-orm'
import type { MediaItem } from '../../src-shared/entities/json-shapes'
import type { Post } from '../../src-shared/entities/models'
import type { PlatformAdapter, PlatformSession, PostMedia } from '../../src-shared/platforms/adapter'
import { withRefresh } from '../../src-shared/platforms/with-refresh'
import { PublishError } from '../../src-shared/scheduling/publish-rules'
import { socialAccounts } from '../db/schema/org'
import type { Channel, LookupResult, Publisher } from '../scheduler/ports'
import { writeOrg } from '../services/org-mutation'
import type { ServiceContext } from '../core/context'
import { ensureMediaHere } from '../sync/media-sync'
import { parseMediaUrl } from '../services/media-files'
import { adapterFor } from './adapters'
import { readStoredChannel, saveRefreshedTokens, sessionOf, type StoredChannel } from './channel-store'

const permanent = (reason: string) => new PublishError({ kind: 'permanent', reason })

export function publisherFor(ctx: ServiceContext, orgId: string, channel: Channel): Publisher {
  const db = ctx.dbs.org(orgId)

  async function prepare(): Promise<{ stored: StoredChannel; session: PlatformSession; adapter: PlatformAdapter }> {
    const stored = readStoredChannel(db, channel.id)
    if (!stored || stored.deleted) {
      throw permanent('the channel was disconnected; connect it again and schedule the post again')
    }
    const session = await sessionOf(ctx.secrets, stored)
    if (!session) {
      throw permanent(
        `this device holds no sign-in for ${stored.username} on ${stored.platform}; reconnect the channel here`,
      )
    }
    return { stored, session, adapter: adapterFor(ctx, orgId, stored.platform, stored.id) }
  }

  /** Runs `call`; an 'auth' refusal refreshes the session once and tries again (src-shared/platforms/with-refresh.ts). */
  function refreshing<T>(
    { stored, session, adapter }: Awaited<ReturnType<typeof prepare>>,
    call: (session: PlatformSession) => Promise<T>,
  ): Promise<T> {
    return withRefresh(adapter, session, call, {
      async saveRefreshed(fresh) {
        await saveRefreshedTokens(db, ctx.secrets, stored.integrationId, fresh)
        // The server may hold this session too: the round after this sync re-sends it (sync/channel-credentials.ts).
        ctx.sync.kick(orgId)
      },
      refused: async (reason) => markNeedsReconnect(ctx, orgId, stored, reason),
    })
  }

  /** The attachments' bytes, from this device's media folder or fetched from the sync server. */
  async function mediaOf(items: MediaItem[]): Promise<PostMedia[]> {
    const media: PostMedia[] = []
    for (const [index, item] of items.entries()) {
      const here = await ensureMediaHere(ctx, orgId, item.url)
      if (!here.ok) {
        const which = `attachment ${index + 1} (${item.fileName ?? item.url})`
        if (here.why === 'local') throw permanent(`${which} is not on this device; attach it again`)
        // Another device attached it: it can come later, from the server.
        throw new PublishError({ kind: 'transient', retryAfterMs: 60_000 })
      }
      media.push({
        data: here.bytes,
        mimeType: item.mimeType ?? 'application/octet-stream',
        fileName: item.fileName,
        altText: item.altText,
        file: parseMediaUrl(item.url)?.name,
      })
    }
    return media
  }

  return {
    async publish(post: Post, { idempotencyKey }) {
      const prepared = await prepare()
      const media = await mediaOf(post.mediaUrls)
      return refreshing(prepared, (session) =>
        prepared.adapter.publish(session, { text: post.caption, media }, { idempotencyKey }),
      )
    },
    async publishFollowUp(_post, step, { idempotencyKey, replyTo }) {
      const prepared = await prepare()
      const media = await mediaOf(step.media ?? [])
      return refreshing(prepared, (session) =>
        prepared.adapter.publish(session, { text: step.text, media, replyTo }, { idempotencyKey }),
      )
    },
    dedupeWindowMs: () => adapterFor(ctx, orgId, channel.platform, channel.id).dedupeWindowMs,
    async lookup(idempotencyKey): Promise<LookupResult> {
      let prepared
      try {
        prepared = await prepare()
      } catch (error) {
        return { status: 'unsupported', reason: error instanceof Error ? error.message : String(error) }
      }
      return refreshing(prepared, (session) => prepared.adapter.lookup(session, idempotencyKey))
    },
  }
}

/** The platform refused the saved sign-in even after a refresh: the channel shows "reconnect". */
export function markNeedsReconnect(ctx: ServiceContext, orgId: string, stored: StoredChannel, reason: string): void {
  if (stored.meta.needsReconnect === true) return
  const meta = { ...stored.meta, needsReconnect: true }
  // The app acts on its own here: the audit row names no one.
  writeOrg(ctx, orgId, { userId: null, changed: ['channels'] }, ({ tx, record }) => {
    tx.update(socialAccounts).set({ meta }).where(eq(socialAccounts.id, stored.id)).run()
    record([{ table: socialAccounts, rowId: stored.id, values: { meta } }], {
      action: 'channel.needs_reconnect',
      entityType: 'channel',
      entityId: stored.id,
      meta: { reason },
    })
  })
}
