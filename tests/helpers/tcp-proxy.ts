/**
 * A loopback TCP proxy in front of a server that tests kill and restart: the
 * client keeps one address while the server behind it changes port, and a
 * test can catch the moment a push's answer comes back (the server has
 * committed) to kill the server before the client hears it, the "answer
 * lost" case an outbox must survive. Raw bytes both ways, so websockets and
 * keep-alive pass through unchanged.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'

export interface TcpProxy {
  url: string
  /** Where connections made from now on go. */
  target: string
  /**
   * Called when the first bytes of an answer to a `POST …/push` arrive. Answer true to drop them: the client's
   * connection is destroyed without a byte of the answer.
   */
  onPushAnswer: (() => boolean) | null
  /** Destroys every open connection (as a dead server's would be). */
  dropAll(): void
  close(): Promise<void>
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  const proxy: TcpProxy = {
    url: '',
    target,
    onPushAnswer: null,
    dropAll() {
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    },
    async close() {
      proxy.dropAll()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  const server: Server = createServer((client) => {
    const { hostname, port } = new URL(proxy.target)
    const upstream = connect(Number(port), hostname)
    sockets.add(client).add(upstream)
    // Requests on one connection come one after another (no pipelining): this is the one being answered.
    let answering: 'push' | 'other' = 'other'
    let answerStarted = false
    client.on('data', (chunk: Buffer) => {
      const head = chunk.subarray(0, 200).toString('latin1')
      if (/^[A-Z]+ \//.test(head)) {
        answering = /^POST \S*\/push[ ?]/.test(head) ? 'push' : 'other'
        answerStarted = false
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      if (answering === 'push' && !answerStarted && proxy.onPushAnswer?.()) {
        client.destroy()
        upstream.destroy()
        return
      }
      answerStarted = true
      client.write(chunk)
    })
    const end = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return proxy
}
