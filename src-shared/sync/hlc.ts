/**
 * Hybrid logical clock (Kulkarni et al.): wall time in milliseconds, a
 * counter for events within the same millisecond, and the node id to break
 * ties. Encoded so that string order is clock order, which lets SQLite and
 * PostgreSQL compare clocks with a plain text comparison.
 */
export interface Hlc {
  wallMs: number
  counter: number
  node: string
}

const WALL_DIGITS = 15
const COUNTER_DIGITS = 5
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1

export function encodeHlc(clock: Hlc): string {
  return `${String(clock.wallMs).padStart(WALL_DIGITS, '0')}:${String(clock.counter).padStart(COUNTER_DIGITS, '0')}:${clock.node}`
}

export function decodeHlc(text: string): Hlc {
  const [wall, counter, ...node] = text.split(':')
  const clock = { wallMs: Number(wall), counter: Number(counter), node: node.join(':') }
  if (!Number.isSafeInteger(clock.wallMs) || !Number.isSafeInteger(clock.counter) || !clock.node) {
    throw new Error(`Not a hybrid logical clock: "${text}"`)
  }
  return clock
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
  return { wallMs, counter, node }
}
