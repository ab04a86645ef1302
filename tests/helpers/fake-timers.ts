/** Scheduler timers on a test's clock (the core's ManualClock, the server's TestClock): nothing fires until the test moves time. */
import type { Timers } from '../../src-shared/scheduling/loop-ports'

/** A clock the test moves by hand. */
export interface MovableClock {
  now(): Date
  advance(ms: number): void
}

export class ClockTimers implements Timers {
  private nextId = 1
  private readonly pending = new Map<number, { at: number; callback: () => void }>()
  /** The clock may be given later (a core makes its own): it is read at each call. */
  constructor(private readonly clockOf: () => MovableClock) {}

  private get clock(): MovableClock {
    return this.clockOf()
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++
    this.pending.set(id, { at: this.clock.now().getTime() + ms, callback })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number)
  }

  firesAt(): number[] {
    return [...this.pending.values()].map((t) => t.at).sort((a, b) => a - b)
  }

  /** Moves the clock by `ms`, firing each timer at its time and waiting for `settle` after each. */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.clock.now().getTime() + ms
    for (;;) {
      const [id, timer] = [...this.pending.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? []
      if (id === undefined || !timer || timer.at > target) break
      this.clock.advance(Math.max(timer.at - this.clock.now().getTime(), 0))
      this.pending.delete(id)
      timer.callback()
      await settle()
    }
    this.clock.advance(target - this.clock.now().getTime())
  }

  /** The machine wakes after `ms` asleep: the clock has jumped; overdue timers fire now. */
  async sleep(ms: number, settle: () => Promise<void>): Promise<void> {
    this.clock.advance(ms)
    await this.advance(0, settle)
  }
}
