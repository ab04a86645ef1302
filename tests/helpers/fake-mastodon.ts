/**
 * A stand-in Mastodon instance on 127.0.0.1 for tests of the desktop's
 * publishing: verify_credentials for one access token, and a status endpoint
 * that counts every POST and either answers or (mode 'hang') never does, as
 * an instance that took the post and then lost the connection.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeMastodon {
  url: string
  /** The one token it accepts; change it to revoke the old one. */
  token: string
  /** Every POST /api/v1/statuses received, answered or not. */
  statusPosts: { body: Record<string, unknown>; idempotencyKey: string | undefined }[]
  mode: 'answer' | 'hang'
  /** A status whose body this says yes to is refused with 422 and these words, as an instance's validation does. */
  refuse: ((body: Record<string, unknown>) => string | null) | null
  /** Resolves at the next status POST. */
  nextStatus(): Promise<void>
  close(): Promise<void>
}

export async function startFakeMastodon(token = 'fake-mastodon-token'): Promise<FakeMastodon> {
  const waiting: (() => void)[] = []
  const hanging = new Set<http.ServerResponse>()
  const state: FakeMastodon = {
    url: '',
    token,
    statusPosts: [],
    mode: 'answer',
    refuse: null,
    nextStatus: () => new Promise((resolve) => waiting.push(resolve)),
    close: async () => {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${state.token}`) {
        return json(res, 401, { error: 'The access token is invalid' })
      }
      if (req.method === 'GET' && req.url === '/api/v1/accounts/verify_credentials') {
        return json(res, 200, { id: '42', username: 'ana', acct: 'ana', display_name: 'Ana Ruiz', avatar: '' })
      }
      if (req.method === 'POST' && req.url === '/api/v1/statuses') {
        const key = req.headers['idempotency-key']
        state.statusPosts.push({
          body: JSON.parse(raw || '{}'),
          idempotencyKey: typeof key === 'string' ? key : undefined,
        })
        for (const resolve of waiting.splice(0)) resolve()
        const refusal = state.refuse?.(state.statusPosts.at(-1)!.body)
        if (refusal) return json(res, 422, { error: refusal })
        if (state.mode === 'hang') {
          hanging.add(res)
          return
        }
        const id = String(100 + state.statusPosts.length)
        return json(res, 200, { id, url: `${state.url}/@ana/${id}`, uri: `${state.url}/users/ana/statuses/${id}` })
      }
      json(res, 404, { error: 'Record not found' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return state
}
