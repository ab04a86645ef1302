/**
 * Channels: the social accounts this organization publishes to, their
 * posting schedules, and connecting more. Managing them takes the
 * channels.manage permission; everyone else sees them read-only.
 */
import { Button, Group, Loader, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconPlugConnected, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import type { Platform } from '../../src-shared/entities/enums'
import type { Channel, Organization } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { NoOrganization } from '../app/no-organization'
import { useWorkspace } from '../app/workspace'
import { EmptyPanel } from '../ui/empty-panel'
import { notifySuccess } from '../ui/errors'
import { PageHeader } from '../ui/page-header'
import { ChannelCard } from './channel-card'
import { ConnectChannelModal } from './connect-channel-modal'
import { DisconnectChannelModal } from './disconnect-channel-modal'
import { useChannels } from './queries'
import { ScheduleEditorModal } from './schedule-editor'

type ConnectStart = { platform: Platform; identifier?: string; service?: string } | undefined

function Channels({ org }: { org: Organization }) {
  const channels = useChannels(org.id)
  const canManage = can(org.role, 'channels.manage')
  const [connecting, connectModal] = useDisclosure(false)
  const [start, setStart] = useState<ConnectStart>(undefined)
  const [editing, setEditing] = useState<Channel | null>(null)
  const [leaving, setLeaving] = useState<Channel | null>(null)

  const openConnect = (from?: ConnectStart) => {
    setStart(from)
    connectModal.open()
  }

  const connectButton = canManage && (
    <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => openConnect()}>
      Connect a channel
    </Button>
  )

  let body
  if (channels.isPending) {
    body = (
      <Group justify="center" py="xl">
        <Loader size="sm" aria-label="Loading channels" />
      </Group>
    )
  } else if (!channels.data?.length) {
    body = (
      <EmptyPanel
        icon={<IconPlugConnected size={28} stroke={1.5} />}
        title="No channels yet"
        description={
          canManage
            ? 'Connect Bluesky or Mastodon to publish for real, or start with a Sandbox channel: it needs no account and lets you try scheduling, approvals and publishing safely.'
            : 'An owner, admin or editor of this organization connects its channels; they will show up here.'
        }
        actions={connectButton}
      />
    )
  } else {
    body = (
      <Stack gap="sm">
        {channels.data.map((channel) => (
          <ChannelCard
            key={channel.id}
            channel={channel}
            org={org}
            canManage={canManage}
            onEditSchedule={() => setEditing(channel)}
            onReconnect={() =>
              openConnect({
                platform: channel.platform,
                identifier: channel.platform === 'bluesky' ? channel.username.replace(/^@/, '') : undefined,
                service: channel.service || undefined,
              })
            }
            onDisconnect={() => setLeaving(channel)}
          />
        ))}
        {!canManage && (
          <Text fz="sm" c="dimmed">
            Only owners, admins and editors can connect channels or change their schedules.
          </Text>
        )}
      </Stack>
    )
  }

  return (
    <>
      <PageHeader
        title="Channels"
        description={`The accounts ${org.name} publishes to, and when each one posts.`}
        actions={channels.data?.length ? connectButton : undefined}
      />
      {body}
      <ConnectChannelModal
        orgId={org.id}
        opened={connecting}
        onClose={connectModal.close}
        start={start}
        onConnected={(channel) => {
          connectModal.close()
          notifySuccess(`${channel.displayName || channel.username} is connected`)
        }}
      />
      <ScheduleEditorModal channel={editing} onClose={() => setEditing(null)} />
      <DisconnectChannelModal orgId={org.id} channel={leaving} onClose={() => setLeaving(null)} />
    </>
  )
}

export function ChannelsScreen() {
  const { activeOrg } = useWorkspace()
  if (!activeOrg) return <NoOrganization screen="Channels" />
  return <Channels key={activeOrg.id} org={activeOrg} />
}
