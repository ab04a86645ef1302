/** One comment in the inbox list: who, where, when, the text (matches marked) and what triage says about it. */
import { Badge, Group, Stack, Text } from '@mantine/core'
import { IconSquare, IconSquareCheckFilled } from '@tabler/icons-react'
import type { InboxCommentView } from '../../src-shared/api/comments'
import { RelativeTime } from '../ui/relative-time'
import { isUrgent, SENTIMENT_COLORS, SENTIMENT_WORDS, STATUS_COLORS, STATUS_WORDS } from './comment-words'
import { HighlightedText } from './highlighted-text'
import classes from './inbox.module.css'

interface Props {
  comment: InboxCommentView
  id: string
  position: number
  setSize: number
  active: boolean
  selected: boolean
  opened: boolean
  channelName: string
  assigneeName: string | null
  onOpen: () => void
  onToggle: () => void
}

export function CommentRow(props: Props) {
  const { comment, active, selected, opened } = props
  const sentiment = comment.insights?.sentiment.label
  return (
    <div
      id={props.id}
      role="option"
      aria-selected={selected}
      aria-posinset={props.position}
      aria-setsize={props.setSize}
      aria-current={opened ? 'true' : undefined}
      className={classes.row}
      data-active={active || undefined}
      data-opened={opened || undefined}
      onClick={props.onOpen}
    >
      {/* A picture of a checkbox, not a control: an option holds no controls, and x or a click selects it. */}
      <span
        aria-hidden
        className={classes.check}
        onClick={(event) => {
          event.stopPropagation()
          props.onToggle()
        }}
      >
        {selected ? <IconSquareCheckFilled size={20} /> : <IconSquare size={20} stroke={1.5} />}
      </span>
      <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Text fw={600} fz="sm" truncate>
              {comment.author.name}
            </Text>
            {comment.author.handle && (
              <Text fz="xs" c="dimmed" truncate>
                @{comment.author.handle.replace(/^@/, '')}
              </Text>
            )}
            <Text fz="xs" c="dimmed" truncate>
              · {props.channelName}
            </Text>
          </Group>
          <RelativeTime iso={comment.timestamp} style={{ flexShrink: 0 }} />
        </Group>
        <Text fz="sm" lineClamp={2} className={classes.text}>
          <HighlightedText pieces={comment.pieces} />
        </Text>
        <Group gap={4} wrap="nowrap" className={classes.badges}>
          <Badge size="xs" variant="light" color={STATUS_COLORS[comment.status]}>
            {STATUS_WORDS[comment.status]}
          </Badge>
          {isUrgent(comment) && (
            <Badge size="xs" variant="filled" color="red">
              Urgent
            </Badge>
          )}
          {comment.insights?.question && (
            <Badge size="xs" variant="light" color="indigo">
              Question
            </Badge>
          )}
          {sentiment && sentiment !== 'unknown' && sentiment !== 'neutral' && (
            <Badge size="xs" variant="dot" color={SENTIMENT_COLORS[sentiment]}>
              {SENTIMENT_WORDS[sentiment]}
            </Badge>
          )}
          {props.assigneeName && (
            <Badge size="xs" variant="default">
              {props.assigneeName}
            </Badge>
          )}
          {comment.tags.map((tag) => (
            <Badge key={tag} size="xs" variant="light" color="gray">
              #{tag}
            </Badge>
          ))}
        </Group>
      </Stack>
    </div>
  )
}
