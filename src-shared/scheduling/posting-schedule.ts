/**
 * A channel's posting schedule: slots per weekday as local 'HH:mm' times in
 * the channel's IANA zone, and a pause. `nextSlots` turns it into the UTC
 * instants the queue fills, the same on every device and across
 * daylight-saving changes: a slot the clocks skip moves to the first instant
 * after the jump; a slot in a repeated hour is used once, at its first
 * occurrence.
 */
import { DateTime, IANAZone } from 'luxon'
import { z } from 'zod'
import { resolveWallTime } from './local-time'

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

export const slotTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a slot is a local time like "09:30"')

export const postingScheduleSchema = z.object({
  timezone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'an IANA time zone like "Europe/Paris"'),
  slots: z.object(
    Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(slotTimeSchema).max(48).default([])])) as Record<
      Weekday,
      z.ZodDefault<z.ZodArray<typeof slotTimeSchema>>
    >,
  ),
  paused: z.boolean().default(false),
})
export type PostingSchedule = z.infer<typeof postingScheduleSchema>

/** How far ahead `nextSlots` looks before it stops: a year of full days is more than any queue. */
const HORIZON_DAYS = 400
const MINUTE = 60_000

const minuteOf = (instant: number) => Math.floor(instant / MINUTE)

/**
 * The next `count` free slot instants strictly after `after`, in order. A
 * slot is taken when an instant in `taken` falls in the same minute. A paused
 * schedule, or one without slots, has none.
 */
export function nextSlots(schedule: PostingSchedule, after: Date, count: number, taken: Date[] = []): Date[] {
  const zone = IANAZone.create(schedule.timezone)
  if (schedule.paused || count <= 0 || !zone.isValid) return []
  if (WEEKDAYS.every((day) => schedule.slots[day].length === 0)) return []
  const busy = new Set(taken.map((d) => minuteOf(d.getTime())))
  const start = after.getTime()
  // Start a day early: a late-evening slot pushed over a gap at midnight lands on the next day.
  const firstDay = DateTime.fromMillis(start, { zone }).startOf('day')
  const calendar = DateTime.utc(firstDay.year, firstDay.month, firstDay.day).minus({ days: 1 })
  const found: Date[] = []
  for (let i = 0; i < HORIZON_DAYS && found.length < count; i++) {
    const date = calendar.plus({ days: i })
    const day = WEEKDAYS[date.weekday - 1]!
    const instants = schedule.slots[day].map((slot) => {
      const [hour, minute] = slot.split(':').map(Number) as [number, number]
      const resolved = resolveWallTime(zone, { year: date.year, month: date.month, day: date.day, hour, minute })
      if (resolved.kind === 'single') return resolved.instant
      if (resolved.kind === 'repeated') return resolved.first
      return resolved.firstValidAfter
    })
    // Two slots can meet after a gap moves one; sorted, unique, each used once.
    for (const instant of [...new Set(instants)].sort((a, b) => a - b)) {
      if (instant <= start || busy.has(minuteOf(instant))) continue
      busy.add(minuteOf(instant))
      found.push(new Date(instant))
      if (found.length === count) break
    }
  }
  return found
}
