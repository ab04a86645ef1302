/**
 * The active organization's sync, in Settings → Sync: its state, what is
 * waiting to be sent, when it last synced and "Sync now"; for a local-only
 * organization, its owner can put it on the server; teammates are
 * invited in Settings → Team.
 */
import { Alert, Button, DataList, Group, Skeleton, Stack, Text, Title } from '@mantine/core'
import { IconCloudUpload, IconRefresh } from '@tabler/icons-react'
import type { Organization } from '../../src-shared/entities/models'
import type { OrgSyncStatus } from '../../src-shared/entities/sync-status'
import { useAttachOrganization, useSyncNow } from '../sync/queries'
import { SyncBadge } from '../sync/sync-badge'
import { errorMessage, notifySuccess } from '../ui/errors'
import { RelativeTime } from '../ui/relative-time'

function PutOnServer({ org }: { org: Organization }) {
  const attach = useAttachOrganization()
  if (org.role !== 'owner') {
    return (
      <Text fz="sm" c="dimmed">
        Only the owner of {org.name} can put it on the sync server.
      </Text>
    )
  }
  return (
    <Stack gap="sm" align="flex-start">
      <Text fz="sm">
        Putting {org.name} on the server uploads its posts, drafts and activity, so you can then invite teammates and
        open it on your other devices. It stays on this device too and keeps working offline.
      </Text>
      {attach.isError && (
        <Alert color="red" title="We couldn’t put it on the server" w="100%">
          {errorMessage(attach.error)}
        </Alert>
      )}
      <Button
        leftSection={<IconCloudUpload size={16} aria-hidden />}
        loading={attach.isPending}
        disabled={attach.isPending}
        onClick={() =>
          attach.mutate(org.id, {
            onSuccess: (attached) => notifySuccess(`“${attached.name}” is on the server. Invite your teammates below.`),
          })
        }
      >
        Put this organization on the server
      </Button>
    </Stack>
  )
}

function SyncFacts({ status }: { status: OrgSyncStatus }) {
  return (
    <DataList labelWidth={160} gap="sm">
      <DataList.Item>
        <DataList.ItemLabel>Changes waiting</DataList.ItemLabel>
        <DataList.ItemValue>
          {status.pending === 0 ? 'None' : status.pending === 1 ? '1 change' : `${status.pending} changes`}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Last synced</DataList.ItemLabel>
        <DataList.ItemValue>
          {status.lastSyncedAt ? (
            <RelativeTime iso={status.lastSyncedAt} fz="sm" c="var(--mantine-color-text)" />
          ) : (
            <Text span inherit c="dimmed">
              Not since the app started
            </Text>
          )}
        </DataList.ItemValue>
      </DataList.Item>
    </DataList>
  )
}

export function OrgSyncPanel({ org, status }: { org: Organization; status: OrgSyncStatus | undefined }) {
  const syncNow = useSyncNow()
  if (!status) return <Skeleton h={96} radius="md" />
  const synced = status.state !== 'local'
  const problem = (status.state === 'error' || status.state === 'offline') && status.message

  return (
    <Stack gap="md" component="section" aria-labelledby="org-sync">
      <Group justify="space-between" gap="sm">
        <Title order={3} fz="md" id="org-sync">
          {org.name}
        </Title>
        <SyncBadge status={status} />
      </Group>
      {!synced ? (
        <PutOnServer org={org} />
      ) : (
        <>
          {problem && (
            <Alert color={status.state === 'error' ? 'red' : 'orange'} title="Not in sync right now">
              {status.message}
            </Alert>
          )}
          <Group justify="space-between" align="flex-end" gap="md">
            <SyncFacts status={status} />
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} aria-hidden />}
              loading={syncNow.isPending}
              disabled={syncNow.isPending}
              onClick={() =>
                syncNow.mutate(org.id, {
                  onSuccess: (after) => after.state === 'idle' && notifySuccess(`${org.name} is up to date.`),
                })
              }
            >
              Sync now
            </Button>
          </Group>
        </>
      )}
    </Stack>
  )
}
