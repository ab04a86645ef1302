/**
 * A picked image's pixel size, where its header says it simply. What a file
 * is (its format, from its first bytes) is shared with the sync server:
 * src-shared/media/media-types.ts.
 */
import { asciiAt as ascii } from '../../src-shared/media/media-types'

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
