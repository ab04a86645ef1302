/**
 * Browser mode: the same main-process core, reached over HTTP instead of IPC.
 * Serves the built renderer on 127.0.0.1, answers `POST /api/<method>` and
 * pushes events over a websocket at `/events`.
 *
 * Only this run's browser tab may talk to it: every API call and the
 * websocket need the random per-run token (handed to the tab in the URL
 * fragment, which browsers never send to servers), and the Host header must
 * name this loopback address, which defeats DNS rebinding.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import sirv from 'sirv'
import { WebSocketServer } from 'ws'
import { contentSecurityPolicy } from '../../../src-shared/content-security-policy'
import type { Core } from '../../core/create-core'

export const MAX_BODY_BYTES = 1024 * 1024

export interface WebHostOptions {
  core: Core
  rendererDir: string
  port?: number
  token?: string
}

export interface WebHost {
  /** The address to open, with the token in its fragment. */
  url: string
  origin: string
  token: string
  close(): Promise<void>
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`)
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.')
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const csp = contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] })
  const statics = sirv(options.rendererDir, { single: true, etag: true, dev: false })

  const checkRequest = (req: IncomingMessage) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      throw new HttpError(
        403,
        `This server answers only at ${origin}; the Host header "${req.headers.host ?? ''}" is not that.`,
      )
    }
    const from = req.headers.origin
    if (from && from !== origin && from !== `http://localhost:${port}`) {
      throw new HttpError(403, `Requests from ${from} are not allowed.`)
    }
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        checkRequest(req)
        const url = new URL(req.url ?? '/', origin)
        if (url.pathname.startsWith('/api/')) {
          if (req.method !== 'POST') throw new HttpError(405, 'API methods are called with POST.')
          const bearer = req.headers.authorization?.replace(/^Bearer /, '')
          if (!sameToken(bearer, token))
            throw new HttpError(401, 'The API token is missing or wrong; open the address this run printed.')
          const input = await readJson(req)
          sendJson(res, 200, await options.core.dispatch(decodeURIComponent(url.pathname.slice(5)), input))
          return
        }
        res.setHeader('content-security-policy', csp)
        res.setHeader('x-content-type-options', 'nosniff')
        res.setHeader('referrer-policy', 'no-referrer')
        statics(req, res, () => sendJson(res, 404, { error: 'Not found' }))
      } catch (error) {
        if (error instanceof HttpError)
          sendJson(res, error.status, { ok: false, error: { code: 'unauthorized', message: error.message } })
        else {
          console.error(error)
          sendJson(res, 500, {
            ok: false,
            error: { code: 'internal', message: 'The browser-mode host failed; see its log.' },
          })
        }
      }
    })()
  })

  const sockets = new WebSocketServer({ noServer: true })
  server.on('upgrade', (req, socket, head) => {
    try {
      checkRequest(req)
      const url = new URL(req.url ?? '/', origin)
      if (url.pathname !== '/events' || !sameToken(url.searchParams.get('token'), token))
        throw new HttpError(401, 'bad token')
    } catch {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const stop = options.core.onEvent((event) => ws.send(JSON.stringify(event)))
      ws.on('close', stop)
    })
  })

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
