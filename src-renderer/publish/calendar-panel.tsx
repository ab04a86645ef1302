/**
 * The Calendar: a week (by hour) or a month of posts, in the organization's time zone. Drag a scheduled post to
 * another day — or, in the week, another hour — to reschedule it; it keeps its minutes (and, in the month, its time
 * of day). Clicking a post opens it; clicking an empty spot of a future hour (or day, at 9:00) opens the composer
 * for that time.
 */
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core'
import { ActionIcon, Box, Button, Group, SegmentedControl, Skeleton, Text, Title, UnstyledButton } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react'
import { DateTime } from 'luxon'
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useLocation } from 'wouter'
import type { Channel, Post } from '../../src-shared/entities/models'
import { notifySuccess } from '../ui/errors'
import { PlatformIcon } from './channel-avatar'
import { FirstThumb } from './post-thumbs'
import { usePostList, useSchedulePost } from './queries'
import { STATUS } from './status'
import { formatDate, formatTime, zoneAbbreviation, zoneName } from '../../src-shared/time-format'
import { pickedTime, timeLabel, whenLabel } from './time'
import classes from './calendar.module.css'

type View = 'week' | 'month'
const MOVABLE: Post['status'][] = ['scheduled', 'needs_approval']

interface ChipProps {
  post: Post
  channel: Channel | undefined
  zone: string
  /** Week cells are narrow: time and text on two lines. */
  stacked: boolean
}

function PostChip({ post, channel, zone, stacked }: ChipProps) {
  const [, navigate] = useLocation()
  const movable = MOVABLE.includes(post.status)
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: post.id,
    disabled: !movable,
  })
  const at = DateTime.fromISO(post.scheduledAt ?? post.publishedAt ?? '', { zone })
  const text = post.caption.trim() || 'No text yet'
  const media = post.mediaUrls.length
  const attached = media === 0 ? '' : media === 1 ? ', 1 attachment' : `, ${media} attachments`
  return (
    <UnstyledButton
      ref={setNodeRef}
      className={classes.chip}
      data-status={post.status}
      data-stacked={stacked || undefined}
      data-dragging={isDragging || undefined}
      style={transform ? { transform: `translate(${transform.x}px, ${transform.y}px)` } : undefined}
      {...attributes}
      {...listeners}
      aria-roledescription={movable ? 'draggable post' : undefined}
      aria-label={`${at.isValid ? timeLabel(at) : ''} ${channel?.displayName ?? ''}: ${text.slice(0, 60)}${attached} (${STATUS[post.status].label})`}
      onClick={() => navigate(`/publish/post/${post.id}`)}
    >
      {channel && <PlatformIcon platform={channel.platform} size={12} />}
      <span className={classes.chipTime}>{at.isValid ? timeLabel(at) : ''}</span>
      <FirstThumb orgId={post.orgId} media={post.mediaUrls} size={18} className={classes.chipThumb} />
      <span className={classes.chipText}>{text}</span>
    </UnstyledButton>
  )
}

interface CellProps {
  id: string
  children?: ReactNode
  label: string
  className?: string
  today?: boolean
  /** When the cell's time starts: a future one opens the composer for that time. */
  slot?: DateTime
}

function Cell({ id, children, label, className, today, slot }: CellProps) {
  const { setNodeRef, isOver } = useDroppable({ id })
  const at = slot && slot > DateTime.now() ? slot.toUTC().toISO() : null
  return (
    <div
      ref={setNodeRef}
      className={className}
      data-over={isOver || undefined}
      data-today={today || undefined}
      data-open={at ? true : undefined}
      aria-label={label}
      role="group"
      onClick={(event) => {
        // The query belongs in the hash (the router's navigate would put it in the page's own address).
        if (at && event.target === event.currentTarget) window.location.hash = `#/publish/compose?at=${at}`
      }}
    >
      {children}
    </div>
  )
}

