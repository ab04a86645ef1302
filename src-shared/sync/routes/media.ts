/**
 * Post media for orgs that sync (docs/sync-protocol.md#media;
 * sync-server/routes/media.ts): PUT stores a file's raw bytes under its
 * content-hash name, GET gives them back, HEAD says whether it is there.
 */
import { z } from 'zod'
import { fileBytes, noContent, orgParams, type ServerRoute } from './route'

const mediaParams = orgParams.extend({ name: z.string().max(80, 'must be 80 characters or fewer') })

export const storedMediaSchema = z.object({
  name: z.string(),
  mimeType: z.string(),
  byteLength: z.number().int().nonnegative(),
  /** False when the server had the file already. */
  created: z.boolean(),
})

export const mediaRoutes = {
  /** 201 when stored, 200 when it was there already. */
  putMedia: {
    method: 'PUT',
    path: '/v1/orgs/:orgId/media/:name',
    params: mediaParams,
    body: fileBytes,
    bodyType: 'bytes',
    response: storedMediaSchema,
  },
  getMedia: {
    method: 'GET',
    path: '/v1/orgs/:orgId/media/:name',
    params: mediaParams,
    response: fileBytes,
    responseType: 'bytes',
  },
  /** 404 not_found when the device that attached it has not uploaded it. */
  headMedia: {
    method: 'HEAD',
    path: '/v1/orgs/:orgId/media/:name',
    params: mediaParams,
    response: noContent,
    responseType: 'none',
  },
} as const satisfies Record<string, ServerRoute>
