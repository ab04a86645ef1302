/**
 * The Queue: what goes out next, soonest first, grouped by day in each channel's time zone. With one channel
 * chosen, drag a post (or focus its handle and use the arrow keys) to change the order it takes the slots in.
 */
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core'
import {
  SortableContext,
  arrayMove,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { ActionIcon, Button, Group, Menu, Select, Skeleton, Stack, Text, Title } from '@mantine/core'
import {
  IconArrowBackUp,
  IconBolt,
  IconCalendarTime,
  IconDots,
  IconGripVertical,
  IconPencil,
  IconPencilPlus,
  IconTrash,
} from '@tabler/icons-react'
import { Fragment, useMemo, useState, type ReactNode } from 'react'
import type { Channel, Post } from '../../src-shared/entities/models'
import { EmptyPanel } from '../ui/empty-panel'
import { notifySuccess } from '../ui/errors'
import { channelLabel } from './channel-avatar'
import { ConfirmDelete } from './confirm-delete'
import { PostCard } from './post-card'
import { usePostList, useReorderQueue, useSchedulePost, useUnschedulePost } from './queries'
import { dayLabel, timeLabel, zoned } from './time'

interface Props {
  orgId: string
  orgZone: string
  channels: Channel[]
  canPublish: boolean
  /** Whether this person may unschedule or delete the post (a contributor: only their own). */
  mayRemove: (post: Post) => boolean
}

interface ActionProps {
  orgId: string
  post: Post
  canPublish: boolean
  mayRemove: boolean
  onDelete: (post: Post) => void
}

export function PostActions({ orgId, post, canPublish, mayRemove, onDelete }: ActionProps) {
  const schedule = useSchedulePost(orgId)
  const unschedule = useUnschedulePost(orgId)
  // On its way out: nothing here can change it any more.
  if (post.status === 'publishing') return null
  return (
    <>
      <Button
        component="a"
        href={`#/publish/compose/${post.id}`}
        size="compact-sm"
        variant="subtle"
        leftSection={<IconPencil size={14} aria-hidden />}
      >
        Edit
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label="More actions for this post">
            <IconDots size={16} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={<IconBolt size={16} aria-hidden />}
            onClick={() =>
              schedule.mutate(
                { postId: post.id, when: { kind: 'now' } },
                { onSuccess: () => notifySuccess(canPublish ? 'Publishing now' : 'Sent for approval') },
              )
            }
          >
            {canPublish ? 'Share now' : 'Ask to share now'}
          </Menu.Item>
          {mayRemove && (
            <>
              <Menu.Item
                leftSection={<IconArrowBackUp size={16} aria-hidden />}
                onClick={() => unschedule.mutate(post.id, { onSuccess: () => notifySuccess('Moved back to Drafts') })}
              >
                Unschedule
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => onDelete(post)}>
                Delete…
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
    </>
  )
}

function SortableRow(props: { id: string; disabled: boolean; children: (handle: ReactNode) => ReactNode }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: props.id,
    disabled: props.disabled,
  })
  const handle = props.disabled ? null : (
    <ActionIcon
      ref={setActivatorNodeRef}
      variant="subtle"
      color="gray"
      aria-label="Drag to reorder"
      style={{ cursor: 'grab', touchAction: 'none' }}
      {...attributes}
      {...listeners}
    >
      <IconGripVertical size={16} aria-hidden />
    </ActionIcon>
  )
  return (
    <div
      ref={setNodeRef}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        opacity: isDragging ? 0.7 : 1,
        zIndex: isDragging ? 2 : undefined,
        position: 'relative',
      }}
    >
      {props.children(handle)}
    </div>
  )
}

/** The posts that hold a slot in their channel's queue: only these trade times when the order changes. */
const reorderable = (post: Post | undefined) =>
  post !== undefined && post.scheduledAt !== null && (post.status === 'scheduled' || post.status === 'needs_approval')

