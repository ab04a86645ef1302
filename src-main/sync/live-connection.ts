/**
 * The websocket on which the server pokes this device: `{type:'poke', orgId,
 * seq}` when an organization has something new, `{type:'poke', userId, seq}`
 * when the person's own data has (another of their devices pushed, or the
 * server wrote to it). It reconnects with backoff;
 * a reconnect asks for a round everywhere, since pokes may have been missed.
 */
import WebSocket from 'ws'
import { pokeSchema } from '../../src-shared/sync/protocol'
import type { ServerSession } from './session'

export interface LiveHandlers {
  onPoke(orgId: string, seq: number): void
  /** The person's own change log has something new. */
  onOwnDataPoke(seq: number): void
  onReconnect(): void
}

export class LiveConnection {
  private socket: WebSocket | null = null
  private closed = false
  private retryMs = 1000
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly session: ServerSession,
    private readonly handlers: LiveHandlers,
  ) {
    this.connect(false)
  }

  private connect(isReconnect: boolean): void {
    if (this.closed) return
    const url = new URL('/v1/live', this.session.serverUrl)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${this.session.token}` } })
    this.socket = socket
    socket.on('open', () => {
      this.retryMs = 1000
      if (isReconnect) this.handlers.onReconnect()
    })
    socket.on('message', (data) => {
      try {
        const poke = pokeSchema.safeParse(JSON.parse(String(data)))
        if (!poke.success) return
        if ('orgId' in poke.data) this.handlers.onPoke(poke.data.orgId, poke.data.seq)
        // The server sends a person's pokes to their own sockets only; the id is checked anyway.
        else if (poke.data.userId === this.session.userId) this.handlers.onOwnDataPoke(poke.data.seq)
      } catch {
        // Not a poke: ignore it; the periodic pull still catches up.
      }
    })
    socket.on('error', () => {})
    socket.on('close', (code, reason) => {
      if (this.closed) return
      // The session ended (signed out elsewhere, password changed): the next round says so; retrying cannot help.
      if (code === 4401) return this.handlers.onReconnect()
      // Removed from an organization: a round for it finds out and drops its data.
      const removed = /^not_a_member:(.+)$/.exec(reason.toString())
      if (code === 4403 && removed) this.handlers.onPoke(removed[1]!, 0)
      this.timer = setTimeout(() => this.connect(true), this.retryMs / 2 + Math.random() * (this.retryMs / 2))
      this.timer.unref?.()
      this.retryMs = Math.min(this.retryMs * 2, 60_000)
    })
  }

  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.socket?.terminate()
  }
}
