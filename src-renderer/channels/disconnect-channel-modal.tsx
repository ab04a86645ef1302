/** Disconnecting asks first, and says what becomes of the channel's posts. */
import { Button, Group, List, Modal, Stack, Text } from '@mantine/core'
import type { Channel } from '../../src-shared/entities/models'
import { notifySuccess } from '../ui/errors'
import { useDisconnectChannel } from './queries'

interface Props {
  orgId: string
  channel: Channel | null
  onClose: () => void
}

export function DisconnectChannelModal({ orgId, channel, onClose }: Props) {
  const disconnect = useDisconnectChannel(orgId)
  const name = channel ? channel.displayName || channel.username : ''
  return (
    <Modal opened={channel !== null} onClose={onClose} title={`Disconnect ${name}?`}>
      <Stack gap="md">
        <List fz="sm" spacing={6}>
          <List.Item>Its scheduled and queued posts are taken off the schedule and go back to Drafts.</List.Item>
          <List.Item>Posts already published stay where they are, on the platform.</List.Item>
          <List.Item>
            Everyone in the organization loses the channel, and its saved sign-in is deleted from this device.
          </List.Item>
        </List>
        <Text fz="sm" c="dimmed">
          You can connect it again later; its posting schedule starts fresh.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button
            color="red"
            loading={disconnect.isPending}
            onClick={() =>
              channel &&
              disconnect.mutate(channel.id, {
                onSuccess: () => {
                  notifySuccess(`${name} was disconnected`)
                  onClose()
                },
              })
            }
          >
            Disconnect
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
