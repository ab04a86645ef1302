/**
 * One time format everywhere: the Settings choice (12-hour, 24-hour) wins over the locale, "follow system"
 * uses the locale's own clock, and a posting slot stored as "09:00" reads like every other time.
 */
import { DateTime } from 'luxon'
import { afterEach, describe, expect, it } from 'vitest'
import {
  formatDateTime,
  formatShortDayTime,
  formatTime,
  formatWallTime,
  setTimeFormat,
  setTimeLocale,
  usesTwelveHours,
  zoneName,
} from '../../src-shared/time-format'

/** ICU writes a narrow no-break space before AM and PM; the words are what is checked. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ')
const nine = DateTime.fromISO('2026-03-05T09:05:00', { zone: 'UTC' })
const evening = DateTime.fromISO('2026-03-05T18:30:00', { zone: 'UTC' })

afterEach(() => {
  setTimeFormat('system')
  setTimeLocale(undefined)
})

describe('time format', () => {
  it('follows the locale’s clock when set to follow the system', () => {
    setTimeLocale('en-US')
    expect(usesTwelveHours()).toBe(true)
    expect(plain(formatTime(nine))).toBe('9:05 AM')
    setTimeLocale('en-GB')
    expect(usesTwelveHours()).toBe(false)
    expect(formatTime(nine)).toBe('09:05')
    setTimeLocale('de-DE')
    expect(formatTime(evening)).toBe('18:30')
  })

  it('uses the chosen clock whatever the locale', () => {
    setTimeLocale('en-US')
    setTimeFormat('24h')
    expect(formatTime(evening)).toBe('18:30')
    expect(plain(formatDateTime(evening))).toBe('Mar 5, 2026, 18:30')
    setTimeLocale('en-GB')
    setTimeFormat('12h')
    expect(plain(formatTime(evening)).toLowerCase()).toBe('6:30 pm')
  })

  it('writes a slot’s stored clock time as every other time reads', () => {
    setTimeLocale('en-US')
    expect(plain(formatWallTime('09:00'))).toBe('9:00 AM')
    expect(plain(formatWallTime('09:00'))).toBe(plain(formatTime(DateTime.fromObject({ hour: 9, minute: 0 }))))
    setTimeFormat('24h')
    expect(formatWallTime('09:00')).toBe('09:00')
  })

  it('agrees between a time alone and a time with its day', () => {
    for (const locale of ['en-US', 'en-GB', 'de-DE', 'fr-FR']) {
      setTimeLocale(locale)
      const alone = plain(formatTime(nine))
      expect(plain(formatDateTime(nine))).toContain(alone)
      expect(plain(formatShortDayTime(nine))).toContain(alone)
    }
  })

  it('writes zone names as words', () => {
    expect(zoneName('America/New_York')).toBe('America/New York')
    expect(zoneName('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos Aires')
  })
})
