/** A websocket client of /v1/live that queues what it hears, with bounded waits for the next message. */
import WebSocket from 'ws'

export interface LiveMessage {
  type: string
  orgId?: string
  seq?: number
  orgIds?: string[]
}

export class LiveSocket {
  private readonly received: LiveMessage[] = []
  private waiters: (() => void)[] = []
  readonly closed: Promise<{ code: number; reason: string }>

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as LiveMessage)
      this.wake()
    })
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        resolve({ code, reason: String(reason) })
        this.wake()
      }),
    )
  }

  private wake() {
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }

  /** Opens the socket; rejects with the HTTP status when the server refuses the upgrade. */
  static connect(baseUrl: string, token: string | null): Promise<LiveSocket> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/v1/live`
    const socket = new WebSocket(url, { headers: token ? { authorization: `Bearer ${token}` } : {} })
    const live = new LiveSocket(socket)
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(live))
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`upgrade refused: ${response.statusCode}`))
        socket.terminate()
      })
      socket.once('error', reject)
    })
  }

  /** The first message (heard already or soon) that matches; fails after timeoutMs. */
  async next(match: (message: LiveMessage) => boolean, timeoutMs = 10_000): Promise<LiveMessage> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const index = this.received.findIndex(match)
      if (index >= 0) return this.received.splice(index, 1)[0]!
      const left = deadline - Date.now()
      if (left <= 0 || this.socket.readyState === WebSocket.CLOSED) {
        throw new Error(`no matching message within ${timeoutMs} ms; heard ${JSON.stringify(this.received)}`)
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Everything heard so far and not yet taken by next(). */
  pending(): LiveMessage[] {
    return [...this.received]
  }

  close() {
    this.socket.close()
  }
}

/** Resolves with the close code and reason, or fails after timeoutMs. */
export function closedWithin(live: LiveSocket, timeoutMs = 10_000) {
  return Promise.race([
    live.closed,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the socket stayed open')), timeoutMs).unref()),
  ])
}
