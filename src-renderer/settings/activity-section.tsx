/**
 * Recent activity in the organization, from its audit log: who did what,
 * and when, in the sentences of activity-words.ts. Every change the app makes writes an entry.
 */
import { Skeleton, Text, Timeline } from '@mantine/core'
import { IconBuilding, IconPencil, IconPoint } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { keys } from '../app/queries'
import { useWorkspace } from '../app/workspace'
import { call } from '../platform/api'
import { RelativeTime } from '../ui/relative-time'
import { activitySentence } from '../../src-shared/entities/activity-words'
import { SettingsSection } from './settings-section'

const icon = (action: string) =>
  action.startsWith('post') || action.startsWith('idea.') || action.startsWith('queue.') ? (
    <IconPencil size={12} />
  ) : action.startsWith('organization.') ? (
    <IconBuilding size={12} />
  ) : (
    <IconPoint size={12} />
  )

export function ActivitySection({ orgId }: { orgId: string }) {
  const { profile } = useWorkspace()
  const log = useQuery({
    queryKey: [...keys.audit(orgId), 20],
    queryFn: () => call('listAuditLog', { orgId, limit: 20 }),
  })
  return (
    <SettingsSection
      id="settings-activity"
      title="Recent activity"
      description="The latest changes in this organization."
    >
      {!log.data ? (
        <Skeleton h={80} radius="md" />
      ) : log.data.length === 0 ? (
        <Text fz="sm" c="dimmed">
          Nothing has happened here yet.
        </Text>
      ) : (
        <Timeline bulletSize={22} lineWidth={2} active={-1}>
          {log.data.map((entry) => (
            <Timeline.Item key={entry.id} bullet={icon(entry.action)}>
              <Text fz="sm">{activitySentence(entry, profile.id)}</Text>
              <RelativeTime iso={entry.timestamp} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </SettingsSection>
  )
}
