/**
 * Settings → Sync: connect this device to a sync server (sign in or create
 * an account), see how the person's own data (profile, preferences) syncs
 * between their devices, see and drive the active organization's sync,
 * invite teammates and join organizations. Without a server, everything still
 * works on this device.
 */
import { Alert, Button, DataList, Divider, Group, Skeleton, Stack, Text } from '@mantine/core'
import { IconCloudLock, IconLogout } from '@tabler/icons-react'
import { useState } from 'react'
import { useWorkspace } from '../app/workspace'
import type { OwnDataSyncStatus } from '../../src-shared/entities/sync-status'
import { useDisconnectServer, useSyncOverview } from '../sync/queries'
import { SyncBadge } from '../sync/sync-badge'
import { lastSynced } from '../sync/sync-state'
import { JoinOrganization } from './join-organization'
import { OrgSyncPanel } from './org-sync-panel'
import { SettingsSection } from './settings-section'
import { SyncConnectForm } from './sync-connect-form'

function SignedInAs({ url, email, ownData }: { url: string; email: string; ownData: OwnDataSyncStatus }) {
  const disconnect = useDisconnectServer()
  return (
    <Group justify="space-between" align="flex-end" gap="md">
      <DataList labelWidth={160} gap="sm">
        <DataList.Item>
          <DataList.ItemLabel>Server</DataList.ItemLabel>
          <DataList.ItemValue>
            <Text span inherit ff="monospace" fz="sm" style={{ overflowWrap: 'anywhere' }}>
              {url}
            </Text>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Signed in as</DataList.ItemLabel>
          <DataList.ItemValue>{email}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Your profile</DataList.ItemLabel>
          <DataList.ItemValue>
            <Stack gap={4} align="flex-start">
              <SyncBadge status={ownData} size="md" />
              {ownData.state === 'idle' && lastSynced(ownData) && (
                <Text fz="xs" c="dimmed">
                  Your name and preferences on all your devices. {lastSynced(ownData)}
                </Text>
              )}
            </Stack>
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
      <Button
        variant="default"
        leftSection={<IconLogout size={16} aria-hidden />}
        loading={disconnect.isPending}
        disabled={disconnect.isPending}
        onClick={() => disconnect.mutate()}
      >
        Sign out of sync
      </Button>
    </Group>
  )
}

export function SyncSection() {
  const { activeOrg } = useWorkspace()
  const overview = useSyncOverview().data
  const status = activeOrg ? overview?.orgs.find((org) => org.orgId === activeOrg.id) : undefined
  // Remembered (React's "adjust state while rendering" pattern) so signing back in after signing out needs no retyping.
  const [lastServerUrl, setLastServerUrl] = useState('')
  if (overview?.server && overview.server.url !== lastServerUrl) setLastServerUrl(overview.server.url)

  return (
    <SettingsSection
      id="settings-sync"
      title="Sync"
      description="Work with your team and on your other devices through a sync server. Everything stays on this device too and works offline."
    >
      {!overview ? (
        <Skeleton h={160} radius="md" />
      ) : !overview.server ? (
        <Stack gap="md">
          {status?.state === 'signed_out' && activeOrg && (
            <Alert color="gray" icon={<IconCloudLock size={18} aria-hidden />} title="Signed out of sync">
              {activeOrg.name} syncs with a server. Sign in again to send this device’s changes and receive your team’s;
              until then they are kept here.
            </Alert>
          )}
          <SyncConnectForm serverUrl={lastServerUrl} />
        </Stack>
      ) : (
        <Stack gap="lg">
          <SignedInAs url={overview.server.url} email={overview.server.email} ownData={overview.ownData} />
          {activeOrg && (
            <>
              <Divider />
              <OrgSyncPanel org={activeOrg} status={status} />
            </>
          )}
          <Divider />
          <JoinOrganization />
        </Stack>
      )}
    </SettingsSection>
  )
}
