/**
 * The server loop's Sandbox publishing: the Sandbox is hosted here, so a post
 * goes straight into its tables (services/sandbox.ts) under the job's
 * idempotency key, with its attachments' type and size from the bytes
 * desktops uploaded (routes/media.ts), and a look-up always knows the answer.
 */
import { measureText } from '../../src-shared/platforms/adapter'
import { sandboxLimits } from '../../src-shared/platforms/sandbox'
import { PublishError, type Publisher } from '../../src-shared/scheduling/loop-ports'
import type { MediaItem } from '../../src-shared/entities/json-shapes'
import type { ServerContext } from '../context'
import { mediaInfo } from '../services/media-store'
import { findSandboxPostByKey, publishSandboxPost, sandboxPostUrl } from '../services/sandbox'
import type { ServerChannel, ServerPost } from './job-store'

const permanent = (reason: string) => new PublishError({ kind: 'permanent', reason })

export function createSandboxPublisher(ctx: ServerContext, publicUrl: string): Publisher<ServerPost, ServerChannel> {
  /** Checks and publishes one Sandbox post (the post itself, or one of its follow-ups when `replyTo` is given). */
  async function publishOne(
    orgId: string,
    channel: ServerChannel,
    text: string,
    items: MediaItem[],
    idempotencyKey: string,
    replyTo?: string,
  ) {
    // Type and size from the uploaded bytes (routes/media.ts); a file not uploaded yet is retried later.
    const names = items.map((m) => m.url.replace(/^media:/, ''))
    const stored = await mediaInfo(ctx.db, orgId, names)
    const media = items.map((m, index) => {
      const file = stored.get(names[index]!)
      if (!file) throw new Error(`attachment ${index + 1} (${m.fileName ?? m.url}) has not been uploaded yet`)
      return {
        mimeType: file.mimeType,
        ...(m.altText ? { altText: m.altText } : {}),
        byteLength: file.byteLength,
        file: names[index]!,
      }
    })
    const length = measureText(sandboxLimits, text)
    if (length > sandboxLimits.maxTextLength) {
      throw permanent(`the text is ${length} characters; the Sandbox takes at most ${sandboxLimits.maxTextLength}`)
    }
    if (media.length > sandboxLimits.maxMedia) {
      throw permanent(`${media.length} attachments; the Sandbox takes at most ${sandboxLimits.maxMedia}`)
    }
    if (text.trim() === '' && media.length === 0) throw permanent('the post is empty: write something or attach media')
    const { post: saved } = await publishSandboxPost(ctx, orgId, {
      accountId: channel.accountId,
      idempotencyKey,
      text,
      media,
      ...(replyTo ? { replyTo } : {}),
    })
    return { platformPostId: saved.id, url: sandboxPostUrl(publicUrl, channel.id, saved.id) }
  }

  return {
    publish: (post, { channel, idempotencyKey }) =>
      publishOne(
        post.orgId,
        channel,
        typeof post.caption === 'string' ? post.caption : '',
        post.mediaUrls ?? [],
        idempotencyKey,
      ),
    publishFollowUp: (post, step, { channel, idempotencyKey, replyTo }) =>
      publishOne(post.orgId, channel, step.text, step.media ?? [], idempotencyKey, replyTo),
    // A look-up always knows the answer here.
    dedupeWindowMs: () => Number.POSITIVE_INFINITY,
    async lookup(idempotencyKey, channel) {
      const existing = await findSandboxPostByKey(ctx.db, channel.orgId, channel.accountId, idempotencyKey)
      return existing
        ? { status: 'found', platformPostId: existing.id, url: sandboxPostUrl(publicUrl, channel.id, existing.id) }
        : { status: 'not_found' }
    },
  }
}
