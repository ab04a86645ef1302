/**
 * The media formats posts take, with their size caps, and what a file really
 * is from its first bytes rather than its name or the type a picker or a
 * client claimed. The desktop checks a file with these when it is imported
 * (src-main/services/media.ts) and the sync server again when one is uploaded
 * (sync-server/services/media-store.ts), so both take the same files.
 */
export interface MediaFormat {
  mimeType: string
  ext: string
  type: 'image' | 'gif' | 'video'
  maxBytes: number
}

const MB = 1_000_000

export const MEDIA_FORMATS: readonly MediaFormat[] = [
  { mimeType: 'image/png', ext: 'png', type: 'image', maxBytes: 20 * MB },
  { mimeType: 'image/jpeg', ext: 'jpg', type: 'image', maxBytes: 20 * MB },
  { mimeType: 'image/webp', ext: 'webp', type: 'image', maxBytes: 20 * MB },
  { mimeType: 'image/gif', ext: 'gif', type: 'gif', maxBytes: 20 * MB },
  { mimeType: 'video/mp4', ext: 'mp4', type: 'video', maxBytes: 100 * MB },
  { mimeType: 'video/webm', ext: 'webm', type: 'video', maxBytes: 100 * MB },
]

/** The largest file of any format. */
export const MEDIA_MAX_BYTES = Math.max(...MEDIA_FORMATS.map((f) => f.maxBytes))

/** How many leading bytes sniffFormat looks at: a file's first bytes up to this many are enough to tell. */
export const SNIFF_BYTES = 12

/** Whether `text` (ASCII) is at `at` in the bytes. */
export const asciiAt = (bytes: Uint8Array, at: number, text: string) =>
  [...text].every((char, i) => bytes[at + i] === char.charCodeAt(0))

export function sniffFormat(bytes: Uint8Array): MediaFormat | undefined {
  const mime = (() => {
    if (bytes[0] === 0x89 && asciiAt(bytes, 1, 'PNG\r\n\x1a\n')) return 'image/png'
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
    if (asciiAt(bytes, 0, 'GIF87a') || asciiAt(bytes, 0, 'GIF89a')) return 'image/gif'
    if (asciiAt(bytes, 0, 'RIFF') && asciiAt(bytes, 8, 'WEBP')) return 'image/webp'
    if (asciiAt(bytes, 4, 'ftyp')) return 'video/mp4'
    if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'video/webm'
    return undefined
  })()
  return MEDIA_FORMATS.find((f) => f.mimeType === mime)
}

export const formatOfExt = (ext: string): MediaFormat | undefined => MEDIA_FORMATS.find((f) => f.ext === ext)
