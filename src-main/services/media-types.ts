/**
 * What a media file really is, from its first bytes rather than the name or
 * the type the picker claimed, and its pixel size where the header says it.
 */
export interface MediaFormat {
  mimeType: string
  ext: string
  type: 'image' | 'gif' | 'video'
  maxBytes: number
}

const MB = 1_000_000

export const MEDIA_FORMATS: MediaFormat[] = [
  { mimeType: 'image/png', ext: 'png', type: 'image', maxBytes: 20 * MB },
  { mimeType: 'image/jpeg', ext: 'jpg', type: 'image', maxBytes: 20 * MB },
  { mimeType: 'image/webp', ext: 'webp', type: 'image', maxBytes: 20 * MB },
  { mimeType: 'image/gif', ext: 'gif', type: 'gif', maxBytes: 20 * MB },
  { mimeType: 'video/mp4', ext: 'mp4', type: 'video', maxBytes: 100 * MB },
  { mimeType: 'video/webm', ext: 'webm', type: 'video', maxBytes: 100 * MB },
]

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  [...text].every((char, i) => bytes[at + i] === char.charCodeAt(0))

export function sniffFormat(bytes: Uint8Array): MediaFormat | undefined {
  const mime = (() => {
    if (bytes[0] === 0x89 && ascii(bytes, 1, 'PNG\r\n\x1a\n')) return 'image/png'
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
    if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'image/gif'
    if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'image/webp'
    if (ascii(bytes, 4, 'ftyp')) return 'video/mp4'
    if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'video/webm'
    return undefined
  })()
  return MEDIA_FORMATS.find((f) => f.mimeType === mime)
}

export const formatOfExt = (ext: string): MediaFormat | undefined => MEDIA_FORMATS.find((f) => f.ext === ext)

/** Width and height from the file's header; undefined where it is not simple to read. */
export function imageSize(bytes: Uint8Array, mimeType: string): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const ok = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : undefined)
  try {
    if (mimeType === 'image/png') return ok(view.getUint32(16), view.getUint32(20))
    if (mimeType === 'image/gif') return ok(view.getUint16(6, true), view.getUint16(8, true))
    if (mimeType === 'image/webp') {
      if (ascii(bytes, 12, 'VP8X')) {
        const w = 1 + (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16))
        const h = 1 + (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16))
        return ok(w, h)
      }
      if (ascii(bytes, 12, 'VP8L')) {
        const bits = view.getUint32(21, true)
        return ok((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1)
      }
      if (ascii(bytes, 12, 'VP8 ')) return ok(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff)
    }
    if (mimeType === 'image/jpeg') {
      // Walk the segments to the first start-of-frame marker, which holds the size.
      let at = 2
      while (at + 9 < bytes.length) {
        if (bytes[at] !== 0xff) return undefined
        const marker = bytes[at + 1]!
        const length = view.getUint16(at + 2)
        const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
        if (isFrame) return ok(view.getUint16(at + 7), view.getUint16(at + 5))
        at += 2 + length
      }
    }
  } catch {
    return undefined
  }
  return undefined
}
