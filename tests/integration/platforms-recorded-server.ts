// A real HTTP server on 127.0.0.1 that replays recorded platform answers and keeps every request it received,
// so adapter tests go through real sockets, real headers and real multipart bodies rather than a fetch mock.

import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { type AddressInfo } from 'node:net'
import { join } from 'node:path'

export interface RecordedAnswer {
  status?: number
  headers?: Record<string, string>
  /** A JSON value, sent as application/json. */
  json?: unknown
}

export interface ReceivedRequest {
  method: string
  /** Path and query, as sent. */
  url: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: Buffer
  /** The body parsed as JSON where it was JSON. */
  json(): unknown
  /** The body parsed as a form (multipart or urlencoded), with the same parser fetch uses. */
  form(): Promise<FormData>
}

type Route = { method: string; path: string; answers: RecordedAnswer[] }

export interface RecordedServer {
  url: string
  requests: ReceivedRequest[]
  /** Answer `method path` with these, in order; the last one repeats. A later `on` for the same path replaces it. */
  on(method: string, path: string, ...answers: RecordedAnswer[]): void
  close(): Promise<void>
}

export function fixture(platform: string, name: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', platform, name), 'utf8'))
}

export async function startRecordedServer(): Promise<RecordedServer> {
  const routes: Route[] = []
  const requests: ReceivedRequest[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1')
      const headers = req.headers
      requests.push({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: parsed.pathname,
        query: parsed.searchParams,
        headers,
        body,
        json: () => JSON.parse(body.toString('utf8')),
        form: () =>
          new Response(body, { headers: { 'content-type': String(headers['content-type'] ?? '') } }).formData(),
      })
      // The latest recording for a path wins, so a test can change the answer halfway.
      const route = routes.findLast((r) => r.method === req.method && r.path === parsed.pathname)
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: `No recorded answer for ${req.method} ${parsed.pathname}` }))
        return
      }
      const answer = route.answers.length > 1 ? route.answers.shift()! : route.answers[0]!
      res.writeHead(answer.status ?? 200, {
        ...(answer.json !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        ...answer.headers,
      })
      res.end(answer.json !== undefined ? JSON.stringify(answer.json) : undefined)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(method, path, ...answers) {
      routes.push({ method, path, answers })
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  }
}
