/** Light, dark, or whatever the operating system is using; saved with the profile. */
import { Group, SegmentedControl, Text } from '@mantine/core'
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react'
import type { ThemePreference } from '../../src-shared/entities/enums'
import { useUpdatePreferences } from '../app/queries'
import { useWorkspace } from '../app/workspace'
import { SettingsSection } from './settings-section'

const OPTIONS: { value: ThemePreference; label: string; icon: typeof IconSun }[] = [
  { value: 'system', label: 'System', icon: IconDeviceDesktop },
  { value: 'light', label: 'Light', icon: IconSun },
  { value: 'dark', label: 'Dark', icon: IconMoon },
]

export function AppearanceSection() {
  const { profile } = useWorkspace()
  const update = useUpdatePreferences()
  return (
    <SettingsSection id="settings-appearance" title="Appearance" description="System follows your computer’s setting.">
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
    </SettingsSection>
  )
}
