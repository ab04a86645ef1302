/**
 * The platform side of the reply sender for one channel, over the adapters: this device's session (decrypted
 * here), the reply and the look-up under the reply's idempotency key, and on an 'auth' answer one refresh (its
 * tokens saved) before the channel is flagged for reconnecting, as the publisher does for posts.
 */
import type {
  LookupResult,
  PlatformAdapter,
  PlatformSession,
  PublishResult,
  ReplyTarget,
} from '../../src-shared/platforms/adapter'
import { withRefresh } from '../../src-shared/platforms/with-refresh'
import { PublishError } from '../../src-shared/scheduling/publish-rules'
import type { ServiceContext } from '../core/context'
import { adapterFor } from '../platforms/adapters'
import { hasTokenHere, readStoredChannel, saveRefreshedTokens, sessionOf } from '../platforms/channel-store'
import { markNeedsReconnect } from '../platforms/publisher'

/** What the reply sender asks of a channel's platform. */
export interface Replier {
  /** Whether this device can send on the channel at all (it holds the sign-in); asked before a lease. */
  readyHere(): boolean
  /** The channel was disconnected: nobody can send on it. */
  gone(): boolean
  reply(target: ReplyTarget, text: string, idempotencyKey: string): Promise<PublishResult>
  lookup(idempotencyKey: string): Promise<LookupResult>
  /** How long the platform drops a repeat of the same key (Mastodon: an hour; Bluesky and the Sandbox: always). */
  dedupeWindowMs(): number
}

const permanent = (reason: string) => new PublishError({ kind: 'permanent', reason })

export function replierFor(ctx: ServiceContext, orgId: string, channelId: string): Replier {
  const db = ctx.dbs.org(orgId)
  const stored = () => readStoredChannel(db, channelId)

  async function prepared<T>(call: (adapter: PlatformAdapter, session: PlatformSession) => Promise<T>): Promise<T> {
    const channel = stored()
    if (!channel || channel.deleted) {
      throw permanent('The channel was disconnected. Connect it again, then Retry.')
    }
    const session = await sessionOf(ctx.secrets, channel)
    if (!session) {
      throw permanent(`This device holds no sign-in for ${channel.username}. Reconnect the channel here, then Retry.`)
    }
    const adapter = adapterFor(ctx, orgId, channel.platform, channel.id)
    return withRefresh(adapter, session, (current) => call(adapter, current), {
      async saveRefreshed(fresh) {
        await saveRefreshedTokens(db, ctx.secrets, channel.integrationId, fresh)
        ctx.sync.kick(orgId)
      },
      refused: async (reason) => markNeedsReconnect(ctx, orgId, channel, reason),
    })
  }

  return {
    readyHere() {
      const channel = stored()
      return Boolean(channel && !channel.deleted && hasTokenHere(channel))
    },
    reply: (target, text, idempotencyKey) =>
      prepared((adapter, session) => adapter.reply(session, target, text, { idempotencyKey })),
    lookup: (idempotencyKey) => prepared((adapter, session) => adapter.lookup(session, idempotencyKey)),
    gone() {
      const channel = stored()
      return !channel || channel.deleted
    },
    dedupeWindowMs() {
      const channel = stored()
      return channel ? adapterFor(ctx, orgId, channel.platform, channel.id).dedupeWindowMs : 0
    },
  }
}
