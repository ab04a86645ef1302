/** The team's replies to a comment, each with where it is: waiting, sent (with a link), failed (why, and Retry). */
import { Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core'
import type { Reply } from '../../src-shared/api/replies'
import type { ReplyStatus } from '../../src-shared/entities/enums'
import { RelativeTime } from '../ui/relative-time'
import { PlaceLink } from './place-link'

const WORDS: Record<ReplyStatus, { label: string; color: string }> = {
  needs_approval: { label: 'Waiting for approval', color: 'orange' },
  waiting: { label: 'Waiting to send', color: 'gray' },
  sending: { label: 'Sending', color: 'blue' },
  sent: { label: 'Sent', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
}

export function ReplyList({ replies, onRetry }: { replies: Reply[]; onRetry: (replyId: string) => void }) {
  if (replies.length === 0) return null
  return (
    <Stack gap="xs" component="section" aria-label="Replies">
      {replies.map((reply) => (
        <Paper key={reply.id} withBorder p="sm" radius="md" ml="xl">
          <Group justify="space-between" gap="xs" mb={4}>
            <Group gap={6}>
              <Text fz="sm" fw={600}>
                {reply.authorName}
              </Text>
              <Badge size="xs" variant="light" color={WORDS[reply.status].color}>
                {WORDS[reply.status].label}
              </Badge>
            </Group>
            <RelativeTime iso={reply.sentAt ?? reply.timestamp} />
          </Group>
          <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {reply.text}
          </Text>
          {reply.status === 'sent' && reply.url && (
            <PlaceLink url={reply.url}>See the reply where it was posted</PlaceLink>
          )}
          {reply.status === 'failed' && (
            <Alert color="red" variant="light" mt="xs" p="xs" title="It didn’t go out">
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Text fz="sm">{reply.error ?? 'The platform did not take it.'}</Text>
                <Button size="xs" variant="light" color="red" onClick={() => onRetry(reply.id)}>
                  Retry
                </Button>
              </Group>
            </Alert>
          )}
        </Paper>
      ))}
    </Stack>
  )
}
