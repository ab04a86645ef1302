/**
 * The org's media files (db/schema/media.ts), kept by content hash: a file is
 * stored only when its bytes hash to its name and its type matches its
 * extension, so a name always means the same bytes on every device. The
 * formats and their caps are the desktop's (src-shared/media/media-types.ts).
 * Everything but the bytes is checked before the body is read
 * (routes/media.ts); the bytes as they arrive (routes/media-body.ts), and
 * once more here before they are stored.
 */
import { createHash } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { orgMedia } from '../db/schema'
import { HttpError } from '../errors'
import { MEDIA_FORMATS, sniffFormat } from '../../src-shared/media/media-types'

const MB = 1_000_000

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
  const type = match && MEDIA_FORMATS.find((t) => t.ext === match[2])
  if (!match || !type) {
    throw new HttpError(
      'invalid_request',
      `"${name}" is not a media name: it must be <sha256 of the bytes, 64 lowercase hex>.<ext>, with ext one of ` +
        `${MEDIA_FORMATS.map((t) => t.ext).join(', ')}.`,
      { field: 'name' },
    )
  }
  return { hash: match[1]!, ...type }
}

/**
 * A 413 for a file over its type's cap, before or after its bytes arrive.
 * `streamed`: the length is what arrived so far of a body of unknown length.
 */
export function tooLarge(name: string, byteLength: number, streamed = false): HttpError | null {
  const type = typeOfName(name)
  if (byteLength <= type.maxBytes) return null
  const kind = type.type === 'video' ? 'videos' : 'images'
  const size = streamed ? `more than ${describe(type.maxBytes)}` : describe(byteLength)
  return new HttpError(
    'payload_too_large',
    `${name} is ${size}; ${kind} can be at most ${describe(type.maxBytes)}. Attach a smaller file.`,
  )
}

/** A 400 unless the request's Content-Type is the one the name's extension stands for. */
export function checkContentType(name: string, header: string | undefined): void {
  const type = typeOfName(name)
  const claimed = (header ?? '').split(';')[0]!.trim().toLowerCase()
  if (claimed !== type.mimeType) {
    throw new HttpError(
      'invalid_request',
      `${name} must be sent with Content-Type ${type.mimeType} (its extension says so), not "${claimed || 'none'}".`,
      { field: 'content-type' },
    )
  }
}

/**
 * A 400 unless the file's first bytes (SNIFF_BYTES of them, or all of a
 * shorter file) are those of the name's type, as the desktop checks a file
 * it imports: a page or a script under an image's name is not stored.
 */
export function checkLeadingBytes(name: string, leading: Uint8Array): void {
  const type = typeOfName(name)
  const actual = sniffFormat(leading)
  if (actual?.mimeType === type.mimeType) return
  throw new HttpError(
    'invalid_request',
    `${name} is not ${type.mimeType}: its contents are ${actual ? actual.mimeType : 'not an image or video this server takes'}. ` +
      'Send the file the name stands for.',
    { field: 'body' },
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
  checkContentType(name, mimeType)
  const oversize = tooLarge(name, bytes.byteLength)
  if (oversize) throw oversize
  if (bytes.byteLength === 0) throw new HttpError('invalid_request', `${name} arrived empty; send the file's bytes.`)
  checkLeadingBytes(name, bytes)
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
