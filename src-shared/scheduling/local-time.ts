/**
 * Local wall-clock times in an IANA zone to UTC instants, and back, without
 * guessing around daylight-saving changes: a local time in a skipped hour
 * does not exist, and one in a repeated hour exists twice. Pure (Luxon's zone
 * data only), so the desktop and the server plan the same instants.
 */
import { IANAZone } from 'luxon'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** A calendar date and wall-clock time, with no zone attached. */
export interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
}

/** What a wall time is in a zone: one instant, two (a repeated hour) or none (a skipped hour). */
export type WallTimeResolution =
  | { kind: 'single'; instant: number }
  | { kind: 'repeated'; first: number; second: number }
  /** `firstValidAfter` is the transition: the first instant after the gap, whose local time ends the gap. */
  | { kind: 'skipped'; firstValidAfter: number; gapStart: WallTime; gapEnd: WallTime }

export class LocalTimeError extends Error {
  constructor(
    readonly code: 'invalid_zone' | 'invalid_local_time' | 'nonexistent_local_time',
    message: string,
    /** For a skipped time: the wall time the clocks jump from, and the one they jump to. */
    readonly gap?: { from: WallTime; to: WallTime },
  ) {
    super(message)
    this.name = 'LocalTimeError'
  }
}

export function requireZone(zone: string): IANAZone {
  if (!IANAZone.isValidZone(zone)) {
    throw new LocalTimeError('invalid_zone', `"${zone}" is not an IANA time zone (like "Europe/Paris").`)
  }
  return IANAZone.create(zone)
}

const wallAsUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute)

function wallOf(instant: number, offsetMinutes: number): WallTime {
  const d = new Date(instant + offsetMinutes * MINUTE)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  }
}

export const formatWall = (w: WallTime): string =>
  `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}T` +
  `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`

/**
 * Every instant whose local time in `zone` is `wall`. The offsets a day
 * either side are the only candidates: zones change offset at most once
 * around any given day.
 */
export function resolveWallTime(zone: IANAZone, wall: WallTime): WallTimeResolution {
  const naive = wallAsUtc(wall)
  const offsets = [...new Set([zone.offset(naive - DAY), zone.offset(naive + DAY)])]
  const valid = offsets
    .map((offset) => naive - offset * MINUTE)
    .filter((instant) => zone.offset(instant) * MINUTE === naive - instant)
    .sort((a, b) => a - b)
  const [first, second] = valid
  if (first !== undefined && second !== undefined && first !== second) return { kind: 'repeated', first, second }
  if (first !== undefined) return { kind: 'single', instant: first }

  // A gap: the clocks jumped over this time. Find the jump to the minute.
  const before = zone.offset(naive - DAY)
  const after = zone.offset(naive + DAY)
  // Read with the new offset the wall time falls before the jump; with the old one, after it.
  let lo = naive - after * MINUTE
  let hi = naive - before * MINUTE
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE
    if (zone.offset(mid) === before) lo = mid
    else hi = mid
  }
  return { kind: 'skipped', firstValidAfter: hi, gapStart: wallOf(hi, before), gapEnd: wallOf(hi, after) }
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

export function parseWallTime(local: string): WallTime {
  const match = LOCAL_PATTERN.exec(local)
  const wall = match && {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
  }
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches it.
  if (!wall || wall.hour > 23 || wall.minute > 59 || formatWall(wallOf(wallAsUtc(wall), 0)) !== local) {
    throw new LocalTimeError('invalid_local_time', `"${local}" is not a local date and time like "2026-03-29T09:30".`)
  }
  return wall
}

/**
 * The UTC instant of a local date and time ('YYYY-MM-DDTHH:mm') in `zone`.
 * A time the clocks skip is refused, naming the gap, because the user picked
 * a moment that will not happen; a repeated time is its first occurrence.
 */
export function localToUtc(zone: string, local: string): Date {
  const tz = requireZone(zone)
  const resolved = resolveWallTime(tz, parseWallTime(local))
  if (resolved.kind === 'single') return new Date(resolved.instant)
  if (resolved.kind === 'repeated') return new Date(resolved.first)
  const from = formatWall(resolved.gapStart).slice(11)
  const to = formatWall(resolved.gapEnd).slice(11)
  throw new LocalTimeError(
    'nonexistent_local_time',
    `${local} does not exist in ${zone}: that day the clocks jump from ${from} to ${to} for daylight-saving time. ` +
      `Pick a time before ${from} or from ${to} on.`,
    { from: resolved.gapStart, to: resolved.gapEnd },
  )
}
