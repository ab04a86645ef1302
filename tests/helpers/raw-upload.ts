/**
 * Uploads over a plain TCP socket, so a test controls the body's framing
 * (Content-Length or chunked) and pace, stops sending the moment an answer
 * arrives, and can ask how many bytes the server took off the wire for it.
 */
import type { Server } from 'node:http'
import { connect, type Socket } from 'node:net'

/** Counts what the server read from each connection, by the client's port. */
export function watchServerReads(server: Server) {
  const sockets = new Map<number, Socket>()
  const onConnection = (socket: Socket) => {
    if (socket.remotePort !== undefined) sockets.set(socket.remotePort, socket)
  }
  server.on('connection', onConnection)
  return {
    /** The bytes the server read from the connection at `clientPort`, once the server is done with it. */
    async readFrom(clientPort: number): Promise<number> {
      const socket = sockets.get(clientPort)
      if (!socket) throw new Error(`the server saw no connection from port ${clientPort}`)
      if (!socket.destroyed) await new Promise((resolve) => socket.once('close', resolve))
      return socket.bytesRead
    },
    stop: () => server.off('connection', onConnection),
  }
}

export interface RawUpload {
  port: number
  method?: string
  path: string
  headers?: Record<string, string>
  /** The body's first bytes; the rest, up to `length`, is zeros. */
  leading?: Buffer
  /** How many body bytes to send (at most: sending stops when the server answers). */
  length: number
  /** `chunked`: Transfer-Encoding: chunked, no length said; `declared`: Content-Length: length. */
  framing: 'chunked' | 'declared'
}

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers by their documented shape
  body: any
  /** Body bytes the client had handed its socket when it stopped (the kernel may not have sent them all). */
  written: number
  /** Whether the whole body was written before the answer came. */
  finished: boolean
  /** The client's local port, for watchServerReads. */
  clientPort: number
}

const PIECE = 64 * 1024

export function rawUpload(upload: RawUpload): Promise<RawAnswer> {
  const { length, framing, leading = Buffer.alloc(0) } = upload
  const head = [
    `${upload.method ?? 'PUT'} ${upload.path} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...Object.entries(upload.headers ?? {}).map(([key, value]) => `${key}: ${value}`),
    framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`,
    '',
    '',
  ].join('\r\n')
  const zeros = Buffer.alloc(PIECE)

  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: upload.port })
    let received = Buffer.alloc(0)
    let answered = false
    let written = 0
    let finished = false
    let clientPort = 0

    const answer = (): Omit<RawAnswer, 'written' | 'finished' | 'clientPort'> | null => {
      const end = received.indexOf('\r\n\r\n')
      if (end < 0) return null
      const [statusLine, ...lines] = received.subarray(0, end).toString('latin1').split('\r\n')
      const headers = Object.fromEntries(
        lines.map((line) => [
          line.slice(0, line.indexOf(':')).trim().toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      )
      const size = Number(headers['content-length'] ?? 0)
      const text = received.subarray(end + 4)
      if (text.length < size) return null
      const bodyText = text.subarray(0, size).toString('utf8')
      const json = (headers['content-type'] ?? '').includes('json')
      return { status: Number(statusLine!.split(' ')[1]), headers, body: json ? JSON.parse(bodyText) : bodyText }
    }
    const settle = () => {
      const parsed = answer()
      if (!parsed) return false
      answered = true
      socket.destroy()
      resolve({ ...parsed, written, finished, clientPort })
      return true
    }

    socket.on('data', (data) => {
      received = Buffer.concat([received, data])
      settle()
    })
    // A server that closes on a refusal resets a socket still sending: the answer came before that.
    socket.on('error', () => {})
    socket.on('close', () => {
      if (!answered && !settle()) reject(new Error(`no answer from the server (${received.length} bytes came back)`))
    })

    socket.on('connect', async () => {
      clientPort = socket.localPort!
      const send = (data: Buffer | string) =>
        new Promise<void>((sent) => {
          if (socket.write(data)) sent()
          else socket.once('drain', () => sent())
        })
      await send(head)
      while (written < length && !answered && !socket.destroyed) {
        const size = Math.min(PIECE, length - written)
        const piece =
          written < leading.length
            ? Buffer.concat([leading.subarray(written, written + size), zeros]).subarray(0, size)
            : zeros.subarray(0, size)
        written += size
        // A turn of the event loop between pieces, to read an answer as soon as it comes, as a client
        // reading and writing at once does.
        await new Promise((turn) => setImmediate(turn))
        await send(
          framing === 'chunked'
            ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
            : piece,
        )
      }
      if (answered || socket.destroyed) return
      finished = true
      if (framing === 'chunked') await send('0\r\n\r\n')
    })
  })
}
