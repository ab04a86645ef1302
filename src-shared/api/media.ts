/** Images and videos for posts, kept on this device by content hash. */
import { z } from 'zod'
import { mediaItemSchema } from '../entities/json-shapes'
import { id, method, typed } from './fields'

export const mediaApi = {
  /** Keeps a picked file in this device's media folder; the answer goes into a post's mediaUrls. */
  importMedia: method(
    z
      .object({
        orgId: id,
        fileName: typed().trim().min(1).max(255),
        mimeType: z.string().min(1).max(100),
        /** The file's bytes, base64. */
        data: z
          .string()
          .min(1, 'is empty: pick the file again')
          .max(140_000_000, 'is larger than 100 MB: pick a smaller one'),
        altText: typed().max(1500).optional(),
      })
      .strict(),
    mediaItemSchema,
  ),
  /** A kept file as a data: URL, for previews. */
  readMedia: method(
    z.object({ orgId: id, url: z.string().min(1).max(200) }).strict(),
    z.object({ dataUrl: z.string() }),
  ),
}
