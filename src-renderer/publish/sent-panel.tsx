/**
 * Sent: what went out, newest first, each with a link to where it was published; above them, posts that failed or
 * need attention, with the reason and a way to try again.
 */
import { Alert, Button, Skeleton, Stack, Text, Title } from '@mantine/core'
import { IconExternalLink, IconPencilPlus, IconRefresh, IconSend2 } from '@tabler/icons-react'
import { useAppInfo } from '../app/queries'
import type { Channel, Post } from '../../src-shared/entities/models'
import { EmptyPanel } from '../ui/empty-panel'
import { notifySuccess } from '../ui/errors'
import { openPostLink, postLinkHref } from './open-link'
import { PostCard } from './post-card'
import { usePost, usePostList, useSchedulePost } from './queries'
import { whenLabel } from './time'

export function ViewPostButton({ url }: { url: string }) {
  const host = useAppInfo().data?.host
  return (
    <Button
      component="a"
      href={postLinkHref(url)}
      size="compact-sm"
      variant="light"
      rightSection={<IconExternalLink size={14} aria-hidden />}
      onClick={(event) => {
        event.preventDefault()
        openPostLink(url, host)
      }}
    >
      View post
    </Button>
  )
}

function Reason({ orgId, post }: { orgId: string; post: Post }) {
  const job = usePost(orgId, post.id).data?.job
  return (
    <Alert color={post.status === 'failed' ? 'red' : 'orange'} variant="light" p="xs" fz="sm">
      {job?.lastError ??
        (post.status === 'failed'
          ? 'The platform refused this post.'
          : 'We could not confirm whether this post went out. Check the channel, then retry or reschedule.')}
    </Alert>
  )
}

function RetryButtons({ orgId, post }: { orgId: string; post: Post }) {
  const schedule = useSchedulePost(orgId)
  return (
    <>
      <Button
        size="compact-sm"
        variant="light"
        leftSection={<IconRefresh size={14} aria-hidden />}
        loading={schedule.isPending}
        onClick={() =>
          schedule.mutate(
            { postId: post.id, when: { kind: 'now' } },
            { onSuccess: () => notifySuccess('Trying again now') },
          )
        }
      >
        Retry now
      </Button>
      <Button component="a" href={`#/publish/compose/${post.id}`} size="compact-sm" variant="default">
        Reschedule
      </Button>
    </>
  )
}

interface Props {
  orgId: string
  orgZone: string
  channels: Channel[]
}

export function SentPanel({ orgId, orgZone, channels }: Props) {
  const sent = usePostList(orgId, { statuses: ['published'], order: 'published', limit: 200 })
  const trouble = usePostList(orgId, { statuses: ['failed', 'needs_attention'], order: 'newest', limit: 200 })
  const byId = new Map(channels.map((c) => [c.id, c]))
  const channelOf = (post: Post) => (post.socialAccountId ? byId.get(post.socialAccountId) : undefined)
  const zoneOf = (post: Post) => channelOf(post)?.schedule.timezone ?? orgZone

  if (!sent.data || !trouble.data) {
    return (
      <Stack gap="sm" role="status" aria-busy="true" aria-label="Loading sent posts">
        {[0, 1, 2].map((row) => (
          <Skeleton key={row} h={120} radius="lg" />
        ))}
      </Stack>
    )
  }
  if (sent.data.length === 0 && trouble.data.length === 0) {
    return (
      <EmptyPanel
        icon={<IconSend2 size={30} stroke={1.5} />}
        title="Nothing sent yet"
        description="Published posts appear here with a link to where they went out. Queue a post and it is published at its time, even from a laptop that was asleep."
        actions={
          <Button component="a" href="#/publish/compose" leftSection={<IconPencilPlus size={18} aria-hidden />}>
            Create a post
          </Button>
        }
      />
    )
  }
  return (
    <Stack gap="lg">
      {trouble.data.length > 0 && (
        <Stack gap="sm" component="section" aria-labelledby="sent-trouble">
          <Title id="sent-trouble" order={2} fz="sm" fw={600} c="dimmed" tt="uppercase" lts={0.4}>
            Needs your attention
          </Title>
          {trouble.data.map((post) => (
            <PostCard
              key={post.id}
              post={post}
              channel={channelOf(post)}
              when={post.scheduledAt ? whenLabel(post.scheduledAt, zoneOf(post)) : undefined}
              actions={<RetryButtons orgId={orgId} post={post} />}
            >
              <Reason orgId={orgId} post={post} />
            </PostCard>
          ))}
        </Stack>
      )}
      <Stack gap="sm" component="section" aria-labelledby="sent-published">
        <Title id="sent-published" order={2} fz="sm" fw={600} c="dimmed" tt="uppercase" lts={0.4}>
          Published
        </Title>
        {sent.data.length === 0 && (
          <Text fz="sm" c="dimmed">
            Nothing published yet.
          </Text>
        )}
        {sent.data.map((post) => (
          <PostCard
            key={post.id}
            post={post}
            channel={channelOf(post)}
            when={post.publishedAt ? whenLabel(post.publishedAt, zoneOf(post)) : undefined}
            actions={post.platformUrl ? <ViewPostButton url={post.platformUrl} /> : undefined}
          />
        ))}
      </Stack>
    </Stack>
  )
}
