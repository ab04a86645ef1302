/**
 * Where the key that encrypts platform tokens lives, where the data folder
 * is, and which build and host this is: what support will ask for.
 */
import { ActionIcon, Badge, CopyButton, DataList, Group, Skeleton, Stack, Text, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy, IconShieldLock } from '@tabler/icons-react'
import type { SecretStoreInfo } from '../../src-shared/entities/models'
import { useAppInfo } from '../app/queries'
import { SettingsSection } from './settings-section'

export const SECRET_STORE_LABELS: Record<SecretStoreInfo['kind'], string> = {
  keychain: 'OS keychain',
  'safe-storage': 'Electron safe storage',
  'key-file': 'Key file',
}

function CopyPath({ path }: { path: string }) {
  return (
    <CopyButton value={path}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : 'Copy path'}>
          <ActionIcon variant="subtle" color="gray" onClick={copy} aria-label="Copy data folder path">
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  )
}

export function SecuritySection() {
  const info = useAppInfo().data
  return (
    <SettingsSection
      id="settings-security"
      title="Security & storage"
      description="Channel tokens are encrypted with AES-256-GCM before they touch the disk."
    >
      {!info ? (
        <Skeleton h={120} radius="md" />
      ) : (
        <Stack gap="lg">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconShieldLock size={22} stroke={1.6} aria-hidden color="var(--mantine-color-teal-7)" />
            <Stack gap={4}>
              <Text fz="sm" fw={500}>
                Secrets are stored in{' '}
                <Badge component="span" variant="light" color="teal" radius="sm" tt="none" fz="sm" fw={600}>
                  {SECRET_STORE_LABELS[info.secretStore.kind]}
                </Badge>
              </Text>
              <Text fz="sm" c="dimmed">
                {info.secretStore.description}
              </Text>
            </Stack>
          </Group>
          <DataList labelWidth={160} gap="sm">
            <DataList.Item>
              <DataList.ItemLabel>Data folder</DataList.ItemLabel>
              <DataList.ItemValue>
                <Group gap={4} wrap="nowrap">
                  <Text ff="monospace" fz="sm" style={{ overflowWrap: 'anywhere' }}>
                    {info.dataDir}
                  </Text>
                  <CopyPath path={info.dataDir} />
                </Group>
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Version</DataList.ItemLabel>
              <DataList.ItemValue>{info.version}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Running as</DataList.ItemLabel>
              <DataList.ItemValue>
                {info.host === 'electron' ? 'Desktop app' : 'Browser mode (local server on 127.0.0.1)'} · {info.os}
              </DataList.ItemValue>
            </DataList.Item>
          </DataList>
        </Stack>
      )}
    </SettingsSection>
  )
}
