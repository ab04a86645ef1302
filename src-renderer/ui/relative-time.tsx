/**
 * "3 minutes ago", with the exact local time on hover and in the markup
 * (`<time dateTime>`), so screen readers and tooltips get the precise value.
 */
import { Text, Tooltip, type TextProps } from '@mantine/core'
import { DateTime } from 'luxon'
import { useEffect, useState } from 'react'
import { formatInstant } from '../../src-shared/time-format'

export function relative(iso: string, now: DateTime = DateTime.now()): string {
  const at = DateTime.fromISO(iso)
  // Within a minute, luxon says "in 0 seconds" for a slightly-ahead clock; "just now" is what people say.
  if (Math.abs(now.diff(at, 'seconds').seconds) < 45) return 'just now'
  return at.toRelative({ base: now }) ?? iso
}

/** The exact time, written as every other time is (ui/time-format.ts). */
export const exact = formatInstant

/** Re-renders once a minute so "just now" does not stay true forever. */
function useMinuteTick(): DateTime {
  const [now, setNow] = useState<DateTime>(() => DateTime.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(DateTime.now()), 60_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

export function RelativeTime({ iso, ...props }: { iso: string } & TextProps) {
  const now = useMinuteTick()
  return (
    <Tooltip label={exact(iso)}>
      <Text component="time" dateTime={iso} fz="xs" c="dimmed" {...props}>
        {relative(iso, now)}
      </Text>
    </Tooltip>
  )
}
