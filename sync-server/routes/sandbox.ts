/**
 * The Sandbox platform's API for members' desktops (the desktop's
 * SandboxBackend over HTTP, src-shared/platforms/sandbox-http.ts):
 * publish (idempotent by key), look up by key, get one, list an account's
 * posts or the answers to one post. `accountId` is the adapter's session
 * account: the channel's platform_user_id, or the channel id.
 */
import type { FastifyInstance } from 'fastify'
import { measureText } from '../../src-shared/platforms/adapter'
import { sandboxLimits } from '../../src-shared/platforms/sandbox'
import { sandboxRoutes as routes } from '../../src-shared/sync/routes/sandbox'
import type { ServerContext } from '../context'
import { HttpError } from '../errors'
import { requirePublisher } from '../services/leases'
import { requireMembership } from '../services/memberships'
import {
  findSandboxChannel,
  findSandboxPostByKey,
  getSandboxPost,
  listSandboxPosts,
  publishSandboxPost,
  sandboxPostBody,
  sandboxReplies,
  type SandboxPostRow,
} from '../services/sandbox'
import { serve } from './serve'
import { publicUrl } from '../public-url'

export async function sandboxRoutes(app: FastifyInstance, ctx: ServerContext) {
  // PUBLIC_URL or the listening address, never the caller's Host header (public-url.ts).
  const baseUrl = () => publicUrl(ctx.config, app.server)
  /** A post as the API answers it, linked to its channel's feed page. */
  const answer = async (row: SandboxPostRow) =>
    sandboxPostBody(row, baseUrl(), (await findSandboxChannel(ctx.db, row.accountId))?.id)

  serve(app, ctx, routes.publishSandboxPost, async ({ auth, params: { orgId }, body: input, reply }) => {
    await requirePublisher(ctx.db, orgId, auth.userId)
    // The platform refuses what it cannot show, like a real one would.
    const length = measureText(sandboxLimits, input.text)
    if (length > sandboxLimits.maxTextLength) {
      throw new HttpError(
        'invalid_request',
        `The text is ${length} characters; the Sandbox takes at most ${sandboxLimits.maxTextLength}.`,
        { field: 'text' },
      )
    }
    if (input.text.trim() === '' && input.media.length === 0) {
      throw new HttpError('invalid_request', 'Write something or attach media.', { field: 'text' })
    }
    const { post, created } = await publishSandboxPost(ctx, orgId, input)
    reply.code(created ? 201 : 200)
    return { post: await answer(post), created }
  })

  serve(app, ctx, routes.findSandboxPostByKey, async ({ auth, params: { orgId }, query }) => {
    const { accountId, idempotencyKey } = query
    await requireMembership(ctx.db, orgId, auth.userId)
    const post = await findSandboxPostByKey(ctx.db, orgId, accountId, idempotencyKey)
    // Not found is an answer, not an error: the client decides what an unknown key means.
    return { post: post ? await answer(post) : null }
  })

  serve(app, ctx, routes.getSandboxPost, async ({ auth, params: { orgId, postId } }) => {
    await requireMembership(ctx.db, orgId, auth.userId)
    const post = await getSandboxPost(ctx.db, orgId, postId)
    if (!post) throw new HttpError('not_found', `There is no sandbox post "${postId}" in this organization.`)
    return { post: await answer(post) }
  })

  serve(app, ctx, routes.listSandboxPosts, async ({ auth, params: { orgId }, query }) => {
    const { accountId, replyTo, limit } = query
    await requireMembership(ctx.db, orgId, auth.userId)
    const rows = accountId
      ? await listSandboxPosts(ctx.db, orgId, [accountId], limit)
      : await sandboxReplies(ctx.db, orgId, replyTo!)
    return { posts: await Promise.all(rows.map((row) => answer(row))) }
  })
}
