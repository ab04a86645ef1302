/** One draft in the list: its caption, tags and when it last changed. */
import { Badge, Card, Group, Text } from '@mantine/core'
import type { Post } from '../../src-shared/entities/models'
import { RelativeTime } from '../ui/relative-time'

export function DraftCard({ post }: { post: Post }) {
  const empty = post.caption.trim() === ''
  return (
    <Card component="article" padding="lg" aria-label={`Draft: ${empty ? 'no caption' : post.caption.slice(0, 60)}`}>
      <Text
        fz="sm"
        lh={1.6}
        lineClamp={5}
        c={empty ? 'dimmed' : undefined}
        fs={empty ? 'italic' : undefined}
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
      >
        {empty ? 'No caption yet' : post.caption}
      </Text>
      {post.tags.length > 0 && (
        <Group gap={6} mt="sm">
          {post.tags.map((tag) => (
            <Badge key={tag} variant="light" color="brand" radius="sm" tt="none" fw={500}>
              #{tag}
            </Badge>
          ))}
        </Group>
      )}
      <Card.Section withBorder inheritPadding py={10} mt="md" bg="var(--app-surface)">
        <Group justify="space-between" gap="sm">
          <Group gap="xs">
            <Badge variant="default" radius="sm" tt="none" fw={500}>
              Draft
            </Badge>
            <Text fz="xs" c="dimmed">
              No channel or time yet
            </Text>
          </Group>
          <Text fz="xs" c="dimmed">
            Edited <RelativeTime iso={post.updatedAt} inherit />
          </Text>
        </Group>
      </Card.Section>
    </Card>
  )
}
