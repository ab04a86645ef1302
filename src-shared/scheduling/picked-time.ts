/**
 * A wall time someone picked, in a channel's zone, as the instant to store: the shared localToUtc, with the
 * refusal of a time the clocks skip in words a person reads, in their language. The composer's date picker
 * and the calendar's drag-drop use it (src-renderer/publish/time.ts).
 */
import { DateTime } from 'luxon'
import { LocalTimeError, localToUtc, parseWallTime, type WallTime } from './local-time'

export type PickedTime = { at: string; problem: null } | { at: null; problem: string }

const wallLabel = (wall: WallTime, format: Intl.DateTimeFormatOptions, lang: string | undefined) =>
  DateTime.fromObject(wall, { zone: 'utc' })
    .setLocale(lang ?? 'en')
    .toLocaleString(format)

/**
 * A wall time picked in `zone` (Mantine's pickers hold "YYYY-MM-DD HH:mm:ss"; the calendar drops on
 * "YYYY-MM-DDTHH:mm") as the UTC instant the API stores, by the shared localToUtc. A time the clocks skip is
 * refused with words that name the gap ("2:30 AM does not exist on March 29 in Europe/Paris: clocks jump from
 * 2:00 AM to 3:00 AM"); a time they repeat is its first occurrence.
 */
export function pickedTime(wall: string, zone: string, lang: string | undefined): PickedTime {
  const local = wall.slice(0, 16).replace(' ', 'T')
  try {
    return { at: localToUtc(zone, local).toISOString(), problem: null }
  } catch (error) {
    if (!(error instanceof LocalTimeError)) throw error
    if (!error.gap) return { at: null, problem: error.message }
    const picked = parseWallTime(local)
    const time = (w: WallTime) => wallLabel(w, DateTime.TIME_SIMPLE, lang)
    const day = wallLabel(picked, { month: 'long', day: 'numeric' }, lang)
    const { from, to } = error.gap
    return {
      at: null,
      problem:
        `${time(picked)} does not exist on ${day} in ${zone}: clocks jump from ${time(from)} to ${time(to)}. ` +
        `Pick a time before ${time(from)} or from ${time(to)} on.`,
    }
  }
}
