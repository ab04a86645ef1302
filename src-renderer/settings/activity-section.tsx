/**
 * Recent activity in the organization, from its audit log: who did what,
 * and when. Every change the app makes writes an entry.
 */
import { Skeleton, Text, Timeline } from '@mantine/core'
import { IconBuilding, IconPencil, IconPoint } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import type { AuditEntry } from '../../src-shared/entities/models'
import { keys } from '../app/queries'
import { useWorkspace } from '../app/workspace'
import { call } from '../platform/api'
import { RelativeTime } from '../ui/relative-time'
import { SettingsSection } from './settings-section'

/** "2 channels" for a post written for several at once. */
function channels(entry: AuditEntry): string {
  const n = (entry.meta as { channelIds?: unknown[] }).channelIds?.length ?? 1
  return n === 1 ? 'one channel' : `${n} channels`
}

function describe(entry: AuditEntry): string {
  const meta = entry.meta as { name?: string; from?: string; to?: string }
  switch (entry.action) {
    case 'organization.created':
      return meta.name ? `created the organization “${meta.name}”` : 'created the organization'
    case 'organization.renamed':
      return meta.from && meta.to
        ? `renamed the organization from “${meta.from}” to “${meta.to}”`
        : 'renamed the organization'
    case 'post.drafted':
      return 'wrote a draft'
    case 'post_group.scheduled':
      return `scheduled a post for ${channels(entry)}`
    case 'post_group.approval_requested':
      return `asked to publish a post on ${channels(entry)}`
    case 'post_group.saved':
      return `saved changes to a post for ${channels(entry)}`
    default:
      return entry.action.replaceAll('.', ' ').replaceAll('_', ' ')
  }
}

const icon = (action: string) =>
  action.startsWith('post.') || action.startsWith('post_group.') ? (
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
              <Text fz="sm">
                <Text span inherit fw={600}>
                  {entry.userId === profile.id ? 'You' : 'A teammate'}
                </Text>{' '}
                {describe(entry)}
              </Text>
              <RelativeTime iso={entry.timestamp} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </SettingsSection>
  )
}
