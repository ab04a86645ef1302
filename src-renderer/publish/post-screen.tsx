/** One post: its text and channel, where it stands (schedule, approvals, errors) and where it was published. */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Image,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Timeline,
  Title,
} from '@mantine/core'
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconClock, IconPencil, IconX } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import type { MediaItem } from '../../src-shared/entities/json-shapes'
import type { PostDetail } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { NoOrganization } from '../app/no-organization'
import { useWorkspace } from '../app/workspace'
import { call } from '../platform/api'
import { errorMessage } from '../ui/errors'
import { RelativeTime } from '../ui/relative-time'
import { ChannelAvatar, PLATFORM_NAMES } from './channel-avatar'
import { StatusBadge } from './post-card'
import { PostFollowUps } from './post-follow-ups'
import { useChannels, usePost } from './queries'
import { ApprovalButtons } from './reject-modal'
import { ViewPostButton } from './sent-panel'
import { EDITABLE } from './status'
import { dateTimeLabel, zoneAbbreviation } from './time'

const JOB_WORDS: Record<NonNullable<PostDetail['job']>['status'], string> = {
  pending: 'Waiting for its time',
  running: 'Publishing now',
  done: 'Done',
  failed: 'Stopped after an error',
  cancelled: 'Cancelled',
}

interface ApprovalEvent {
  key: string
  time: string
  title: string
  comment?: string | null
  color: string
  icon: ReactNode
}

/** Decisions and the latest request, oldest first. */
function approvalEvents(p: PostDetail): ApprovalEvent[] {
  const events: ApprovalEvent[] = p.approvals.map((a) => ({
    key: a.id,
    time: a.timestamp,
    title: `${a.status === 'approved' ? 'Approved' : a.status === 'rejected' ? 'Changes requested' : 'Waiting'} by ${a.approverName}`,
    comment: a.comments,
    color: a.status === 'approved' ? 'teal' : a.status === 'rejected' ? 'red' : 'gray',
    icon: a.status === 'approved' ? <IconCheck size={14} aria-hidden /> : <IconX size={14} aria-hidden />,
  }))
  const requestedAt = p.approvalData.requestedAt
  if (requestedAt) {
    events.push({
      key: 'requested',
      time: requestedAt,
      title: p.approvals.some((a) => a.timestamp < requestedAt) ? 'Approval requested again' : 'Approval requested',
      color: 'orange',
      icon: <IconClock size={14} aria-hidden />,
    })
  }
  // Same-millisecond stamps keep the request before its decision.
  return events.sort((a, b) => a.time.localeCompare(b.time) || (a.key === 'requested' ? -1 : 1))
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
        {label}
      </Text>
      <Text fz="sm" component="div">
        {children}
      </Text>
    </Stack>
  )
}

function MediaThumb({ orgId, item }: { orgId: string; item: MediaItem }) {
  const data = useQuery({
    queryKey: ['media', orgId, item.url],
    queryFn: () => call('readMedia', { orgId, url: item.url }),
    staleTime: Infinity,
  }).data
  if (!data) return <Skeleton h={140} radius="md" />
  if (item.type === 'video') return <video src={data.dataUrl} controls style={{ width: '100%', borderRadius: 8 }} />
  return (
    <Image src={data.dataUrl} alt={item.altText || item.fileName || 'Attachment'} radius="md" h={140} fit="cover" />
  )
}

