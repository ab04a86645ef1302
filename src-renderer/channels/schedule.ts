/** Pure edits of a posting schedule, kept apart from the editor so they read as the rules they are. */
import { DateTime } from 'luxon'
import { formatShortDayTime } from '../../src-shared/time-format'
import { nextSlots, WEEKDAYS, type PostingSchedule, type Weekday } from '../../src-shared/scheduling/posting-schedule'

export const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
}

export const DAY_GROUPS: Record<string, { label: string; days: readonly Weekday[] }> = {
  every: { label: 'Every day', days: WEEKDAYS },
  weekdays: { label: 'Weekdays', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
  weekends: { label: 'Weekends', days: ['sat', 'sun'] },
  ...Object.fromEntries(WEEKDAYS.map((day) => [day, { label: DAY_NAMES[day], days: [day] }])),
}

const sorted = (times: string[]) => [...new Set(times)].sort()

export function addSlot(schedule: PostingSchedule, days: readonly Weekday[], time: string): PostingSchedule {
  const slots = { ...schedule.slots }
  for (const day of days) slots[day] = sorted([...slots[day], time])
  return { ...schedule, slots }
}

export function removeSlot(schedule: PostingSchedule, day: Weekday, time: string): PostingSchedule {
  return { ...schedule, slots: { ...schedule.slots, [day]: schedule.slots[day].filter((slot) => slot !== time) } }
}

/** Monday's times become Tuesday to Friday's. */
export function copyMondayToWeekdays(schedule: PostingSchedule): PostingSchedule {
  const slots = { ...schedule.slots }
  for (const day of ['tue', 'wed', 'thu', 'fri'] as const) slots[day] = [...schedule.slots.mon]
  return { ...schedule, slots }
}

export const slotsPerWeek = (schedule: PostingSchedule) =>
  WEEKDAYS.reduce((total, day) => total + schedule.slots[day].length, 0)

/** The next few slots in the channel's zone, as every time is written: "Tue, Nov 26, 9:30 AM". */
export function upcoming(schedule: PostingSchedule, count: number, now = new Date()): string[] {
  return nextSlots(schedule, now, count).map((instant) =>
    formatShortDayTime(DateTime.fromJSDate(instant, { zone: schedule.timezone })),
  )
}
