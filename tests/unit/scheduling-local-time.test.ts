/**
 * Local times to UTC instants across daylight-saving changes, checked against
 * hand-worked instants and, by property, against a brute-force scan with the
 * platform's own Intl time-zone data.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LocalTimeError, localToUtc } from '../../src-shared/scheduling/local-time'

const utc = (iso: string) => new Date(iso).toISOString()
const at = (zone: string, local: string) => localToUtc(zone, local).toISOString()

const formats = new Map<string, Intl.DateTimeFormat>()

/** The wall time of an instant in a zone, by Intl: an oracle independent of Luxon. */
function wallOf(instant: number, zone: string): string {
  let format = formats.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    formats.set(zone, format)
  }
  const parts = format.formatToParts(instant)
  const get = (type: string) => parts.find((p) => p.type === type)!.value
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`
}

describe('localToUtc', () => {
  it('reads ordinary local times with the offset in force that day', () => {
    expect(at('Europe/Paris', '2026-01-15T09:30')).toBe(utc('2026-01-15T08:30Z'))
    expect(at('Europe/Paris', '2026-07-15T09:30')).toBe(utc('2026-07-15T07:30Z'))
    expect(at('Australia/Sydney', '2026-07-15T09:30')).toBe(utc('2026-07-14T23:30Z'))
    expect(at('UTC', '2026-02-28T23:59')).toBe(utc('2026-02-28T23:59Z'))
  })

  it.each([
    ['Europe/Paris', '2026-03-29T02:30', '02:00', '03:00'],
    ['America/New_York', '2026-03-08T02:30', '02:00', '03:00'],
    ['Australia/Sydney', '2026-10-04T02:00', '02:00', '03:00'],
    ['Australia/Lord_Howe', '2026-10-04T02:15', '02:00', '02:30'],
  ])('refuses %s %s, which the clocks skip, naming the gap', (zone, local, from, to) => {
    let error: unknown
    try {
      localToUtc(zone, local)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(LocalTimeError)
    expect((error as LocalTimeError).code).toBe('nonexistent_local_time')
    expect((error as Error).message).toContain(`${local} does not exist in ${zone}`)
    expect((error as Error).message).toContain(`from ${from} to ${to}`)
  })

  it('accepts the times either side of a skipped hour', () => {
    expect(at('Europe/Paris', '2026-03-29T01:59')).toBe(utc('2026-03-29T00:59Z'))
    expect(at('Europe/Paris', '2026-03-29T03:00')).toBe(utc('2026-03-29T01:00Z'))
    expect(at('America/New_York', '2026-03-08T03:00')).toBe(utc('2026-03-08T07:00Z'))
    expect(at('Australia/Sydney', '2026-10-04T03:00')).toBe(utc('2026-10-03T16:00Z'))
  })

  it('takes the first occurrence of a time in a repeated hour', () => {
    expect(at('Europe/Paris', '2026-10-25T02:30')).toBe(utc('2026-10-25T00:30Z'))
    expect(at('Europe/Paris', '2026-10-25T03:00')).toBe(utc('2026-10-25T02:00Z'))
    expect(at('America/New_York', '2026-11-01T01:30')).toBe(utc('2026-11-01T05:30Z'))
    expect(at('Australia/Sydney', '2026-04-05T02:30')).toBe(utc('2026-04-04T15:30Z'))
    expect(at('Australia/Lord_Howe', '2026-04-05T01:45')).toBe(utc('2026-04-04T14:45Z'))
  })

  it('refuses an unknown zone and malformed or impossible dates', () => {
    expect(() => localToUtc('Mars/Olympus', '2026-01-01T09:00')).toThrow(/not an IANA time zone/)
    for (const bad of ['2026-02-30T09:00', '2026-01-01 09:00', '2026-01-01T24:00', '2026-13-01T09:00', '9:00']) {
      expect(() => localToUtc('UTC', bad), bad).toThrow(/not a local date and time/)
    }
  })

  it('agrees with a minute-by-minute scan of Intl around transition days', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago']
    const days = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01', '2026-09-06']
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...days),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45, 59),
        (zone, day, hour, minute) => {
          const local = `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
          const naive = Date.parse(`${local}Z`)
          const matches: number[] = []
          for (let t = naive - 15 * 3_600_000; t <= naive + 15 * 3_600_000; t += 60_000) {
            if (wallOf(t, zone) === local) matches.push(t)
          }
          if (matches.length === 0) expect(() => localToUtc(zone, local)).toThrow(LocalTimeError)
          else expect(localToUtc(zone, local).getTime()).toBe(matches[0])
        },
      ),
      { numRuns: 40 },
    )
  })
})
