/**
 * A channel's posting slots become UTC instants that keep their local time
 * across daylight-saving changes: a skipped slot moves to the first instant
 * after the jump, a repeated one is used once, at its first occurrence.
 */
import { describe, expect, it } from 'vitest'
import {
  nextSlots,
  postingScheduleSchema,
  type PostingSchedule,
  type Weekday,
} from '../../src-shared/scheduling/posting-schedule'

function schedule(timezone: string, slots: Partial<Record<Weekday, string[]>>, paused = false): PostingSchedule {
  return postingScheduleSchema.parse({ timezone, slots, paused })
}

const iso = (dates: Date[]) => dates.map((d) => d.toISOString().replace(':00.000Z', 'Z'))
const after = (s: string) => new Date(s)

describe('postingScheduleSchema', () => {
  it('fills missing weekdays and the pause', () => {
    expect(postingScheduleSchema.parse({ timezone: 'Europe/Paris', slots: { mon: ['09:00'] } })).toEqual({
      timezone: 'Europe/Paris',
      slots: { mon: ['09:00'], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      paused: false,
    })
  })

  it('refuses an unknown zone and slots that are not HH:mm', () => {
    expect(postingScheduleSchema.safeParse({ timezone: 'Paris', slots: {} }).success).toBe(false)
    for (const slot of ['9:00', '24:00', '12:60', '12:00:00']) {
      expect(postingScheduleSchema.safeParse({ timezone: 'UTC', slots: { mon: [slot] } }).success, slot).toBe(false)
    }
  })
})

describe('nextSlots', () => {
  it('keeps the local time when the offset changes between weeks', () => {
    const paris = schedule('Europe/Paris', { sun: ['09:00'] })
    expect(iso(nextSlots(paris, after('2026-03-21T12:00Z'), 3))).toEqual([
      '2026-03-22T08:00Z',
      '2026-03-29T07:00Z',
      '2026-04-05T07:00Z',
    ])
  })

  it('moves a slot the clocks skip to the first instant after the jump (Paris, spring)', () => {
    const paris = schedule('Europe/Paris', { sun: ['02:30', '09:00'] })
    expect(iso(nextSlots(paris, after('2026-03-21T12:00Z'), 5))).toEqual([
      '2026-03-22T01:30Z',
      '2026-03-22T08:00Z',
      '2026-03-29T01:00Z', // 03:00 CEST: 02:30 did not happen that day
      '2026-03-29T07:00Z',
      '2026-04-05T00:30Z',
    ])
  })

  it('uses a slot in the repeated hour once, at its first occurrence (Paris, autumn)', () => {
    const paris = schedule('Europe/Paris', { sun: ['02:30'] })
    expect(iso(nextSlots(paris, after('2026-10-24T12:00Z'), 2))).toEqual(['2026-10-25T00:30Z', '2026-11-01T01:30Z'])
    // Between the two occurrences: the second 02:30 is not a slot.
    expect(iso(nextSlots(paris, after('2026-10-25T00:45Z'), 1))).toEqual(['2026-11-01T01:30Z'])
  })

  it('handles both New York transitions, merging a moved slot with one already there', () => {
    const ny = schedule('America/New_York', { sun: ['01:30', '02:30', '03:00'] })
    expect(iso(nextSlots(ny, after('2026-03-07T00:00Z'), 3))).toEqual([
      '2026-03-08T06:30Z',
      '2026-03-08T07:00Z', // 02:30 moved to 03:00 EDT, which is also a slot: one post, not two
      '2026-03-15T05:30Z',
    ])
    expect(iso(nextSlots(ny, after('2026-10-31T00:00Z'), 4))).toEqual([
      '2026-11-01T05:30Z', // 01:30 EDT, the first of the two
      '2026-11-01T07:30Z',
      '2026-11-01T08:00Z',
      '2026-11-08T06:30Z',
    ])
  })

  it('handles the southern hemisphere, where spring comes in October (Sydney)', () => {
    const sydney = schedule('Australia/Sydney', { sun: ['02:30'] })
    expect(iso(nextSlots(sydney, after('2026-10-02T00:00Z'), 2))).toEqual([
      '2026-10-03T16:00Z', // 03:00 AEDT
      '2026-10-10T15:30Z',
    ])
    expect(iso(nextSlots(sydney, after('2026-04-03T00:00Z'), 2))).toEqual([
      '2026-04-04T15:30Z', // 02:30 AEDT, before the clocks go back
      '2026-04-11T16:30Z',
    ])
  })

  it('puts slots on the weekday of the channel’s zone, not of UTC', () => {
    const sydney = schedule('Australia/Sydney', { mon: ['08:00'] })
    // Monday 08:00 in Sydney is Sunday evening in UTC.
    expect(iso(nextSlots(sydney, after('2026-07-01T00:00Z'), 2))).toEqual(['2026-07-05T22:00Z', '2026-07-12T22:00Z'])
  })

  it('skips taken slots and returns only slots strictly after the given instant', () => {
    const utc = schedule('UTC', { mon: ['09:00', '12:00'], tue: ['09:00'] })
    const start = after('2026-06-01T09:00Z') // a Monday, exactly at a slot
    expect(iso(nextSlots(utc, start, 3, [new Date('2026-06-01T12:00:30Z')]))).toEqual([
      '2026-06-02T09:00Z',
      '2026-06-08T09:00Z',
      '2026-06-08T12:00Z',
    ])
  })

  it('has no slots when paused, empty or asked for none', () => {
    expect(nextSlots(schedule('UTC', { mon: ['09:00'] }, true), after('2026-06-01T00:00Z'), 3)).toEqual([])
    expect(nextSlots(schedule('UTC', {}), after('2026-06-01T00:00Z'), 3)).toEqual([])
    expect(nextSlots(schedule('UTC', { mon: ['09:00'] }), after('2026-06-01T00:00Z'), 0)).toEqual([])
  })

  it('returns slots in order when a day lists them out of order', () => {
    const utc = schedule('UTC', { mon: ['18:00', '07:00', '12:00'] })
    expect(iso(nextSlots(utc, after('2026-06-01T00:00Z'), 3))).toEqual([
      '2026-06-01T07:00Z',
      '2026-06-01T12:00Z',
      '2026-06-01T18:00Z',
    ])
  })
})
