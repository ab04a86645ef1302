/**
 * The hybrid logical clock of this server process, for the changes it makes
 * itself (a member added or removed). Its node id is unique per process, so
 * two processes never issue the same clock. A server change must win over
 * whatever is stored, so each clock is also moved past the stored clocks of
 * the fields it overwrites.
 */
import { randomBytes } from 'node:crypto'
import { decodeHlc, encodeHlc, receiveHlc, tickHlc, type Hlc } from '../../src-shared/sync/hlc'
import type { Clock } from '../clock'

export const SERVER_NODE_PREFIX = 'server-'

/** The clock restore ops carry for a field the server has no value for: older than any real write. */
export const ZERO_HLC = encodeHlc({ wallMs: 0, counter: 0, node: 'server' })

/**
 * The clock of a value the server holds as a starting point only (a person's account record when their own
 * log begins): a real value, unlike ZERO_HLC, but older than any device's write, so whatever a device
 * wrote, even offline before the log began, wins over it.
 */
export const FLOOR_HLC = encodeHlc({ wallMs: 1, counter: 0, node: 'server' })

export class ServerClock {
  private last: Hlc | null = null
  readonly node = `${SERVER_NODE_PREFIX}${randomBytes(6).toString('hex')}`

  constructor(private readonly clock: Clock) {}

  /** A clock later than this process's last one and than every clock in `after`. */
  next(after: readonly string[] = []): string {
    const now = this.clock.now().getTime()
    let clock = tickHlc(this.last, now, this.node)
    for (const stored of after) clock = receiveHlc(clock, decodeHlc(stored), now, this.node)
    this.last = clock
    return encodeHlc(clock)
  }
}
