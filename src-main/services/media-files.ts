/**
 * This device's media folder (`<dataDir>/media/<sha256>.<ext>`): reading a
 * file by its `media:` name and writing one atomically. A name of the wrong
 * shape reads as nothing, so it can never point outside the folder.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { newId } from '../core/ids'
import { formatOfExt, type MediaFormat } from '../../src-shared/media/media-types'

const MEDIA_URL = /^media:([0-9a-f]{64})\.([a-z0-9]{2,4})$/

export const mediaDir = (dataDir: string) => join(dataDir, 'media')

/** The parts of a `media:` name, or undefined for one of the wrong shape or an unknown extension. */
export function parseMediaUrl(url: string): { name: string; hash: string; format: MediaFormat } | undefined {
  const match = MEDIA_URL.exec(url)
  const format = match && formatOfExt(match[2]!)
  return match && format ? { name: `${match[1]}.${match[2]}`, hash: match[1]!, format } : undefined
}

const fileOf = (dataDir: string, url: string): string | undefined => {
  const parsed = parseMediaUrl(url)
  return parsed && join(mediaDir(dataDir), parsed.name)
}

/** Whether this device holds the file behind a `media:` name, without reading it (a video can be 100 MB). */
export function hasMediaFile(dataDir: string, url: string): boolean {
  const file = fileOf(dataDir, url)
  return file !== undefined && existsSync(file)
}

/** The file behind a `media:` name, or undefined for a name of the wrong shape or a file not on this device. */
export function readMediaBytes(dataDir: string, url: string): Uint8Array | undefined {
  const file = fileOf(dataDir, url)
  return file && existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined
}

/** Writes a file under its name (`<sha256>.<ext>`), once; the caller has checked the bytes hash to the name. */
export function writeMediaFile(dataDir: string, name: string, bytes: Uint8Array): void {
  const dir = mediaDir(dataDir)
  const file = join(dir, name)
  if (existsSync(file)) return
  mkdirSync(dir, { recursive: true })
  // Written beside, then renamed: a crash never leaves half a file under the final name.
  const temp = join(dir, `.${name}.${newId()}.tmp`)
  writeFileSync(temp, bytes)
  renameSync(temp, file)
}
