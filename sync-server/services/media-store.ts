/**
 * The org's media files (db/schema/media.ts), kept by content hash: a file is
 * stored only when its bytes hash to its name and its type matches its
 * extension, so a name always means the same bytes on every device.
 */
import { createHash } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { orgMedia } from '../db/schema'
import { HttpError } from '../errors'

const MB = 1_000_000

/** The formats the desktop imports (src-main/services/media-types.ts), with the same size caps. */
export const MEDIA_TYPES: readonly { ext: string; mimeType: string; maxBytes: number }[] = [
  { ext: 'png', mimeType: 'image/png', maxBytes: 20 * MB },
  { ext: 'jpg', mimeType: 'image/jpeg', maxBytes: 20 * MB },
  { ext: 'webp', mimeType: 'image/webp', maxBytes: 20 * MB },
  { ext: 'gif', mimeType: 'image/gif', maxBytes: 20 * MB },
  { ext: 'mp4', mimeType: 'video/mp4', maxBytes: 100 * MB },
  { ext: 'webm', mimeType: 'video/webm', maxBytes: 100 * MB },
]

export const MEDIA_MAX_BYTES = Math.max(...MEDIA_TYPES.map((t) => t.maxBytes))

const NAME = /^([0-9a-f]{64})\.([a-z0-9]{2,4})$/

export interface MediaInfo {
  name: string
  mimeType: string
  byteLength: number
}

const describe = (bytes: number) => (bytes >= MB ? `${Number((bytes / MB).toFixed(1))} MB` : `${bytes} bytes`)

/** The type a media name stands for, or a 400 saying what a name must look like. */
export function typeOfName(name: string) {
  const match = NAME.exec(name)
  const type = match && MEDIA_TYPES.find((t) => t.ext === match[2])
  if (!match || !type) {
    throw new HttpError(
      'invalid_request',
      `"${name}" is not a media name: it must be <sha256 of the bytes, 64 lowercase hex>.<ext>, with ext one of ` +
        `${MEDIA_TYPES.map((t) => t.ext).join(', ')}.`,
      { field: 'name' },
    )
  }
  return { hash: match[1]!, ...type }
}

/** A 413 for a file over its type's cap, before or after its bytes arrive. */
export function tooLarge(name: string, byteLength: number): HttpError | null {
  const type = typeOfName(name)
  if (byteLength <= type.maxBytes) return null
  const kind = type.mimeType.startsWith('video/') ? 'videos' : 'images'
  return new HttpError(
    'payload_too_large',
    `${name} is ${describe(byteLength)}; ${kind} can be at most ${describe(type.maxBytes)}. Attach a smaller file.`,
  )
}

/** Stores a file once; a repeat with the same bytes is answered like the first (created: false). */
export async function putMedia(
  ctx: ServerContext,
  orgId: string,
  name: string,
  mimeType: string | undefined,
  bytes: Buffer,
): Promise<MediaInfo & { created: boolean }> {
  const type = typeOfName(name)
  const claimed = (mimeType ?? '').split(';')[0]!.trim().toLowerCase()
  if (claimed !== type.mimeType) {
    throw new HttpError(
      'invalid_request',
      `${name} must be sent with Content-Type ${type.mimeType} (its extension says so), not "${claimed || 'none'}".`,
      { field: 'content-type' },
    )
  }
  const oversize = tooLarge(name, bytes.byteLength)
  if (oversize) throw oversize
  if (bytes.byteLength === 0) throw new HttpError('invalid_request', `${name} arrived empty; send the file's bytes.`)
  const hash = createHash('sha256').update(bytes).digest('hex')
  if (hash !== type.hash) {
    throw new HttpError(
      'invalid_request',
      `The bytes sent for ${name} hash to ${hash}; a media name must be the sha256 of its bytes. ` +
        'The file was changed or cut short on the way: send it again.',
      { field: 'body' },
    )
  }
  const [created] = await ctx.db
    .insert(orgMedia)
    .values({
      orgId,
      name,
      mimeType: type.mimeType,
      byteLength: bytes.byteLength,
      data: bytes,
      createdAt: ctx.clock.now(),
    })
    .onConflictDoNothing()
    .returning({ name: orgMedia.name })
  return { name, mimeType: type.mimeType, byteLength: bytes.byteLength, created: Boolean(created) }
}

/** A file's bytes, or null when nobody uploaded it yet. */
export async function getMedia(db: Db, orgId: string, name: string): Promise<(MediaInfo & { data: Buffer }) | null> {
  const [row] = await db
    .select({ name: orgMedia.name, mimeType: orgMedia.mimeType, byteLength: orgMedia.byteLength, data: orgMedia.data })
    .from(orgMedia)
    .where(and(eq(orgMedia.orgId, orgId), eq(orgMedia.name, name)))
  return row ?? null
}

/** Type and size of the named files that are stored (no bytes), by name. */
export async function mediaInfo(db: Db, orgId: string, names: string[]): Promise<Map<string, MediaInfo>> {
  if (names.length === 0) return new Map()
  const rows = await db
    .select({ name: orgMedia.name, mimeType: orgMedia.mimeType, byteLength: orgMedia.byteLength })
    .from(orgMedia)
    .where(and(eq(orgMedia.orgId, orgId), inArray(orgMedia.name, names)))
  return new Map(rows.map((row) => [row.name, row]))
}