export function QueuePanel({ orgId, orgZone, channels, canPublish, mayRemove }: Props) {
  const [channelId, setChannelId] = useState<string | null>(null)
  const [deleting, setDeleting] = useState<Post | null>(null)
  const [order, setOrder] = useState<string[] | null>(null)
  const list = usePostList(orgId, {
    statuses: ['scheduled', 'needs_approval', 'publishing'],
    order: 'schedule',
    limit: 500,
    ...(channelId ? { channelId } : {}),
  })
  const reorder = useReorderQueue(orgId)
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )
  const byId = useMemo(() => new Map(channels.map((c) => [c.id, c])), [channels])
  const posts = useMemo(() => {
    const data = list.data ?? []
    if (!order) return data
    const index = new Map(order.map((id, i) => [id, i]))
    return [...data].sort((a, b) => (index.get(a.id) ?? 1e9) - (index.get(b.id) ?? 1e9))
  }, [list.data, order])
  const canReorder = channelId !== null && canPublish && posts.length > 1

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id || !channelId) return
    const ids = posts.map((p) => p.id)
    const next = arrayMove(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id)))
    setOrder(next)
    reorder.mutate(
      { channelId, postIds: next.filter((id) => reorderable(posts.find((p) => p.id === id))) },
      { onSettled: () => setOrder(null) },
    )
  }

  const filter = (
    <Group justify="space-between" align="flex-end" mb="md" gap="sm">
      <Select
        label="Channel"
        w={280}
        data={[{ value: '', label: 'All channels' }, ...channels.map((c) => ({ value: c.id, label: channelLabel(c) }))]}
        value={channelId ?? ''}
        onChange={(value) => setChannelId(value || null)}
        allowDeselect={false}
        comboboxProps={{ keepMounted: false }}
      />
      <Text fz="xs" c="dimmed" maw={360} ta="right" mb={10}>
        {channelId
          ? canReorder
            ? 'Drag posts (or focus a handle and use the arrow keys) to change the order they take the slots in.'
            : ''
          : 'Choose one channel to reorder its queue.'}
      </Text>
    </Group>
  )

  if (!list.data) {
    return (
      <>
        {filter}
        <Stack gap="sm" role="status" aria-busy="true" aria-label="Loading the queue">
          {[0, 1, 2].map((row) => (
            <Skeleton key={row} h={120} radius="lg" />
          ))}
        </Stack>
      </>
    )
  }
  if (posts.length === 0) {
    const channel = channelId ? byId.get(channelId) : undefined
    return (
      <>
        {filter}
        <EmptyPanel
          icon={<IconCalendarTime size={30} stroke={1.5} />}
          title={channel ? `Nothing queued for ${channel.displayName}` : 'Your queue is empty'}
          description="Posts you add to the queue take each channel’s next free posting slot. Set the slots — the days and times you like to post — in the channel’s schedule."
          actions={
            <>
              <Button component="a" href="#/publish/compose" leftSection={<IconPencilPlus size={18} aria-hidden />}>
                Create a post
              </Button>
              <Button component="a" href="#/channels" variant="default">
                Edit posting schedules
              </Button>
            </>
          }
        />
      </>
    )
  }

  const rows = posts.map((post, index) => {
    const channel = post.socialAccountId ? byId.get(post.socialAccountId) : undefined
    const at = post.scheduledAt ? zoned(post.scheduledAt, channel?.schedule.timezone ?? orgZone) : null
    return { post, channel, at, day: at ? dayLabel(at) : 'Not scheduled yet', index }
  })
  return (
    <>
      {filter}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={posts.map((p) => p.id)} strategy={verticalListSortingStrategy}>
          <Stack gap="sm" component="section" aria-label="Queue">
            {rows.map(({ post, channel, at, day, index }) => {
              const heading = index === 0 || rows[index - 1]!.day !== day
              return (
                <Fragment key={post.id}>
                  {heading && (
                    <Title order={2} fz="sm" fw={600} c="dimmed" mt="sm" tt="uppercase" lts={0.4}>
                      {day}
                    </Title>
                  )}
                  <SortableRow id={post.id} disabled={!canReorder || !reorderable(post)}>
                    {(handle) => (
                      <PostCard
                        post={post}
                        channel={channel}
                        handle={handle}
                        when={at ? timeLabel(at) : undefined}
                        actions={
                          <PostActions
                            orgId={orgId}
                            post={post}
                            canPublish={canPublish}
                            mayRemove={mayRemove(post)}
                            onDelete={setDeleting}
                          />
                        }
                      />
                    )}
                  </SortableRow>
                </Fragment>
              )
            })}
          </Stack>
        </SortableContext>
      </DndContext>
      <ConfirmDelete orgId={orgId} post={deleting} onClose={() => setDeleting(null)} />
    </>
  )
}
