/**
 * Reads an uploaded media file's body (routes/media.ts) as it streams in,
 * chunked or not, and stops the moment it cannot be stored: past its type's
 * size cap (413), or when its first bytes are not that type (400). What was
 * read is dropped and the rest is never read: the refusal goes out with
 * `Connection: close` (closeIfBodyUnread in ../unread-body.ts) and the socket is closed
 * behind it, so a file is never held in memory past its cap.
 */
import type { FastifyRequest } from 'fastify'
import { SNIFF_BYTES } from '../../src-shared/media/media-types'
import { checkLeadingBytes, tooLarge, typeOfName } from '../services/media-store'

export function readMediaBody(
  request: FastifyRequest,
  payload: NodeJS.ReadableStream,
  done: (error: Error | null, body?: Buffer) => void,
): void {
  const { name } = request.params as { name: string }
  const { maxBytes } = typeOfName(name)
  const chunks: Buffer[] = []
  let received = 0
  let sniffed = false
  let finished = false

  const finish = (error: Error | null, body?: Buffer) => {
    if (finished) return
    finished = true
    payload.removeListener('data', onData)
    payload.removeListener('end', onEnd)
    payload.removeListener('error', onError)
    if (error) {
      // Not another byte: the socket stays paused until the refusal is sent and it is closed.
      payload.pause()
      chunks.length = 0
    }
    done(error, body)
  }
  const sniff = () => {
    sniffed = true
    checkLeadingBytes(name, Buffer.concat(chunks).subarray(0, SNIFF_BYTES))
  }
  const onData = (chunk: Buffer) => {
    received += chunk.byteLength
    if (received > maxBytes) return finish(tooLarge(name, received, true))
    chunks.push(chunk)
    try {
      if (!sniffed && received >= SNIFF_BYTES) sniff()
    } catch (error) {
      finish(error as Error)
    }
  }
  const onEnd = () => {
    try {
      if (!sniffed && received > 0) sniff()
      finish(null, Buffer.concat(chunks, received))
    } catch (error) {
      finish(error as Error)
    }
  }
  const onError = (error: Error) => finish(error)

  payload.on('data', onData)
  payload.on('end', onEnd)
  payload.on('error', onError)
}