function Post({
  orgId,
  postId,
  role,
  orgZone,
}: {
  orgId: string
  postId: string
  role: Parameters<typeof can>[0]
  orgZone: string
}) {
  const post = usePost(orgId, postId)
  const channels = useChannels(orgId).data
  if (post.error) {
    return (
      <Alert color="red" title="We couldn’t open this post" icon={<IconAlertTriangle size={18} aria-hidden />}>
        {errorMessage(post.error)} <Anchor href="#/publish">Back to Publish</Anchor>
      </Alert>
    )
  }
  const p = post.data
  if (!p) {
    return (
      <Stack role="status" aria-busy="true" aria-label="Loading the post">
        <Skeleton h={36} w={240} />
        <Skeleton h={200} radius="lg" />
      </Stack>
    )
  }
  const channel = channels?.find((c) => c.id === p.socialAccountId)
  const zone = channel?.schedule.timezone ?? orgZone
  const at = (iso: string) => `${dateTimeLabel(iso, zone)} ${zoneAbbreviation(zone, iso)}`
  const canDecide = can(role, 'posts.approve') && p.status === 'needs_approval'

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Stack gap={6}>
          <Anchor href="#/publish" fz="sm">
            <Group gap={4} component="span">
              <IconArrowLeft size={14} aria-hidden />
              Publish
            </Group>
          </Anchor>
          <Group gap="sm">
            <Title order={1} fz={28} lh={1.2}>
              Post
            </Title>
            <StatusBadge status={p.status} />
          </Group>
        </Stack>
        <Group gap="sm">
          {p.platformUrl && <ViewPostButton url={p.platformUrl} />}
          {EDITABLE.includes(p.status) && (
            <Button
              component="a"
              href={`#/publish/compose/${p.id}`}
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
            >
              Edit
            </Button>
          )}
          {canDecide && <ApprovalButtons orgId={orgId} post={p} />}
        </Group>
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card>
            {channel && (
              <Group gap="sm" mb="md">
                <ChannelAvatar channel={channel} size={36} />
                <Stack gap={0}>
                  <Text fw={600} fz="sm">
                    {channel.displayName}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {PLATFORM_NAMES[channel.platform]} · {channel.username}
                  </Text>
                </Stack>
              </Group>
            )}
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lh={1.6}>
              {p.caption || (
                <Text component="span" c="dimmed" fs="italic">
                  No text yet
                </Text>
              )}
            </Text>
            <PostFollowUps post={p} />
            {p.mediaUrls.length > 0 && (
              <SimpleGrid cols={{ base: 2, sm: 3 }} mt="md" spacing="sm">
                {p.mediaUrls.map((item) => (
                  <MediaThumb key={item.url} orgId={orgId} item={item} />
                ))}
              </SimpleGrid>
            )}
            {p.tags.length > 0 && (
              <Group gap={6} mt="md">
                {p.tags.map((tag) => (
                  <Badge key={tag} variant="light" radius="sm" tt="none" fw={500}>
                    #{tag}
                  </Badge>
                ))}
              </Group>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card>
            <Stack gap="md">
              <Fact label="Channel">
                {channel ? `${channel.displayName} (${PLATFORM_NAMES[channel.platform]})` : 'None chosen yet'}
              </Fact>
              {p.scheduledAt && p.status !== 'published' && <Fact label="Scheduled for">{at(p.scheduledAt)}</Fact>}
              {p.publishedAt && <Fact label="Published">{at(p.publishedAt)}</Fact>}
              {p.job && (
                <Fact label="Publishing">
                  {JOB_WORDS[p.job.status]}
                  {p.job.retryCount > 0 && ` · tried ${p.job.retryCount + 1} times`}
                </Fact>
              )}
              <Fact label="Last edited">
                <RelativeTime iso={p.updatedAt} inherit />
              </Fact>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
      {p.job?.lastError && (
        <Alert
          color={p.status === 'published' ? 'gray' : 'red'}
          title={p.status === 'published' ? 'An earlier attempt failed' : 'Why it did not go out'}
          icon={<IconAlertTriangle size={18} aria-hidden />}
        >
          {p.job.lastError}
        </Alert>
      )}
      <Card component="section" aria-labelledby="post-approvals">
        <Title id="post-approvals" order={2} fz="md" mb="md">
          Approvals
        </Title>
        {p.approvals.length === 0 && !p.approvalData.requestedAt ? (
          <Text fz="sm" c="dimmed">
            This post did not need approval.
          </Text>
        ) : (
          <Timeline bulletSize={24} lineWidth={2}>
            {approvalEvents(p).map((event) => (
              <Timeline.Item
                key={event.key}
                bullet={
                  <ThemeIcon size={24} radius="xl" variant="light" color={event.color}>
                    {event.icon}
                  </ThemeIcon>
                }
                title={event.title}
              >
                {event.comment && <Text fz="sm">“{event.comment}”</Text>}
                <Text fz="xs" c="dimmed">
                  {at(event.time)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Card>
    </Stack>
  )
}

export function PostScreen({ postId }: { postId: string }) {
  const { activeOrg } = useWorkspace()
  if (!activeOrg) return <NoOrganization screen="Publish" />
  return <Post orgId={activeOrg.id} postId={postId} role={activeOrg.role} orgZone={activeOrg.timezone} />
}
