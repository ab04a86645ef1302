/**
 * Images and videos picked for posts, kept in this device's media folder by
 * content hash (media-files.ts), so the same file is kept once. In an org
 * that syncs, a file attached on another device is fetched from the sync
 * server when it is first needed (sync/media-sync.ts).
 */
import { createHash } from 'node:crypto'
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { MediaItem } from '../../src-shared/entities/json-shapes'
import { can } from '../../src-shared/entities/permissions'
import { ensureMediaHere } from '../sync/media-sync'
import type { ServiceContext } from '../core/context'
import { parseMediaUrl, writeMediaFile } from './media-files'
import { MEDIA_FORMATS, sniffFormat } from '../../src-shared/media/media-types'
import { imageSize } from './image-size'
import { getOrganization } from './org-access'
import type { mediaApi } from '../../src-shared/api/media'
import type { HandlersFor } from '../core/handlers'

export { readMediaBytes } from './media-files'

function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${Number((bytes / 1_000_000).toFixed(1))} MB` : `${Math.ceil(bytes / 1000)} KB`
}

export function importMedia(ctx: ServiceContext, input: ApiParsedInput<'importMedia'>): ApiOutput<'importMedia'> {
  const org = getOrganization(ctx, input.orgId)
  if (!can(org.role, 'posts.create')) {
    throw new AppError('forbidden', `As a ${org.role} in "${org.name}" you cannot attach media to posts.`)
  }
  const bad = (message: string, path = 'data') => new AppError('invalid_input', message, [{ path, message }])
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.data) || input.data.length % 4 !== 0) {
    throw bad(`${input.fileName} did not arrive as base64; pick the file again.`)
  }
  const bytes = Buffer.from(input.data, 'base64')
  const format = sniffFormat(bytes)
  const accepted = MEDIA_FORMATS.map((f) => f.ext.toUpperCase()).join(', ')
  if (!format) throw bad(`${input.fileName} is not an image or video this app can post (it takes ${accepted}).`)
  const claimed = input.mimeType.toLowerCase()
  if (claimed !== format.mimeType) {
    throw bad(
      `${input.fileName} says it is ${claimed} but its contents are ${format.mimeType}; ` +
        'export it again in the format its name says, or rename it to match.',
      'mimeType',
    )
  }
  if (bytes.byteLength > format.maxBytes) {
    throw bad(
      `${input.fileName} is ${formatBytes(bytes.byteLength)}; ${format.type === 'video' ? 'videos' : 'images'} ` +
        `can be at most ${formatBytes(format.maxBytes)}. Make it smaller and try again.`,
    )
  }
  const hash = createHash('sha256').update(bytes).digest('hex')
  const name = `${hash}.${format.ext}`
  writeMediaFile(ctx.dbs.dataDir, name, bytes)
  const size = format.type === 'video' ? undefined : imageSize(bytes, format.mimeType)
  const item: MediaItem = {
    url: `media:${name}`,
    type: format.type,
    mimeType: format.mimeType,
    byteLength: bytes.byteLength,
    fileName: input.fileName,
    ...(input.altText ? { altText: input.altText } : {}),
    ...(size ?? {}),
  }
  return item
}

export async function readMedia(
  ctx: ServiceContext,
  input: ApiParsedInput<'readMedia'>,
): Promise<ApiOutput<'readMedia'>> {
  getOrganization(ctx, input.orgId)
  const parsed = parseMediaUrl(input.url)
  if (!parsed) {
    throw new AppError('invalid_input', `"${input.url}" is not a media name of this app (media:<sha256>.<ext>).`, [
      { path: 'url', message: 'must be a media: name returned by importMedia' },
    ])
  }
  const here = await ensureMediaHere(ctx, input.orgId, input.url)
  if (!here.ok) {
    throw new AppError(
      'not_found',
      here.why === 'local'
        ? 'This file is not on this device (it was attached on another one); attach it again.'
        : here.why === 'missing'
          ? 'This file was attached on another device that has not uploaded it yet; it shows once that device syncs.'
          : `This file was attached on another device and could not be fetched (${here.reason}); try again later.`,
    )
  }
  return { dataUrl: `data:${parsed.format.mimeType};base64,${Buffer.from(here.bytes).toString('base64')}` }
}

export const mediaHandlers = {
  importMedia: (ctx, input) => importMedia(ctx, input),
  readMedia: (ctx, input) => readMedia(ctx, input),
} satisfies HandlersFor<typeof mediaApi>
