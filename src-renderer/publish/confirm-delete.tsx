/** Deleting a post asks once, naming what goes. */
import { Button, Group, Modal, Text } from '@mantine/core'
import type { Post } from '../../src-shared/entities/models'
import { notifySuccess } from '../ui/errors'
import { useDeletePost } from './queries'

export function ConfirmDelete({ orgId, post, onClose }: { orgId: string; post: Post | null; onClose: () => void }) {
  const remove = useDeletePost(orgId)
  return (
    <Modal opened={post !== null} onClose={onClose} title="Delete this post?">
      <Text fz="sm" lineClamp={3} fs="italic" mb="sm">
        {post?.caption || 'No text yet'}
      </Text>
      <Text fz="sm" c="dimmed">
        It leaves the queue and the calendar on every device. This cannot be undone.
      </Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          Keep it
        </Button>
        <Button
          color="red"
          loading={remove.isPending}
          onClick={() =>
            post &&
            remove.mutate(post.id, {
              onSuccess: () => {
                notifySuccess('Post deleted')
                onClose()
              },
            })
          }
        >
          Delete
        </Button>
      </Group>
    </Modal>
  )
}
