/**
 * Every time and zone the app shows, written one way: in the person's locale, with the clock they chose in
 * Settings → Appearance (12-hour, 24-hour, or whatever their locale uses), and zone names as words
 * ("America/New York"). Screens format through here, never with their own toLocaleString or toFormat, so a slot
 * never says "09:00" where the queue says "9:00 AM".
 *
 * The choice is kept here (the renderer's providers set it from the profile) so the plain helpers that screens
 * call while rendering read it without a hook. Pure: Intl and luxon only.
 */
import { DateTime } from 'luxon'
import type { TimeFormatPreference } from './entities/enums'

let preference: TimeFormatPreference = 'system'
let localeOverride: string | undefined

/** Called by the providers whenever the profile's preference is read. */
export function setTimeFormat(next: TimeFormatPreference): void {
  preference = next
}

/** For tests and the sandbox page: format as if the person's language were `locale`. */
export function setTimeLocale(locale: string | undefined): void {
  localeOverride = locale
}

export function timeLocale(): string {
  return localeOverride ?? (typeof navigator !== 'undefined' ? navigator.language : undefined) ?? 'en'
}

/** Whether times read "9:00 AM" (true) or "09:00" (false), after the setting and the locale. */
export function usesTwelveHours(): boolean {
  if (preference !== 'system') return preference === '12h'
  const cycle = new Intl.DateTimeFormat(timeLocale(), { hour: 'numeric' }).resolvedOptions().hourCycle
  return cycle === 'h11' || cycle === 'h12'
}

/** The hour and minute fields of every time shown: explicit, so a locale's date and time formats agree. */
function clock(): Intl.DateTimeFormatOptions {
  return usesTwelveHours()
    ? { hour: 'numeric', minute: '2-digit', hourCycle: 'h12' }
    : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
}

const local = (at: DateTime) => at.setLocale(timeLocale())

/** "9:00 AM" or "09:00". */
export function formatTime(at: DateTime): string {
  return local(at).toLocaleString(clock())
}

/** "Mar 5, 2026, 9:00 AM" or "5 Mar 2026, 09:00". */
export function formatDateTime(at: DateTime): string {
  return local(at).toLocaleString({ year: 'numeric', month: 'short', day: 'numeric', ...clock() })
}

/** "Thu 5 Mar, 9:00 AM": a slot or a day in a list. */
export function formatShortDayTime(at: DateTime): string {
  return local(at).toLocaleString({ weekday: 'short', month: 'short', day: 'numeric', ...clock() })
}

/** A date without a time, in the locale's words (`DateTime.DATE_HUGE`, `{ weekday: 'short' }`, …). */
export function formatDate(at: DateTime, options: Intl.DateTimeFormatOptions): string {
  return local(at).toLocaleString(options)
}

/** An ISO instant in the device's zone: "Mar 5, 2026, 9:00 AM". */
export function formatInstant(iso: string): string {
  return formatDateTime(DateTime.fromISO(iso))
}

/** A posting slot's clock time ("09:00" as stored) as every other time reads. */
export function formatWallTime(hhmm: string): string {
  const at = DateTime.fromFormat(hhmm, 'HH:mm')
  return at.isValid ? formatTime(at) : hhmm
}

/** "America/New York": an IANA zone as words. */
export function zoneName(zone: string): string {
  return zone.replaceAll('_', ' ')
}

/** The short name of a zone at an instant ("CET", "GMT+1"), so a time is never ambiguous. */
export function zoneAbbreviation(zone: string, iso?: string): string {
  const at = iso ? DateTime.fromISO(iso, { zone }) : DateTime.now().setZone(zone)
  return local(at.isValid ? at : DateTime.now()).toFormat('ZZZZ')
}
