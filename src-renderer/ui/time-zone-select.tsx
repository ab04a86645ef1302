/**
 * A searchable list of the IANA time zones this runtime knows, labelled with
 * their current UTC offset so "Paris" and "+01:00" both find Europe/Paris.
 */
import { Select, type SelectProps } from '@mantine/core'
import { DateTime } from 'luxon'
import { useMemo } from 'react'
import { zoneName } from '../../src-shared/time-format'

export function deviceTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

function zoneLabel(zone: string, now: DateTime): string {
  const offset = now.setZone(zone).toFormat('ZZ')
  if (zone === 'UTC') return zone
  return `${zoneName(zone)} (UTC${offset})`
}

function zoneOptions(extra: string[]): { value: string; label: string }[] {
  // Chromium lists only canonical zones, so "UTC" or an alias from the device may be missing.
  const zones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', ...extra])
  const now = DateTime.now()
  return [...zones].sort().map((zone) => ({ value: zone, label: zoneLabel(zone, now) }))
}

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string
  onChange: (zone: string) => void
}

export function TimeZoneSelect({ value, onChange, ...props }: Props) {
  const data = useMemo(() => zoneOptions([value]), [value])
  return (
    <Select
      label="Time zone"
      searchable
      allowDeselect={false}
      nothingFoundMessage="No time zone matches"
      maxDropdownHeight={260}
      // Mantine keeps the closed list in the DOM, labelled "Time zone" like the input; unmounting it keeps the label unique.
      comboboxProps={{ keepMounted: false }}
      data={data}
      value={value}
      onChange={(zone) => zone && onChange(zone)}
      {...props}
    />
  )
}
