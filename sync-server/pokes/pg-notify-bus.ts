/**
 * Pokes between server processes through PostgreSQL's LISTEN/NOTIFY on the
 * channel buffer_clone_poke (payload: JSON `{scope, id, seq}`). One dedicated
 * connection listens and reconnects with backoff when it drops; a poke
 * missed meanwhile costs only latency, since clients also pull on reconnect
 * and periodically.
 */
import { EventEmitter } from 'node:events'
import pg from 'pg'
import type { PokeBus, PokeListener, ScopePoke } from './bus'

export const POKE_CHANNEL = 'buffer_clone_poke'
const MAX_BACKOFF_MS = 10_000

export class PgNotifyPokeBus implements PokeBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0)
  private listener: pg.Client | null = null
  private closed = false
  private retryTimer: NodeJS.Timeout | undefined
  private readonly publisher: pg.Pool

  private constructor(private readonly connectionString: string) {
    this.publisher = new pg.Pool({ connectionString, max: 2 })
    this.publisher.on('error', () => {})
  }

  static async connect(connectionString: string): Promise<PgNotifyPokeBus> {
    const bus = new PgNotifyPokeBus(connectionString)
    await bus.listen()
    return bus
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString })
    client.on('notification', (message) => {
      if (message.channel !== POKE_CHANNEL || !message.payload) return
      const poke = parsePoke(message.payload)
      if (poke) this.emitter.emit('poke', poke)
    })
    client.on('error', () => this.dropped(client))
    client.on('end', () => this.dropped(client))
    try {
      await client.connect()
      await client.query(`listen ${POKE_CHANNEL}`)
    } catch (error) {
      client.end().catch(() => {})
      throw error
    }
    this.listener = client
  }

  private dropped(client: pg.Client): void {
    if (this.listener !== client) return
    this.listener = null
    client.end().catch(() => {})
    this.retry(0)
  }

  private retry(attempt: number): void {
    if (this.closed || this.retryTimer) return
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt) * (0.5 + Math.random() / 2)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      if (this.closed) return
      this.listen().catch(() => this.retry(attempt + 1))
    }, delay)
    this.retryTimer.unref()
  }

  async publish(poke: ScopePoke): Promise<void> {
    const { scope, id, seq } = poke
    await this.publisher.query('select pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ scope, id, seq })])
  }

  subscribe(listener: PokeListener): () => void {
    this.emitter.on('poke', listener)
    return () => this.emitter.off('poke', listener)
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.retryTimer)
    this.emitter.removeAllListeners()
    const listener = this.listener
    this.listener = null
    await listener?.end().catch(() => {})
    await this.publisher.end()
  }
}

function parsePoke(payload: string): ScopePoke | null {
  try {
    const value = JSON.parse(payload) as Partial<ScopePoke>
    const known = (value.scope === 'org' || value.scope === 'user') && typeof value.id === 'string'
    return known && Number.isSafeInteger(value.seq) ? { scope: value.scope!, id: value.id!, seq: value.seq! } : null
  } catch {
    return null
  }
}
