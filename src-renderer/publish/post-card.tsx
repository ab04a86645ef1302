/**
 * One post in a list (Queue, Drafts, Approvals, Sent): channel, text, its pictures, status, time, and whatever the
 * list lets you do with it. The text links to the post view. A published post whose thread or first comment did not
 * all go out says so in words, with Retry for what is left.
 */
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import type { Channel, Post } from '../../src-shared/entities/models'
import { remainingSteps } from '../../src-shared/scheduling/follow-ups'
import { keys } from '../app/queries'
import { call } from '../platform/api'
import { RelativeTime } from '../ui/relative-time'
import { ChannelName } from './channel-avatar'
import { PostThumbs } from './post-thumbs'
import { STATUS } from './status'

export function StatusBadge({ status }: { status: Post['status'] }) {
  const { label, color } = STATUS[status]
  return (
    <Badge variant="light" color={color} radius="sm" tt="none" fw={600}>
      {label}
    </Badge>
  )
}

/** What is left of a live post's thread and first comment: a note and Retry when they stopped, else a line. */
function FollowUpNote({ post }: { post: Post }) {
  const left = post.status === 'published' && post.platformPostId ? remainingSteps(post).length : 0
  const client = useQueryClient()
  // Under the posts' key: posts.changed (each step recorded, a retry) refreshes it.
  const status = useQuery({
    queryKey: [...keys.posts(post.orgId), 'follow-ups', post.id],
    queryFn: () => call('followUpStatus', { orgId: post.orgId, postId: post.id }),
    enabled: left > 0,
  })
  const retry = useMutation({
    mutationFn: () => call('retryFollowUps', { orgId: post.orgId, postId: post.id }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.posts(post.orgId) }),
  })
  if (left === 0 || !status.data || status.data.left === 0) return null
  const { note, sending } = status.data
  if (note) {
    return (
      <Alert color="orange" variant="light" p="xs" role="status" aria-label="Not everything was posted">
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text fz="sm">{note}</Text>
          <Button
            size="compact-sm"
            variant="light"
            color="orange"
            loading={retry.isPending}
            onClick={() => retry.mutate()}
          >
            Retry
          </Button>
        </Group>
      </Alert>
    )
  }
  if (!sending) return null
  return (
    <Text fz="xs" c="dimmed" role="status">
      {`Posting the rest: ${left} ${left === 1 ? 'reply' : 'replies'} to go.`}
    </Text>
  )
}

interface Props {
  post: Post
  channel: Channel | undefined
  /** Left of the text: a drag handle in the queue. */
  handle?: ReactNode
  /** The time line, e.g. "Tomorrow · 09:00". */
  when?: ReactNode
  actions?: ReactNode
  children?: ReactNode
}

export function PostCard({ post, channel, handle, when, actions, children }: Props) {
  const empty = post.caption.trim() === ''
  const excerpt = empty ? 'No text yet' : post.caption.slice(0, 60)
  return (
    <Card component="article" padding="md" aria-label={`${STATUS[post.status].label}: ${excerpt}`}>
      <Group align="flex-start" wrap="nowrap" gap="sm">
        {handle}
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <ChannelName channel={channel} />
              <StatusBadge status={post.status} />
            </Group>
            {when && (
              <Text fz="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                {when}
              </Text>
            )}
          </Group>
          <Anchor
            href={`#/publish/post/${post.id}`}
            c={empty ? 'dimmed' : 'var(--mantine-color-text)'}
            underline="hover"
            fz="sm"
            lh={1.55}
            fs={empty ? 'italic' : undefined}
            lineClamp={4}
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          >
            {empty ? 'No text yet' : post.caption}
          </Anchor>
          <PostThumbs orgId={post.orgId} media={post.mediaUrls} />
          {post.tags.length > 0 && (
            <Group gap={6}>
              {post.tags.map((tag) => (
                <Badge key={tag} variant="light" color="brand" radius="sm" tt="none" fw={500}>
                  #{tag}
                </Badge>
              ))}
            </Group>
          )}
          <FollowUpNote post={post} />
          {children}
          <Group justify="space-between" gap="xs">
            <Text fz="xs" c="dimmed">
              {post.publishedAt ? 'Published' : 'Edited'}{' '}
              <RelativeTime iso={post.publishedAt ?? post.updatedAt} inherit />
            </Text>
            {actions && <Group gap={4}>{actions}</Group>}
          </Group>
        </Stack>
      </Group>
    </Card>
  )
}
