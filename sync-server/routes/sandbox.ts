/**
 * The Sandbox platform's API for members' desktops (the desktop's
 * SandboxBackend over HTTP, src-shared/platforms/sandbox-http.ts):
 * publish (idempotent by key), look up by key, get one, list an account's
 * posts or the answers to one post. `accountId` is the adapter's session
 * account: the channel's platform_user_id, or the channel id.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { measureText } from '../../src-shared/platforms/adapter'
import { sandboxLimits } from '../../src-shared/platforms/sandbox'
import { serverIdSchema } from '../../src-shared/sync/server-api'
import type { ServerContext } from '../context'
import { HttpError, parseInput } from '../errors'
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
import { authenticate } from '../services/sessions'

const orgParams = z.object({ orgId: serverIdSchema })
const postParams = orgParams.extend({ postId: serverIdSchema })
const keySchema = z.string().min(1, 'must not be empty').max(200, 'must be 200 characters or fewer')

const publishBody = z
  .object({
    accountId: serverIdSchema,
    idempotencyKey: keySchema,
    text: z.string().max(20_000, 'must be 20000 characters or fewer'),
    contentWarning: z.string().max(500, 'must be 500 characters or fewer').optional(),
    media: z
      .array(
        z
          .object({
            mimeType: z.string().min(1).max(100),
            altText: z.string().max(sandboxLimits.maxAltTextLength).optional(),
            byteLength: z.number().int().min(0),
          })
          .strict(),
      )
      .max(sandboxLimits.maxMedia, `must hold at most ${sandboxLimits.maxMedia} attachments`)
      .default([]),
    replyTo: serverIdSchema.optional(),
  })
  .strict()

const byKeyQuery = z.object({ accountId: serverIdSchema, idempotencyKey: keySchema })
const listQuery = z
  .object({
    accountId: serverIdSchema.optional(),
    replyTo: serverIdSchema.optional(),
    limit: z.coerce.number().int().min(1, 'must be at least 1').max(500, 'must be 500 or fewer').default(100),
  })
  .refine((q) => Boolean(q.accountId) !== Boolean(q.replyTo), 'must name either accountId or replyTo')

export async function sandboxRoutes(app: FastifyInstance, ctx: ServerContext) {
  const baseUrl = (request: FastifyRequest) => ctx.config.publicUrl ?? `${request.protocol}://${request.host}`
  /** A post as the API answers it, linked to its channel's feed page. */
  const answer = async (request: FastifyRequest, row: SandboxPostRow) =>
    sandboxPostBody(row, baseUrl(request), (await findSandboxChannel(ctx.db, row.accountId))?.id)

  app.post('/v1/orgs/:orgId/sandbox/posts', async (request, reply) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { orgId } = parseInput(orgParams, request.params, 'address')
    const input = parseInput(publishBody, request.body, 'sandbox post')
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
    return { post: await answer(request, post), created }
  })

  app.get('/v1/orgs/:orgId/sandbox/posts/by-key', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { orgId } = parseInput(orgParams, request.params, 'address')
    const { accountId, idempotencyKey } = parseInput(byKeyQuery, request.query, 'lookup')
    await requireMembership(ctx.db, orgId, auth.userId)
    const post = await findSandboxPostByKey(ctx.db, orgId, accountId, idempotencyKey)
    // Not found is an answer, not an error: the client decides what an unknown key means.
    return { post: post ? await answer(request, post) : null }
  })

  app.get('/v1/orgs/:orgId/sandbox/posts/:postId', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { orgId, postId } = parseInput(postParams, request.params, 'address')
    await requireMembership(ctx.db, orgId, auth.userId)
    const post = await getSandboxPost(ctx.db, orgId, postId)
    if (!post) throw new HttpError('not_found', `There is no sandbox post "${postId}" in this organization.`)
    return { post: await answer(request, post) }
  })

  app.get('/v1/orgs/:orgId/sandbox/posts', async (request) => {
    const auth = await authenticate(ctx, request.headers.authorization)
    const { orgId } = parseInput(orgParams, request.params, 'address')
    const { accountId, replyTo, limit } = parseInput(listQuery, request.query, 'list')
    await requireMembership(ctx.db, orgId, auth.userId)
    const rows = accountId
      ? await listSandboxPosts(ctx.db, orgId, [accountId], limit)
      : await sandboxReplies(ctx.db, orgId, replyTo!)
    return { posts: await Promise.all(rows.map((row) => answer(request, row))) }
  })
}
