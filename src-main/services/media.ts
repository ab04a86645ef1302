/**
 * Images and videos picked for posts, kept in this device's media folder by
 * content hash (`<dataDir>/media/<sha256>.<ext>`), so the same file is kept
 * once and a name can never point outside the folder.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { MediaItem } from '../../src-shared/entities/json-shapes'
import { can } from '../../src-shared/entities/permissions'
import { newId } from '../core/ids'
import type { ServiceContext } from './context'
import { formatOfExt, imageSize, MEDIA_FORMATS, sniffFormat } from './media-types'
import { getOrganization } from './organizations'

const MEDIA_NAME = /^media:([0-9a-f]{64})\.([a-z0-9]{2,4})$/

const mediaDir = (dataDir: string) => join(dataDir, 'media')

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
  const dir = mediaDir(ctx.dbs.dataDir)
  const file = join(dir, name)
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true })
    // Written beside, then renamed: a crash never leaves half a file under the final name.
    const temp = join(dir, `.${name}.${newId()}.tmp`)
    writeFileSync(temp, bytes)
    renameSync(temp, file)
  }
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

/** The file behind a `media:` name, or undefined for a name of the wrong shape or a file not on this device. */
export function readMediaBytes(dataDir: string, url: string): Uint8Array | undefined {
  const match = MEDIA_NAME.exec(url)
  if (!match || !formatOfExt(match[2]!)) return undefined
  const file = join(mediaDir(dataDir), `${match[1]}.${match[2]}`)
  return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined
}

export function readMedia(ctx: ServiceContext, input: ApiParsedInput<'readMedia'>): ApiOutput<'readMedia'> {
  getOrganization(ctx, input.orgId)
  const match = MEDIA_NAME.exec(input.url)
  const format = match && formatOfExt(match[2]!)
  if (!match || !format) {
    throw new AppError('invalid_input', `"${input.url}" is not a media name of this app (media:<sha256>.<ext>).`, [
      { path: 'url', message: 'must be a media: name returned by importMedia' },
    ])
  }
  const bytes = readMediaBytes(ctx.dbs.dataDir, input.url)
  if (!bytes) {
    throw new AppError(
      'not_found',
      'This file is not on this device (it was attached on another one); attach it again.',
    )
  }
  return { dataUrl: `data:${format.mimeType};base64,${Buffer.from(bytes).toString('base64')}` }
}
