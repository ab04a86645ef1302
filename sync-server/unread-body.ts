/**
 * A refusal sent while the request's body is still arriving (a media upload
 * turned away before or while it is read) closes the connection, so the
 * server does not read the rest of the body to keep it alive: the answer says
 * `Connection: close`, and the client should stop sending.
 *
 * Closing a socket with bytes still unread makes the kernel reset the
 * connection, and a client still writing then loses the answer it was sent.
 * So the close lingers (RFC 9112 §9.6): the server half-closes after the
 * answer and drops what still arrives, up to LINGER_BYTES or LINGER_MS,
 * whichever comes first, or until the client goes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'

const LINGER_BYTES = 256 * 1024
const LINGER_MS = 2_000

export function closeIfBodyUnread(request: FastifyRequest, reply: FastifyReply): void {
  const incoming = request.raw
  if (incoming.complete !== false) return
  reply.header('connection', 'close')
  const socket = incoming.socket
  const start = socket.bytesRead
  const over = () => socket.bytesRead - start > LINGER_BYTES
  let flushed = false
  // Read and drop what still comes (Node would otherwise drain the body unbounded), pausing
  // at the bound until the answer is out, then closing.
  incoming.on('data', () => {
    if (!over()) return
    if (flushed) socket.destroy()
    else incoming.pause()
  })
  // Node calls destroySoon once an answer that closes the connection is handed to the socket.
  socket.destroySoon = () => {
    socket.end()
    socket.once('finish', () => {
      flushed = true
      if (over()) return socket.destroy()
      const timer = setTimeout(() => socket.destroy(), LINGER_MS)
      timer.unref()
      socket.once('close', () => clearTimeout(timer))
      incoming.once('end', () => socket.destroy())
      incoming.resume()
    })
  }
}
