/**
 * A sandbox channel's feed, as the org's members see it in the app (from the
 * org's own file, or from its sync server, which also shows it on a public
 * page). It reads
 * like a small social feed, newest first, with a thread's parts under the
 * post they continue; a link to one post, a part too
 * (`#/sandbox/<org>/<channel>/posts/<id>`, see `sandboxRoute`), scrolls to it and highlights it.
 */
import { Anchor, Avatar, Badge, Group, Loader, Paper, Stack, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { IconFlask, IconPhoto } from '@tabler/icons-react'
import { useEffect } from 'react'
import { Link } from 'wouter'
import type { SandboxFeedPart, SandboxFeedPost } from '../../src-shared/entities/models'
import { keys } from '../app/queries'
import { useChannels } from '../channels/queries'
import { call } from '../platform/api'
import { PostThumbs } from '../publish/post-thumbs'
import { EmptyPanel } from '../ui/empty-panel'
import { PageHeader } from '../ui/page-header'
import { RelativeTime } from '../ui/relative-time'
import classes from './sandbox.module.css'

interface Props {
  orgId: string
  channelId: string
  /** The post a link points at. */
  postId?: string
}

/** Where a post stands in its thread, for its "2 of 3 in this thread" line; absent for a post on its own. */
interface ThreadPlace {
  index: number
  count: number
}

interface PostContentProps {
  orgId: string
  post: SandboxFeedPart
  author: string
  place?: ThreadPlace
}

/** A post's author, time, text and pictures: the same whether it stands alone or in a thread. */
function PostContent({ orgId, post, author, place }: PostContentProps) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Avatar name={author} color="grape" radius="xl" variant="light" />
      <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
        <Group gap={6} wrap="nowrap">
          <Text fw={600} fz="sm" truncate="end">
            {author}
          </Text>
          <Text c="dimmed" fz="xs" aria-hidden>
            ·
          </Text>
          <RelativeTime iso={post.publishedAt} />
          {place && (
            <Text c="dimmed" fz="xs" style={{ whiteSpace: 'nowrap' }}>
              · {place.index + 1} of {place.count} in this thread
            </Text>
          )}
        </Group>
        {post.contentWarning && (
          <Badge color="orange" variant="light" tt="none">
            Content warning: {post.contentWarning}
          </Badge>
        )}
        <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {post.text}
        </Text>
        {post.media?.length ? (
          <PostThumbs orgId={orgId} media={post.media} size={96} />
        ) : (
          post.mediaCount > 0 && (
            <Group gap={4} c="dimmed">
              <IconPhoto size={14} aria-hidden />
              <Text fz="xs" inherit>
                {post.mediaCount === 1 ? '1 image' : `${post.mediaCount} images`}
              </Text>
            </Group>
          )
        )}
      </Stack>
    </Group>
  )
}

interface FeedEntryProps {
  orgId: string
  post: SandboxFeedPost
  author: string
  /** The post a link points at, which stands out. */
  linked: string | null
}

/**
 * A post on its own card, or a thread (the post, then the channel's own replies that continue it) as one card whose
 * avatars a line joins, as Bluesky and Mastodon draw a self-thread. Each post keeps its own anchor for links.
 */
function FeedEntry({ orgId, post, author, linked }: FeedEntryProps) {
  const thread = post.thread ?? []
  if (thread.length === 0) {
    return (
      <Paper
        component="article"
        id={`post-${post.id}`}
        withBorder
        radius="lg"
        p="md"
        className={classes.post}
        data-linked={post.id === linked || undefined}
        aria-label={`Post from ${author}`}
      >
        <PostContent orgId={orgId} post={post} author={author} />
      </Paper>
    )
  }
  const parts: SandboxFeedPart[] = [post, ...thread]
  return (
    <Paper withBorder radius="lg" className={classes.thread} role="group" aria-label={`Thread from ${author}`}>
      {parts.map((part, index) => (
        <article
          key={part.id}
          id={`post-${part.id}`}
          className={classes.part}
          data-linked={part.id === linked || undefined}
          aria-label={`Post ${index + 1} of ${parts.length} in a thread from ${author}`}
        >
          <PostContent orgId={orgId} post={part} author={author} place={{ index, count: parts.length }} />
        </article>
      ))}
    </Paper>
  )
}

export function SandboxFeedScreen({ orgId, channelId, postId }: Props) {
  const channel = useChannels(orgId).data?.find((candidate) => candidate.id === channelId)
  const feed = useQuery({
    queryKey: [...keys.sandboxFeed(orgId), channelId],
    queryFn: () => call('listSandboxFeed', { orgId, channelId, limit: 100 }),
  })
  const author = channel?.displayName || channel?.username || 'Sandbox channel'
  const linked = postId ?? null

  useEffect(() => {
    if (!linked || !feed.data) return
    // After the frame: the router scrolls a new address to the top in its own (later) effect.
    const frame = requestAnimationFrame(() =>
      document.getElementById(`post-${linked}`)?.scrollIntoView({ block: 'center' }),
    )
    return () => cancelAnimationFrame(frame)
  }, [linked, feed.data])

  return (
    <>
      <PageHeader
        title={`${author} · Sandbox`}
        description={
          <>
            What this practice channel has published, newest first, with each thread under its first post. Only people
            in this organization can see it.{' '}
            <Anchor component={Link} href="/channels" fz="sm" underline="always">
              Back to channels
            </Anchor>
          </>
        }
      />
      <Stack gap="sm" maw={640}>
        {feed.isPending ? (
          <Group justify="center" py="xl">
            <Loader size="sm" aria-label="Loading the feed" />
          </Group>
        ) : !feed.data?.length ? (
          <EmptyPanel
            icon={<IconFlask size={28} stroke={1.5} />}
            color="grape"
            title="Nothing published yet"
            description="Posts this channel publishes appear here, just as followers would see them on a real network. Schedule one from Publish, or choose “Publish now”."
          />
        ) : (
          feed.data.map((post) => <FeedEntry key={post.id} orgId={orgId} post={post} author={author} linked={linked} />)
        )}
      </Stack>
    </>
  )
}
