/**
 * One post in a list (Queue, Drafts, Approvals, Sent): channel, text, its pictures, status, time, and whatever the
 * list lets you do with it. The text links to the post view.
 */
import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import type { Channel, Post } from '../../src-shared/entities/models'
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
