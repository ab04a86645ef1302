/**
 * Post media for orgs that sync (services/media-store.ts;
 * docs/sync-protocol.md#media): PUT stores a file's raw bytes under its
 * content-hash name, GET gives them back, HEAD says whether it is there.
 */
import type { FastifyInstance } from 'fastify'
import { can } from '../../src-shared/entities/permissions'
import { mediaRoutes as routes } from '../../src-shared/sync/routes/media'
import type { ServerContext } from '../context'
import { HttpError } from '../errors'
import { checkContentType, getMedia, mediaInfo, putMedia, tooLarge, typeOfName } from '../services/media-store'
import { requireMembership } from '../services/memberships'
import { readMediaBody } from './media-body'
import { serve } from './serve'

export async function mediaRoutes(app: FastifyInstance, ctx: ServerContext) {
  // In this scope only: every body is a file's raw bytes (whatever its type), read by readMediaBody.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', readMediaBody)

  serve(
    app,
    ctx,
    routes.putMedia,
    async ({ params: { orgId, name }, body, request, reply }) => {
      if (!Buffer.isBuffer(body)) {
        throw new HttpError('invalid_request', `Send the bytes of ${name} as the request body.`, { field: 'body' })
      }
      const stored = await putMedia(ctx, orgId, name, request.headers['content-type'], body)
      reply.code(stored.created ? 201 : 200)
      return stored
    },
    {
      // Everything that needs no bytes, before any are read: a caller who may not upload, or a
      // file that could not be stored, is answered without the server taking in the body.
      beforeBody: async ({ auth, params: { orgId, name }, request }) => {
        typeOfName(name)
        const membership = await requireMembership(ctx.db, orgId, auth.userId)
        if (!can(membership.role, 'posts.create')) {
          throw new HttpError('forbidden', `A ${membership.role} cannot attach media to posts in this organization.`)
        }
        checkContentType(name, request.headers['content-type'])
        const declared = request.headers['content-length']
        const oversize = declared === undefined ? null : tooLarge(name, Number(declared))
        if (oversize) throw oversize
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
