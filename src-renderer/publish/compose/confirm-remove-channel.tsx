/**
 * Unchecking a channel whose post is on the schedule (or waiting for approval) would delete that post: ask first,
 * naming the channel and the time, and say so when this person may not remove it.
 */
import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import type { Post } from '../../../src-shared/entities/models'
import { whenLabel } from '../time'

export interface Removal {
  /** The channel ids to keep once confirmed. */
  next: string[]
  posts: { channelName: string; post: Post; zone: string; allowed: boolean }[]
}

const what = (post: Post, zone: string) =>
  post.status === 'needs_approval'
    ? post.scheduledAt
      ? `its post waiting for approval for ${whenLabel(post.scheduledAt, zone)}`
      : 'its post waiting for approval'
    : post.scheduledAt
      ? `its post scheduled for ${whenLabel(post.scheduledAt, zone)}`
      : 'its scheduled post'

export function ConfirmRemoveChannel({
  removal,
  onKeep,
  onRemove,
}: {
  removal: Removal | null
  onKeep: () => void
  onRemove: (next: string[]) => void
}) {
  const items = removal?.posts ?? []
  const names = items.map((i) => i.channelName).join(', ')
  const blocked = items.filter((i) => !i.allowed)
  return (
    <Modal opened={removal !== null} onClose={onKeep} title={`Remove ${names}?`}>
      <Stack gap="sm">
        {items.map(({ channelName, post, zone }) => (
          <Text key={post.id} fz="sm">
            Unchecking {channelName} removes {what(post, zone)}. It leaves the queue and the calendar on every device.
          </Text>
        ))}
        {blocked.length > 0 && (
          <Text fz="sm" c="var(--mantine-color-error)">
            Only its author or an editor can remove {blocked.length > 1 ? 'these posts' : 'this post'}, so{' '}
            {blocked.map((b) => b.channelName).join(', ')} stays checked.
          </Text>
        )}
      </Stack>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onKeep} data-autofocus>
          Keep {items.length > 1 ? 'them' : 'it'}
        </Button>
        {blocked.length === 0 && (
          <Button color="red" onClick={() => removal && onRemove(removal.next)}>
            Remove {items.length > 1 ? 'posts' : 'post'}
          </Button>
        )}
      </Group>
    </Modal>
  )
}
