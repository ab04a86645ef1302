/**
 * Typed hooks for wiring inside the main process, in VS Code's style: a
 * part exposes `onX(listener)`, which answers the function that stops
 * listening, and fires it itself. Window events (AppEvent) are for windows;
 * these are how the core's own parts hear each other.
 */

/** Subscribes a listener; the answer unsubscribes it. */
export type Hook<A extends unknown[]> = (listener: (...args: A) => void) => () => void

export class HookEmitter<A extends unknown[]> {
  private readonly listeners = new Set<(...args: A) => void>()

  /** @param log where a listener's error goes: it must not fail the part that fired (its work is done). */
  constructor(private readonly log: (error: unknown) => void = console.error) {}

  readonly hook: Hook<A> = (listener) => {
    // Wrapped, so the same function subscribed twice is called twice and each unsubscribe removes its own.
    const entry = (...args: A) => listener(...args)
    this.listeners.add(entry)
    return () => void this.listeners.delete(entry)
  }

  fire(...args: A): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(...args)
      } catch (error) {
        this.log(error)
      }
    }
  }
}
