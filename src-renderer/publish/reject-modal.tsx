/** Approving is one click; rejecting asks what to change, since the contributor needs to know. */
import { Button, Group, Modal, Stack, Textarea } from '@mantine/core'
import { useState } from 'react'
import type { Post } from '../../src-shared/entities/models'
import { fieldError, formError, notifySuccess } from '../ui/errors'
import { useDecideApproval } from './queries'

export function ApprovalButtons({ orgId, post }: { orgId: string; post: Post }) {
  const decide = useDecideApproval(orgId)
  const [rejecting, setRejecting] = useState(false)
  const [comment, setComment] = useState('')
  const general = formError(decide.error, ['comment'])
  return (
    <>
      <Button
        size="compact-sm"
        loading={decide.isPending && decide.variables?.decision === 'approved'}
        onClick={() =>
          decide.mutate(
            { postId: post.id, decision: 'approved' },
            { onSuccess: () => notifySuccess('Approved: it is on the schedule') },
          )
        }
      >
        Approve
      </Button>
      <Button size="compact-sm" variant="default" onClick={() => setRejecting(true)}>
        Reject…
      </Button>
      {general && !rejecting && (
        <span role="alert" style={{ color: 'var(--mantine-color-error)', fontSize: 12 }}>
          {general}
        </span>
      )}
      <Modal opened={rejecting} onClose={() => setRejecting(false)} title="Ask for changes">
        <Stack>
          <Textarea
            label="What should change?"
            description="The author sees this with the post."
            autosize
            minRows={3}
            data-autofocus
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            error={fieldError(decide.error, 'comment') ?? general}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRejecting(false)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={decide.isPending}
              disabled={comment.trim() === ''}
              onClick={() =>
                decide.mutate(
                  { postId: post.id, decision: 'rejected', comment },
                  {
                    onSuccess: () => {
                      setRejecting(false)
                      setComment('')
                      notifySuccess('Sent back with your comment')
                    },
                  },
                )
              }
            >
              Reject
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
