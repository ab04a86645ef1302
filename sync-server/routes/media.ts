/**
 * Post media for orgs that sync (services/media-store.ts;
 * docs/sync-protocol.md#media): PUT stores a file's raw bytes under its
 * content-hash name, GET gives them back, HEAD says whether it is there.
 */
import type { FastifyInstance } from 'fastify'
import { can } from '../../src-shared/entities/permissions'
import { mediaRoutes as routes } from '../../src-shared/sync/routes/media'
import type { ServerContext } from '../context'
import { HttpError, httpErrorFor } from '../errors'
import { getMedia, MEDIA_MAX_BYTES, mediaInfo, putMedia, tooLarge, typeOfName } from '../services/media-store'
import { requireMembership } from '../services/memberships'
import { serve } from './serve'

export async function mediaRoutes(app: FastifyInstance, ctx: ServerContext) {
  // In this scope only: every body is raw bytes (whatever its type), up to the largest file allowed.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MEDIA_MAX_BYTES }, (_request, body, done) =>
    done(null, body),
  )
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const httpError =
      error instanceof HttpError
        ? error
        : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? new HttpError(
              'payload_too_large',
              `The file is larger than any this server takes (${MEDIA_MAX_BYTES / 1_000_000} MB); attach a smaller one.`,
            )
          : httpErrorFor(error, MEDIA_MAX_BYTES)
    if (httpError.statusCode >= 500) request.log.error({ err: error }, 'request failed')
    return reply.code(httpError.statusCode).send(httpError.toBody())
  })

  serve(
    app,
    ctx,
    routes.putMedia,
    async ({ auth, params: { orgId, name }, body, request, reply }) => {
      typeOfName(name)
      const membership = await requireMembership(ctx.db, orgId, auth.userId)
      if (!can(membership.role, 'posts.create')) {
        throw new HttpError('forbidden', `A ${membership.role} cannot attach media to posts in this organization.`)
      }
      if (!Buffer.isBuffer(body)) {
        throw new HttpError('invalid_request', `Send the bytes of ${name} as the request body.`, { field: 'body' })
      }
      const stored = await putMedia(ctx, orgId, name, request.headers['content-type'], body)
      reply.code(stored.created ? 201 : 200)
      return stored
    },
    {
      bodyLimit: MEDIA_MAX_BYTES,
      // Refuse an oversize file by its Content-Length, before its bytes are read.
      onRequest: async (request) => {
        const length = Number(request.headers['content-length'])
        const { name } = request.params as { name?: string }
        if (name && Number.isFinite(length)) {
          const oversize = tooLarge(name, length)
          if (oversize) throw oversize
        }
      },
    },
  )

  serve(
    app,
    ctx,
    routes.getMedia,
    async ({ auth, params: { orgId, name }, reply }) => {
      typeOfName(name)
      await requireMembership(ctx.db, orgId, auth.userId)
      const file = await getMedia(ctx.db, orgId, name)
      if (!file) throw notUploaded(name)
      return reply
        .header('content-type', file.mimeType)
        .header('content-length', file.byteLength)
        .header('cache-control', 'private, immutable')
        .send(file.data)
    },
    { exposeHeadRoute: false },
  )

  serve(app, ctx, routes.headMedia, async ({ auth, params: { orgId, name }, reply }) => {
    typeOfName(name)
    await requireMembership(ctx.db, orgId, auth.userId)
    const file = (await mediaInfo(ctx.db, orgId, [name])).get(name)
    if (!file) throw notUploaded(name)
    return reply
      .header('content-type', file.mimeType)
      .header('content-length', file.byteLength)
      .header('cache-control', 'private, immutable')
      .send()
  })
}

const notUploaded = (name: string) =>
  new HttpError('not_found', `${name} is not on this server yet: the device that attached it has not uploaded it.`)
