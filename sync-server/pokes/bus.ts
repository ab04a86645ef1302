/**
 * Pokes: "org X has changes up to seq N". Published after a push commits,
 * heard by every server process so each can tell its own websocket clients.
 * One process: an in-process emitter. Several processes on one PostgreSQL:
 * LISTEN/NOTIFY (pg-notify-bus.ts).
 */
import { EventEmitter } from 'node:events'

export interface OrgPoke {
  orgId: string
  seq: number
}

export type PokeListener = (poke: OrgPoke) => void

export interface PokeBus {
  publish(orgId: string, seq: number): Promise<void>
  /** Returns a function that unsubscribes. */
  subscribe(listener: PokeListener): () => void
  close(): Promise<void>
}

export class InProcessPokeBus implements PokeBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0)

  async publish(orgId: string, seq: number): Promise<void> {
    this.emitter.emit('poke', { orgId, seq })
  }

  subscribe(listener: PokeListener): () => void {
    this.emitter.on('poke', listener)
    return () => this.emitter.off('poke', listener)
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners()
  }
}
