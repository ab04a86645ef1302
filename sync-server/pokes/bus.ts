/**
 * Pokes: "org X (or person X's own data) has changes up to seq N". Published after a push commits,
 * heard by every server process so each can tell its own websocket clients.
 * One process: an in-process emitter. Several processes on one PostgreSQL:
 * LISTEN/NOTIFY (pg-notify-bus.ts).
 */
import { EventEmitter } from 'node:events'

export interface ScopePoke {
  /** Whose change log: an organization's, or one person's own. */
  scope: 'org' | 'user'
  id: string
  seq: number
}

export type PokeListener = (poke: ScopePoke) => void

export interface PokeBus {
  publish(poke: ScopePoke): Promise<void>
  /** Returns a function that unsubscribes. */
  subscribe(listener: PokeListener): () => void
  close(): Promise<void>
}

export class InProcessPokeBus implements PokeBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0)

  async publish(poke: ScopePoke): Promise<void> {
    this.emitter.emit('poke', poke)
  }

  subscribe(listener: PokeListener): () => void {
    this.emitter.on('poke', listener)
    return () => this.emitter.off('poke', listener)
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners()
  }
}
