/**
 * Dates as people read them, in the channel's time zone ("Tomorrow · 9:00 AM", written by src-shared/time-format.ts),
 * and the conversion from a picked wall time to the UTC instant the API stores (refusing one the clocks skip).
 */
import { DateTime } from 'luxon'
import { pickedTime as pickedTimeIn, type PickedTime } from '../../src-shared/scheduling/picked-time'
import { formatDate, formatDateTime, formatTime, timeLocale } from '../../src-shared/time-format'

export { zoneAbbreviation } from '../../src-shared/time-format'

export function zoned(iso: string, zone: string): DateTime {
  const at = DateTime.fromISO(iso, { zone })
  return at.isValid ? at : DateTime.fromISO(iso)
}

/** "Today", "Tomorrow", or the weekday and date, for a day heading. */
export function dayLabel(day: DateTime, now: DateTime = DateTime.now().setZone(day.zone)): string {
  const diff = Math.round(day.startOf('day').diff(now.startOf('day'), 'days').days)
  if (diff === 0) return 'Today'
  if (diff === 1) return 'Tomorrow'
  if (diff === -1) return 'Yesterday'
  const sameYear = day.year === now.year
  return formatDate(day, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: sameYear ? undefined : 'numeric',
  })
}

export function timeLabel(at: DateTime): string {
  return formatTime(at)
}

/** "Tomorrow · 9:00 AM". */
export function whenLabel(iso: string, zone: string): string {
  const at = zoned(iso, zone)
  return `${dayLabel(at)} · ${timeLabel(at)}`
}

export function dateTimeLabel(iso: string, zone: string): string {
  return formatDateTime(zoned(iso, zone))
}

/**
 * A wall time picked in `zone` as the UTC instant the API stores, or words that say why it does not exist
 * (a daylight-saving gap), in the person's language: see src-shared/scheduling/picked-time.ts.
 */
export const pickedTime = (wall: string, zone: string): PickedTime => pickedTimeIn(wall, zone, timeLocale())

export function utcToWall(iso: string, zone: string): string {
  return zoned(iso, zone).toFormat('yyyy-MM-dd HH:mm:ss')
}