interface Props {
  orgId: string
  orgZone: string
  channels: Channel[]
}

export function CalendarPanel({ orgId, orgZone, channels }: Props) {
  const zone = orgZone
  const [view, setView] = useState<View>('week')
  const [anchor, setAnchor] = useState(() => DateTime.now().setZone(zone).startOf('day'))
  const byId = useMemo(() => new Map(channels.map((c) => [c.id, c])), [channels])
  const start = view === 'week' ? anchor.startOf('week') : anchor.startOf('month').startOf('week')
  const end = view === 'week' ? start.plus({ weeks: 1 }) : anchor.endOf('month').endOf('week').plus({ milliseconds: 1 })
  const list = usePostList(orgId, {
    statuses: ['scheduled', 'needs_approval', 'publishing', 'published', 'failed', 'needs_attention'],
    from: start.toUTC().toISO()!,
    to: end.toUTC().toISO()!,
    order: 'schedule',
    limit: 1000,
  })
  const schedule = useSchedulePost(orgId)
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor),
  )

  const posts = list.data ?? []
  const weekRef = useRef<HTMLDivElement>(null)
  const loaded = list.data !== undefined
  // The week opens at 07:00 rather than midnight: the hours people post in are in view.
  useEffect(() => {
    const hour = weekRef.current?.querySelector<HTMLElement>('[data-hour="7"]')
    if (weekRef.current && hour) weekRef.current.scrollTop = hour.offsetTop - 44
  }, [view, loaded])
  const timeOf = (post: Post) => DateTime.fromISO(post.scheduledAt ?? post.publishedAt ?? '', { zone })
  const today = DateTime.now().setZone(zone).startOf('day')

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over) return
    const post = posts.find((p) => p.id === active.id)
    if (!post) return
    const from = timeOf(post)
    const [date, hour] = String(over.id).split('|')
    const wall = `${date}T${String(hour ?? from.hour).padStart(2, '0')}:${String(from.minute).padStart(2, '0')}`
    const picked = pickedTime(wall, zone)
    if (!picked.at) {
      notifications.show({ color: 'red', title: 'That time does not exist', message: picked.problem })
      return
    }
    const target = DateTime.fromISO(picked.at)
    if (target.toMillis() === from.toMillis()) return
    if (target <= DateTime.now()) {
      notifications.show({
        color: 'red',
        title: 'That time has passed',
        message: 'Drop the post on a later day or hour.',
      })
      return
    }
    const at = picked.at
    schedule.mutate(
      { postId: post.id, when: { kind: 'at', at } },
      { onSuccess: () => notifySuccess(`Moved to ${whenLabel(at, zone)}`) },
    )
  }

  const title =
    view === 'week'
      ? `${formatDate(start, { day: 'numeric', month: 'short' })} – ${formatDate(start.plus({ days: 6 }), {
          day: 'numeric',
          month: 'short',
          year: 'numeric',
        })}`
      : formatDate(anchor, { month: 'long', year: 'numeric' })
  const days = Array.from({ length: Math.round(end.diff(start, 'days').days) }, (_, i) => start.plus({ days: i }))
  const chips = (items: Post[]) =>
    items.map((post) => (
      <PostChip
        key={post.id}
        post={post}
        channel={post.socialAccountId ? byId.get(post.socialAccountId) : undefined}
        zone={zone}
        stacked={view === 'week'}
      />
    ))
  const postsAt = (day: DateTime, hour?: number) =>
    posts.filter((p) => {
      const t = timeOf(p)
      return t.hasSame(day, 'day') && (hour === undefined || t.hour === hour)
    })

  return (
    <Box>
      <Group justify="space-between" mb="md" gap="sm">
        <Group gap="xs">
          <Button variant="default" size="sm" onClick={() => setAnchor(today)}>
            Today
          </Button>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={view === 'week' ? 'Previous week' : 'Previous month'}
            onClick={() => setAnchor((a) => a.minus(view === 'week' ? { weeks: 1 } : { months: 1 }))}
          >
            <IconChevronLeft size={18} aria-hidden />
          </ActionIcon>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={view === 'week' ? 'Next week' : 'Next month'}
            onClick={() => setAnchor((a) => a.plus(view === 'week' ? { weeks: 1 } : { months: 1 }))}
          >
            <IconChevronRight size={18} aria-hidden />
          </ActionIcon>
          <Title order={2} fz="lg" ml="xs" aria-live="polite">
            {title}
          </Title>
        </Group>
        <Group gap="sm">
          <Text fz="xs" c="dimmed">
            Times in {zoneName(zone)}
            {zoneAbbreviation(zone) !== zone && ` (${zoneAbbreviation(zone)})`}
          </Text>
          <SegmentedControl
            aria-label="Calendar view"
            value={view}
            onChange={(value) => setView(value as View)}
            data={[
              { value: 'week', label: 'Week' },
              { value: 'month', label: 'Month' },
            ]}
          />
        </Group>
      </Group>
      {!list.data ? (
        <Skeleton h={480} radius="lg" aria-label="Loading the calendar" />
      ) : (
        <DndContext sensors={sensors} onDragEnd={onDragEnd}>
          {view === 'week' ? (
            <div className={classes.week} ref={weekRef}>
              <div className={classes.corner} />
              {days.map((day) => (
                <div
                  key={day.toISODate()}
                  className={classes.dayHead}
                  data-today={day.hasSame(today, 'day') || undefined}
                >
                  {formatDate(day, { weekday: 'short', day: 'numeric' })}
                </div>
              ))}
              {Array.from({ length: 24 }, (_, hour) => (
                <WeekRow key={hour} hour={hour} days={days} postsAt={postsAt} chips={chips} />
              ))}
            </div>
          ) : (
            <div className={classes.month}>
              {days.slice(0, 7).map((day) => (
                <div key={day.weekday} className={classes.dayHead}>
                  {formatDate(day, { weekday: 'short' })}
                </div>
              ))}
              {days.map((day) => {
                const items = postsAt(day)
                const label = formatDate(day, DateTime.DATE_HUGE)
                return (
                  <Cell
                    key={day.toISODate()}
                    id={day.toISODate()!}
                    label={label}
                    className={classes.monthCell}
                    slot={day.set({ hour: 9 })}
                  >
                    <span
                      className={classes.dayNumber}
                      data-today={day.hasSame(today, 'day') || undefined}
                      data-outside={!day.hasSame(anchor, 'month') || undefined}
                    >
                      {day.day}
                    </span>
                    {chips(items.slice(0, 4))}
                    {items.length > 4 && (
                      <Text fz="xs" c="dimmed">
                        +{items.length - 4} more
                      </Text>
                    )}
                  </Cell>
                )
              })}
            </div>
          )}
        </DndContext>
      )}
    </Box>
  )
}

function WeekRow({
  hour,
  days,
  postsAt,
  chips,
}: {
  hour: number
  days: DateTime[]
  postsAt: (day: DateTime, hour?: number) => Post[]
  chips: (items: Post[]) => ReactNode
}) {
  const label = formatTime(DateTime.fromObject({ hour }))
  return (
    <>
      <div className={classes.hour} data-hour={hour}>
        {label}
      </div>
      {days.map((day) => (
        <Cell
          key={`${day.toISODate()}|${hour}`}
          id={`${day.toISODate()}|${hour}`}
          label={`${formatDate(day, DateTime.DATE_MED_WITH_WEEKDAY)}, ${label}`}
          className={classes.hourCell}
          today={day.hasSame(DateTime.now().setZone(day.zone), 'day')}
          slot={day.set({ hour })}
        >
          {chips(postsAt(day, hour))}
        </Cell>
      ))}
    </>
  )
}
