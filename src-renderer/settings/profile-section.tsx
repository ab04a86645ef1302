/** Who this device belongs to. Read-only until profile editing arrives with accounts. */
import { Avatar, DataList, Group, Text } from '@mantine/core'
import { useWorkspace } from '../app/workspace'
import { exact } from '../ui/relative-time'
import { SettingsSection } from './settings-section'

export function ProfileSection() {
  const { profile } = useWorkspace()
  return (
    <SettingsSection
      id="settings-profile"
      title="Profile"
      description="How you appear to teammates. Editing comes with sign-in to a sync server."
    >
      <Group gap="xl" align="center" wrap="nowrap">
        <Avatar name={profile.name} color="brand" size={56} radius="xl" variant="light" />
        <DataList labelWidth={160} gap="sm" style={{ flex: 1 }}>
          <DataList.Item>
            <DataList.ItemLabel>Name</DataList.ItemLabel>
            <DataList.ItemValue>{profile.name}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Email</DataList.ItemLabel>
            <DataList.ItemValue>
              {profile.email ?? (
                <Text span c="dimmed" inherit>
                  Not set
                </Text>
              )}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>On this device since</DataList.ItemLabel>
            <DataList.ItemValue>{exact(profile.createdAt)}</DataList.ItemValue>
          </DataList.Item>
        </DataList>
      </Group>
    </SettingsSection>
  )
}
