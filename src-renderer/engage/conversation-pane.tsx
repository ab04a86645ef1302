/**
 * The opened comment in its conversation: our post it answers, the thread around it (what it answers above,
 * answers to it below), the team's replies with their status, the reply box and who triaged it.
 */
import { Badge, Center, Divider, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core'
import { forwardRef } from 'react'
import type { InboxCommentView } from '../../src-shared/api/comments'
import type { SavedReply } from '../../src-shared/api/replies'
import type { Organization } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { RelativeTime } from '../ui/relative-time'
import { AuditTrail } from './audit-trail'
import { STATUS_COLORS, STATUS_WORDS } from './comment-words'
import { useConversation, useRetryReply } from './engage-queries'
import { HighlightedText } from './highlighted-text'
import classes from './inbox.module.css'
import { PlaceLink } from './place-link'
import { ReplyBox } from './reply-box'
import { ReplyList } from './reply-list'

interface Props {
  org: Organization
  me: string
  commentId: string | null
  channelName: (id: string) => string
  memberName: (id: string | null) => string | null
  savedReplies: SavedReply[] | null
}

function ThreadComment({ comment, channel }: { comment: InboxCommentView; channel: string }) {
  return (
    <Paper p="xs" radius="md" bg="var(--mantine-color-default-hover)">
      <Group justify="space-between" gap={6}>
        <Text fz="xs" fw={600}>
          {comment.author.name}{' '}
          <Text span fz="xs" c="dimmed" fw={400}>
            on {channel}
          </Text>
        </Text>
        <RelativeTime iso={comment.timestamp} />
      </Group>
      <Text fz="sm">{comment.text}</Text>
    </Paper>
  )
}

export const ConversationPane = forwardRef<HTMLTextAreaElement, Props>(function ConversationPane(props, replyRef) {
  const { org, commentId } = props
  const conversation = useConversation(org.id, commentId)
  const retry = useRetryReply(org.id)
  if (!commentId) {
    return (
      <section className={classes.pane} aria-label="Conversation">
        <Center h="100%">
          <Text c="dimmed" fz="sm" ta="center" maw={320}>
            Open a comment (Enter) to see its conversation and reply. Press ? for every shortcut.
          </Text>
        </Center>
      </section>
    )
  }
  const data = conversation.data
  if (!data) {
    return (
      <section className={classes.pane} aria-label="Conversation">
        <Center h="100%">
          <Loader size="sm" aria-label="Loading the conversation" />
        </Center>
      </section>
    )
  }
  const { comment } = data
  const channel = props.channelName(comment.socialAccountId)
  const before = data.thread.filter((c) => c.timestamp <= comment.timestamp)
  const after = data.thread.filter((c) => c.timestamp > comment.timestamp)
  const assignee = props.memberName(comment.assignedTo)
  return (
    <section className={classes.pane} aria-label="Conversation">
      <Stack gap="sm">
        {data.post && (
          <Paper withBorder p="sm" radius="md">
            <Text fz="xs" c="dimmed" mb={4}>
              Your post on {channel}
              {data.post.publishedAt && (
                <>
                  {' · '}
                  <RelativeTime iso={data.post.publishedAt} display="inline" />
                </>
              )}
            </Text>
            <Text fz="sm" lineClamp={4}>
              {data.post.caption}
            </Text>
            {data.post.url && <PlaceLink url={data.post.url}>Open the post</PlaceLink>}
          </Paper>
        )}
        {before.map((c) => (
          <ThreadComment key={c.id} comment={c} channel={props.channelName(c.socialAccountId)} />
        ))}
        <Paper withBorder p="sm" radius="md" shadow="xs">
          <Group justify="space-between" gap="xs" mb={4}>
            <Title order={2} fz="md" fw={600}>
              {comment.author.name}
              {comment.author.handle && (
                <Text span fz="sm" c="dimmed" fw={400} ml={6}>
                  @{comment.author.handle.replace(/^@/, '')}
                </Text>
              )}
            </Title>
            <RelativeTime iso={comment.timestamp} />
          </Group>
          <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <HighlightedText pieces={comment.pieces} />
          </Text>
          <Group gap={6} mt="xs">
            <Badge size="sm" variant="light" color={STATUS_COLORS[comment.status]}>
              {STATUS_WORDS[comment.status]}
              {comment.status === 'snoozed' && comment.snoozedUntil && ' until '}
              {comment.status === 'snoozed' && comment.snoozedUntil && (
                <RelativeTime iso={comment.snoozedUntil} display="inline" fz="inherit" c="inherit" />
              )}
            </Badge>
            <Text fz="xs" c="dimmed">
              {assignee ? `Assigned to ${assignee}` : 'Not assigned'}
            </Text>
            {comment.url && <PlaceLink url={comment.url}>Open on {channel}</PlaceLink>}
          </Group>
        </Paper>
        {after.map((c) => (
          <ThreadComment key={c.id} comment={c} channel={props.channelName(c.socialAccountId)} />
        ))}
        <ReplyList replies={data.replies} onRetry={(replyId) => retry.mutate(replyId)} />
        <ReplyBox
          key={comment.id}
          ref={replyRef}
          orgId={org.id}
          savedReplies={props.savedReplies}
          disabledReason={
            can(org.role, 'comments.reply') ? null : `As a ${org.role} you can read the inbox but not reply.`
          }
          context={{
            comment,
            channelName: channel,
            postLink: data.post?.url ?? comment.postLink,
            assigneeName: assignee,
            timeZone: org.timezone,
          }}
        />
        <Divider />
        <AuditTrail entries={data.audit} me={props.me} />
      </Stack>
    </section>
  )
})
