/** Who triaged the comment and how, newest first, in the activity log's sentences. */
import { Group, List, Text, Title } from '@mantine/core'
import type { AuditEntry } from '../../src-shared/entities/models'
import { activitySentence } from '../../src-shared/entities/activity-words'
import { RelativeTime } from '../ui/relative-time'

export function AuditTrail({ entries, me }: { entries: AuditEntry[]; me: string }) {
  return (
    <section aria-label="History">
      <Title order={3} fz="sm" fw={600} mb={6}>
        History
      </Title>
      {entries.length === 0 ? (
        <Text fz="xs" c="dimmed">
          Nobody has triaged it yet.
        </Text>
      ) : (
        <List spacing={4} size="xs" listStyleType="none">
          {entries.map((entry) => (
            <List.Item key={entry.id}>
              <Group gap={6} wrap="nowrap">
                <Text fz="xs">{activitySentence(entry, me)}</Text>
                <RelativeTime iso={entry.timestamp} />
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </section>
  )
}
