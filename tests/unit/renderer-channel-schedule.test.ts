/** The schedule editor's edits and preview, and the in-app address of a local sandbox post. */
import { describe, expect, it } from 'vitest'
import type { PostingSchedule } from '../../src-shared/scheduling/posting-schedule'
import { addSlot, copyMondayToWeekdays, removeSlot, slotsPerWeek, upcoming } from '../../src-renderer/channels/schedule'
import { sandboxRoute } from '../../src-renderer/sandbox/links'

const empty: PostingSchedule = {
  timezone: 'America/New_York',
  slots: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  paused: false,
}

describe('schedule edits', () => {
  it('adds a time to several days once, in order', () => {
    let schedule = addSlot(empty, ['mon', 'sat'], '17:00')
    schedule = addSlot(schedule, ['mon'], '09:30')
    schedule = addSlot(schedule, ['mon'], '09:30')
    expect(schedule.slots.mon).toEqual(['09:30', '17:00'])
    expect(schedule.slots.sat).toEqual(['17:00'])
    expect(slotsPerWeek(schedule)).toBe(3)
    expect(empty.slots.mon).toEqual([])
  })

  it('removes one day’s time and copies Monday to the other weekdays only', () => {
    const schedule = addSlot(addSlot(empty, ['mon'], '08:00'), ['sun'], '11:00')
    const copied = copyMondayToWeekdays(schedule)
    expect(['tue', 'wed', 'thu', 'fri'].map((day) => copied.slots[day as 'tue'])).toEqual(Array(4).fill(['08:00']))
    expect(copied.slots.sun).toEqual(['11:00'])
    expect(removeSlot(copied, 'wed', '08:00').slots).toMatchObject({ wed: [], thu: ['08:00'] })
  })

  it('previews the next slots as the channel’s zone writes them, none while paused', () => {
    const schedule = addSlot(empty, ['mon', 'tue'], '09:00')
    // Sunday 1 March 2026, noon in New York.
    const now = new Date('2026-03-01T17:00:00Z')
    expect(upcoming(schedule, 3, now)).toEqual(['Mon 2 Mar, 09:00', 'Tue 3 Mar, 09:00', 'Mon 9 Mar, 09:00'])
    expect(upcoming({ ...schedule, paused: true }, 3, now)).toEqual([])
  })
})

describe('sandboxRoute', () => {
  it('maps a local sandbox feed or post address to its in-app route, and nothing else', () => {
    expect(sandboxRoute('sandbox://org1/ch1')).toBe('/sandbox/org1/ch1')
    expect(sandboxRoute('sandbox://org1/ch1/posts/p9')).toBe('/sandbox/org1/ch1/posts/p9')
    expect(sandboxRoute('https://sync.example.com/sandbox/ch1/posts/p9')).toBeNull()
  })
})
