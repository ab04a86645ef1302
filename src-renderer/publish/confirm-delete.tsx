/** Deleting a post (or every channel's copy of one) asks once, naming what goes. */
import { Button, Group, Modal, Text } from '@mantine/core'
import type { Post } from '../../src-shared/entities/models'
import { notifySuccess } from '../ui/errors'
import { useDeletePost } from './queries'

interface Props {
  orgId: string
  post: Post | null
  /** Other posts of the same group that go with it. */
  alsoPosts?: Post[]
  onClose: () => void
}

export function ConfirmDelete({ orgId, post, alsoPosts = [], onClose }: Props) {
  const remove = useDeletePost(orgId)
  const all = post ? [post, ...alsoPosts.filter((p) => p.id !== post.id)] : []
  const removeAll = async () => {
    for (const p of all) await remove.mutateAsync(p.id)
    notifySuccess(all.length > 1 ? `Deleted for ${all.length} channels` : 'Post deleted')
    onClose()
  }
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
        <Button color="red" loading={remove.isPending} onClick={() => void removeAll().catch(() => undefined)}>
          Delete
        </Button>
      </Group>
    </Modal>
  )
}
