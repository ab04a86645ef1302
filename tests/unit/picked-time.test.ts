/**
 * A wall time picked in the composer or dropped on the calendar becomes the UTC instant the API stores, by the
 * shared localToUtc: a time the daylight-saving jump skips is refused with words that name the gap, a
 * repeated time is its first occurrence, and ordinary times convert in the channel's zone.
 */
import { describe, expect, it } from 'vitest'
import { pickedTime as picked } from '../../src-shared/scheduling/picked-time'

/** ICU puts a narrow no-break space before AM and PM; the words are what is checked here. */
function pickedTime(...args: Parameters<typeof picked>) {
  const answer = picked(...args)
  return answer.problem === null ? answer : { ...answer, problem: answer.problem.replace(/\u202f/g, ' ') }
}

describe('pickedTime', () => {
  it('converts an ordinary time in the channel’s zone, from the picker’s and the calendar’s shapes', () => {
    expect(pickedTime('2026-03-28 09:30:00', 'Europe/Paris', 'en-US')).toEqual({
      at: '2026-03-28T08:30:00.000Z',
      problem: null,
    })
    expect(pickedTime('2026-03-29T09:30', 'Europe/Paris', 'en-US')).toEqual({
      at: '2026-03-29T07:30:00.000Z',
      problem: null,
    })
    expect(pickedTime('2026-07-01 09:00:00', 'America/New_York', 'en-US').at).toBe('2026-07-01T13:00:00.000Z')
  })

  it('refuses a time the clocks skip, naming the day, the zone and the jump', () => {
    expect(pickedTime('2026-03-29 02:30:00', 'Europe/Paris', 'en-US')).toEqual({
      at: null,
      problem:
        '2:30 AM does not exist on March 29 in Europe/Paris: clocks jump from 2:00 AM to 3:00 AM. ' +
        'Pick a time before 2:00 AM or from 3:00 AM on.',
    })
    expect(pickedTime('2026-03-08T02:00', 'America/New_York', 'en-US').problem).toMatch(
      /^2:00 AM does not exist on March 8 in America\/New_York: clocks jump from 2:00 AM to 3:00 AM\./,
    )
    // In the person's own language and clock.
    expect(pickedTime('2026-03-29 02:30:00', 'Europe/Paris', 'en-GB').problem).toMatch(
      /^02:30 does not exist on 29 March in Europe\/Paris: clocks jump from 02:00 to 03:00\./,
    )
  })

  it('takes the first of a repeated time, and the minutes around a gap as they are', () => {
    // 02:30 happens twice in Paris on 25 October 2026: first in CEST (UTC+2).
    expect(pickedTime('2026-10-25 02:30:00', 'Europe/Paris', 'en-US').at).toBe('2026-10-25T00:30:00.000Z')
    expect(pickedTime('2026-03-29 01:59:00', 'Europe/Paris', 'en-US').at).toBe('2026-03-29T00:59:00.000Z')
    expect(pickedTime('2026-03-29 03:00:00', 'Europe/Paris', 'en-US').at).toBe('2026-03-29T01:00:00.000Z')
    // Lord Howe Island moves by half an hour.
    expect(pickedTime('2026-10-04 02:15:00', 'Australia/Lord_Howe', 'en-US').problem).toMatch(
      /clocks jump from 2:00 AM to 2:30 AM/,
    )
  })

  it('says what is wrong with a zone that does not exist', () => {
    expect(pickedTime('2026-03-29 09:00:00', 'Mars/Olympus', 'en-US')).toEqual({
      at: null,
      problem: '"Mars/Olympus" is not an IANA time zone (like "Europe/Paris").',
    })
  })
})
