/**
 * Hybrid logical clock (Kulkarni et al.): wall time in milliseconds, a
 * counter for events within the same millisecond, and the node id to break
 * ties. Encoded so that string order is clock order, which lets SQLite and
 * PostgreSQL compare clocks with a plain text comparison.
 *
 * That only holds when every clock has the exact width, so the text form is
 * parsed strictly: `<15 digits>:<5 digits>:<node>` and nothing else. An
 * unpadded, hex, exponent or negative wall would compare wrongly as text and
 * could win over every later correct write (docs/sync-protocol.md).
 */
export interface Hlc {
  wallMs: number
  counter: number
  node: string
}

const WALL_DIGITS = 15
const COUNTER_DIGITS = 5
const MAX_WALL = 10 ** WALL_DIGITS - 1
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1

/** The characters of a node id, the same as a row id's (ops.ts). */
export const NODE_PATTERN = /^[0-9A-Za-z_-]{1,64}$/
export const HLC_PATTERN = /^([0-9]{15}):([0-9]{5}):([0-9A-Za-z_-]{1,64})$/

/** Whether the text is a clock in its one documented form. */
export function isHlc(text: unknown): text is string {
  return typeof text === 'string' && HLC_PATTERN.test(text)
}

export function encodeHlc(clock: Hlc): string {
  const { wallMs, counter, node } = clock
  if (!Number.isSafeInteger(wallMs) || wallMs < 0 || wallMs > MAX_WALL) {
    throw new RangeError(`A clock's wall time must be a whole number from 0 to ${MAX_WALL}; got ${wallMs}`)
  }
  if (!Number.isSafeInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw new RangeError(`A clock's counter must be a whole number from 0 to ${MAX_COUNTER}; got ${counter}`)
  }
  if (!NODE_PATTERN.test(node)) {
    throw new RangeError(`A clock's node must be 1 to 64 letters, digits, "_" or "-"; got "${node}"`)
  }
  return `${String(wallMs).padStart(WALL_DIGITS, '0')}:${String(counter).padStart(COUNTER_DIGITS, '0')}:${node}`
}

export function decodeHlc(text: string): Hlc {
  const match = typeof text === 'string' ? HLC_PATTERN.exec(text) : null
  if (!match) throw new Error(`Not a hybrid logical clock: "${String(text).slice(0, 100)}"`)
  return { wallMs: Number(match[1]), counter: Number(match[2]), node: match[3]! }
}

/** The next clock for a local event, never behind the last one issued. */
export function tickHlc(last: Hlc | null, nowMs: number, node: string): Hlc {
  if (!last || nowMs > last.wallMs) return { wallMs: nowMs, counter: 0, node }
  if (last.counter >= MAX_COUNTER) return { wallMs: last.wallMs + 1, counter: 0, node }
  return { wallMs: last.wallMs, counter: last.counter + 1, node }
}

/** The clock after receiving a remote one, ahead of both it and the local one. */
export function receiveHlc(last: Hlc | null, remote: Hlc, nowMs: number, node: string): Hlc {
  const wallMs = Math.max(nowMs, remote.wallMs, last?.wallMs ?? 0)
  let counter = 0
  if (wallMs === remote.wallMs && wallMs === last?.wallMs) counter = Math.max(remote.counter, last.counter) + 1
  else if (wallMs === remote.wallMs) counter = remote.counter + 1
  else if (wallMs === last?.wallMs) counter = last.counter + 1
  // A full counter moves on to the next millisecond, as tickHlc does, so the clock keeps its width.
  if (counter > MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, node }
  return { wallMs, counter, node }
}
