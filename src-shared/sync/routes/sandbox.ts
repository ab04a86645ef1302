/**
 * The Sandbox platform's API for members' desktops (src-shared/platforms/sandbox-http.ts;
 * sync-server/routes/sandbox.ts). `accountId` is the adapter's session account:
 * the channel's platform_user_id, or the channel id.
 */
import { z } from 'zod'
import { sandboxLimits } from '../../platforms/sandbox'
import { serverIdSchema } from '../server-api'
import { orgParams, type ServerRoute } from './route'

const keySchema = z.string().min(1, 'must not be empty').max(200, 'must be 200 characters or fewer')

/** A media file as the org's media store names it: `<sha256>.<ext>` (routes/media.ts). */
export const sandboxMediaFileSchema = z
  .string()
  .regex(/^[0-9a-f]{64}\.[a-z0-9]{2,4}$/, 'must be a media name: <sha256 of the bytes>.<ext>')

const sandboxMediaSchema = z
  .object({
    mimeType: z.string().min(1).max(100),
    altText: z.string().max(sandboxLimits.maxAltTextLength).optional(),
    byteLength: z.number().int().min(0),
    /** The uploaded file, so the public feed can show the picture. */
    file: sandboxMediaFileSchema.optional(),
  })
  .strict()

/** A post or a made-up comment (`<postId>:c<n>`) a post answers. */
const replyToSchema = z.string().regex(/^[0-9A-Za-z_:-]{1,100}$/, 'must be a sandbox post or comment id')

const publishBody = z
  .object({
    accountId: serverIdSchema,
    idempotencyKey: keySchema,
    text: z.string().max(20_000, 'must be 20000 characters or fewer'),
    contentWarning: z.string().max(500, 'must be 500 characters or fewer').optional(),
    media: z
      .array(sandboxMediaSchema)
      .max(sandboxLimits.maxMedia, `must hold at most ${sandboxLimits.maxMedia} attachments`)
      .default([]),
    replyTo: replyToSchema.optional(),
    /**
     * A post first published elsewhere (a local-only org's own Sandbox, carried here when the org is put on the
     * server): its id and time are kept, so links to it and its place in the feed stay the same.
     */
    id: serverIdSchema.optional(),
    publishedAt: z.iso.datetime({ offset: true, message: 'must be an ISO date and time' }).optional(),
  })
  .strict()

const byKeyQuery = z.object({ accountId: serverIdSchema, idempotencyKey: keySchema })
const listQuery = z
  .object({
    accountId: serverIdSchema.optional(),
    replyTo: replyToSchema.optional(),
    limit: z.coerce.number().int().min(1, 'must be at least 1').max(500, 'must be 500 or fewer').default(100),
  })
  .refine((q) => Boolean(q.accountId) !== Boolean(q.replyTo), 'must name either accountId or replyTo')

/** A sandbox post as the API answers it (the desktop's SandboxPost, plus where to see it and the call count). */
export const sandboxPostBodySchema = z.object({
  id: z.string(),
  accountId: z.string(),
  idempotencyKey: z.string(),
  text: z.string(),
  contentWarning: z.string().optional(),
  media: z.array(
    z.object({
      mimeType: z.string(),
      altText: z.string().optional(),
      byteLength: z.number(),
      file: z.string().optional(),
    }),
  ),
  replyTo: z.string().optional(),
  publishedAt: z.string(),
  url: z.string(),
  publishCalls: z.number().int(),
})
export type SandboxPostBody = z.infer<typeof sandboxPostBodySchema>

export const sandboxRoutes = {
  /** Idempotent by (accountId, idempotencyKey): 201 when made, 200 with the first post on a repeat. */
  publishSandboxPost: {
    method: 'POST',
    path: '/v1/orgs/:orgId/sandbox/posts',
    params: orgParams,
    body: publishBody,
    label: 'sandbox post',
    response: z.object({ post: sandboxPostBodySchema, created: z.boolean() }),
  },
  /** Not found is an answer (`post: null`), not an error. */
  findSandboxPostByKey: {
    method: 'GET',
    path: '/v1/orgs/:orgId/sandbox/posts/by-key',
    params: orgParams,
    query: byKeyQuery,
    label: 'lookup',
    response: z.object({ post: sandboxPostBodySchema.nullable() }),
  },
  getSandboxPost: {
    method: 'GET',
    path: '/v1/orgs/:orgId/sandbox/posts/:postId',
    params: orgParams.extend({ postId: serverIdSchema }),
    response: z.object({ post: sandboxPostBodySchema }),
  },
  /** An account's posts (newest first), or the answers to one post. */
  listSandboxPosts: {
    method: 'GET',
    path: '/v1/orgs/:orgId/sandbox/posts',
    params: orgParams,
    query: listQuery,
    label: 'list',
    response: z.object({ posts: z.array(sandboxPostBodySchema) }),
  },
} as const satisfies Record<string, ServerRoute>
