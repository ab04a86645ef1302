/**
 * Approvals: for approvers, every post waiting for a decision; for contributors, their own posts waiting or sent
 * back, with what the approver said.
 */
import { Blockquote, Button, Skeleton, Stack, Text } from '@mantine/core'
import { IconChecks } from '@tabler/icons-react'
import type { Channel, Post } from '../../src-shared/entities/models'
import { EmptyPanel } from '../ui/empty-panel'
import { PostCard } from './post-card'
import { usePost, usePostList } from './queries'
import { ApprovalButtons } from './reject-modal'
import { whenLabel } from './time'

function LatestComment({ orgId, post }: { orgId: string; post: Post }) {
  const detail = usePost(orgId, post.id).data
  const last = detail?.approvals.at(-1)
  if (!last?.comments) return null
  return (
    <Blockquote color="red" p="xs" fz="sm" cite={`— ${last.approverName}`} icon={null}>
      {last.comments}
    </Blockquote>
  )
}

interface Props {
  orgId: string
  orgZone: string
  channels: Channel[]
  canApprove: boolean
  userId: string
}

export function ApprovalsPanel({ orgId, orgZone, channels, canApprove, userId }: Props) {
  const list = usePostList(orgId, { statuses: ['needs_approval', 'rejected'], order: 'schedule', limit: 500 })
  const byId = new Map(channels.map((c) => [c.id, c]))
  if (!list.data) {
    return (
      <Stack gap="sm" role="status" aria-busy="true" aria-label="Loading approvals">
        {[0, 1].map((row) => (
          <Skeleton key={row} h={120} radius="lg" />
        ))}
      </Stack>
    )
  }
  const posts = canApprove
    ? list.data.filter((p) => p.status === 'needs_approval' || p.createdBy === userId)
    : list.data.filter((p) => p.createdBy === userId)
  if (posts.length === 0) {
    return (
      <EmptyPanel
        icon={<IconChecks size={30} stroke={1.5} />}
        title={canApprove ? 'Nothing waiting for approval' : 'No posts waiting for approval'}
        description={
          canApprove
            ? 'When a contributor sends a post for approval it appears here, and you get a notification.'
            : 'Posts you send for approval wait here until an approver decides; you get a notification either way.'
        }
        actions={
          <Button component="a" href="#/publish/compose" variant="light">
            Create a post
          </Button>
        }
      />
    )
  }
  return (
    <Stack gap="sm" component="section" aria-label="Approvals">
      {posts.map((post) => {
        const channel = post.socialAccountId ? byId.get(post.socialAccountId) : undefined
        const zone = channel?.schedule.timezone ?? orgZone
        return (
          <PostCard
            key={post.id}
            post={post}
            channel={channel}
            when={post.scheduledAt ? whenLabel(post.scheduledAt, zone) : 'Next free slot'}
            actions={
              canApprove && post.status === 'needs_approval' ? (
                <ApprovalButtons orgId={orgId} post={post} />
              ) : post.status === 'rejected' ? (
                <Button component="a" href={`#/publish/compose/${post.id}`} size="compact-sm" variant="light">
                  Edit and resend
                </Button>
              ) : undefined
            }
          >
            {post.status === 'rejected' && <LatestComment orgId={orgId} post={post} />}
            {post.status === 'needs_approval' && !canApprove && (
              <Text fz="xs" c="dimmed">
                Waiting for an approver.
              </Text>
            )}
          </PostCard>
        )
      })}
    </Stack>
  )
}
