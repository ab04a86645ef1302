/**
 * A thread published to a channel's Sandbox the way the publishing loop does it, through the adapter's
 * publishThread and reply (src-shared/platforms/adapter.ts) on the device's real Sandbox: the org file's own table
 * for a local-only org, the sync server's for one that syncs (src-main/platforms/adapters.ts).
 */
import { v7 as uuidv7 } from 'uuid'
import type { ServiceContext } from '../../src-main/core/context'
import { adapterFor } from '../../src-main/platforms/adapters'
import { readStoredChannel } from '../../src-main/platforms/channel-store'
import { publishThread, type PlatformSession, type PublishResult } from '../../src-shared/platforms/adapter'

export interface SandboxThreadInput {
  parts: string[]
  /** Posted as a reply to the thread's last part, right after it. */
  firstComment?: string
}

export interface PublishedThread {
  parts: PublishResult[]
  comment?: PublishResult
  /** The idempotency keys used, in order (the comment's last), to publish the same thread again. */
  keys: string[]
}

/** The session the loop publishes a channel's posts with: its Sandbox account (platform_user_id). */
export function sandboxSession(ctx: ServiceContext, orgId: string, channelId: string): PlatformSession {
  const stored = readStoredChannel(ctx.dbs.org(orgId), channelId)
  if (!stored) throw new Error(`no channel ${channelId} in org ${orgId}`)
  return {
    platform: 'sandbox',
    service: '',
    accountId: stored.platformUserId,
    handle: stored.username,
    accessToken: '',
  }
}

export async function publishSandboxThread(
  ctx: ServiceContext,
  orgId: string,
  channelId: string,
  input: SandboxThreadInput,
  keys: string[] = [...input.parts, ...(input.firstComment === undefined ? [] : [''])].map(() => uuidv7()),
): Promise<PublishedThread> {
  const adapter = adapterFor(ctx, orgId, 'sandbox', channelId)
  const session = sandboxSession(ctx, orgId, channelId)
  const parts = await publishThread(
    adapter,
    session,
    input.parts.map((text) => ({ text })),
    keys.slice(0, input.parts.length),
  )
  if (input.firstComment === undefined) return { parts, keys }
  const comment = await adapter.reply(session, { platformPostId: parts.at(-1)!.platformPostId }, input.firstComment, {
    idempotencyKey: keys[input.parts.length]!,
  })
  return { parts, comment, keys }
}
