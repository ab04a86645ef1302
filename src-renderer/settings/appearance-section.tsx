/**
 * Light, dark, or whatever the operating system is using, and how times read (12-hour, 24-hour, or as your
 * language writes them); both saved with the profile, so your other devices follow.
 */
import { Group, SegmentedControl, Stack, Text } from '@mantine/core'
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react'
import { DateTime } from 'luxon'
import type { ThemePreference, TimeFormatPreference } from '../../src-shared/entities/enums'
import { useUpdatePreferences } from '../app/queries'
import { useWorkspace } from '../app/workspace'
import { formatTime, setTimeFormat } from '../../src-shared/time-format'
import { SettingsSection } from './settings-section'

const OPTIONS: { value: ThemePreference; label: string; icon: typeof IconSun }[] = [
  { value: 'system', label: 'System', icon: IconDeviceDesktop },
  { value: 'light', label: 'Light', icon: IconSun },
  { value: 'dark', label: 'Dark', icon: IconMoon },
]

const TIME_FORMATS: { value: TimeFormatPreference; label: string }[] = [
  { value: 'system', label: 'Follow system' },
  { value: '12h', label: '12-hour' },
  { value: '24h', label: '24-hour' },
]

/** How a late-afternoon time reads with `format`, as the example beside the choice. */
function example(format: TimeFormatPreference, current: TimeFormatPreference): string {
  setTimeFormat(format)
  const text = formatTime(DateTime.fromObject({ hour: 17, minute: 30 }))
  setTimeFormat(current)
  return text
}

export function AppearanceSection() {
  const { profile } = useWorkspace()
  const update = useUpdatePreferences()
  const timeFormat = profile.preferences.timeFormat
  return (
    <SettingsSection
      id="settings-appearance"
      title="Appearance"
      description="System follows your computer’s setting; the time format applies to every time the app shows."
    >
      <Stack gap="md">
        <Group justify="space-between" gap="md">
          <Text fz="sm" fw={500} id="theme-label">
            Theme
          </Text>
          <SegmentedControl
            aria-labelledby="theme-label"
            value={profile.preferences.theme}
            onChange={(value) => update.mutate({ theme: value as ThemePreference })}
            disabled={update.isPending}
            data={OPTIONS.map(({ value, label, icon: Icon }) => ({
              value,
              label: (
                <Group gap={6} wrap="nowrap" px={4}>
                  <Icon size={16} stroke={1.7} aria-hidden />
                  <span>{label}</span>
                </Group>
              ),
            }))}
          />
        </Group>
        <Group justify="space-between" gap="md">
          <Stack gap={2}>
            <Text fz="sm" fw={500} id="time-format-label">
              Time format
            </Text>
            <Text fz="xs" c="dimmed">
              Times read like {example(timeFormat, timeFormat)}
            </Text>
          </Stack>
          <SegmentedControl
            aria-labelledby="time-format-label"
            value={timeFormat}
            onChange={(value) => update.mutate({ timeFormat: value as TimeFormatPreference })}
            disabled={update.isPending}
            data={TIME_FORMATS.map(({ value, label }) => ({
              value,
              label: value === 'system' ? `${label} (${example('system', timeFormat)})` : label,
            }))}
          />
        </Group>
      </Stack>
    </SettingsSection>
  )
}
