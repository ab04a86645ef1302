/**
 * Bulk upload: a CSV of posts checked row by row (nothing written), then scheduled all together in one
 * transaction, or not at all when any row has a problem. Media files picked with the CSV are imported first
 * (importMedia) and named here by their file names.
 */
import { z } from 'zod'
import { mediaItemSchema } from '../entities/json-shapes'
import { postSchema } from '../entities/models'
import { id, method } from './fields'
import { whenSchema } from './schedule'

const upload = z
  .object({
    orgId: id,
    /** The CSV file's text. */
    csv: z.string().max(5_000_000, 'the CSV is larger than 5 MB; split it into smaller files'),
    /** The media files picked with it, as importMedia kept them (each with its fileName). */
    files: z.array(mediaItemSchema).max(500).default([]),
  })
  .strict()

export const checkedRowSchema = z.object({
  row: z.number().int(),
  text: z.string(),
  channelId: z.string().nullable(),
  channelName: z.string(),
  when: whenSchema.nullable(),
  media: z.array(mediaItemSchema),
  tags: z.array(z.string()),
  /** Each a sentence that names the row and what to fix; none when the row can be scheduled. */
  problems: z.array(z.string()),
})
export type CheckedRow = z.infer<typeof checkedRowSchema>

export const bulkUploadApi = {
  /** Reads and checks every row; writes nothing (media at an address is downloaded and kept, as an import is). */
  checkBulkPosts: method(
    upload,
    z.object({
      /** What is wrong with the file as a whole (no header, no rows), or null. */
      problem: z.string().nullable(),
      rows: z.array(checkedRowSchema),
    }),
  ),
  /** Checks again and schedules every row in one transaction; any row's problem refuses the whole file. */
  scheduleBulkPosts: method(upload, z.object({ posts: z.array(postSchema) })),
}
