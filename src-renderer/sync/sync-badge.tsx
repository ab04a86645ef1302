/**
 * One organization's sync state as a badge: icon, words and, when some
 * changes have not reached the server yet, how many. Used in the top bar
 * (rendered as a link to Settings) and in Settings → Sync.
 */
import { Badge, type BadgeProps } from '@mantine/core'
import type { ReactNode, Ref } from 'react'
import type { OrgSyncStatus } from '../../src-shared/entities/sync-status'
import classes from './sync.module.css'
import { pendingLabel, showsPending, SYNC_LOOKS, syncLabel } from './sync-state'

type Props = BadgeProps & {
  status: OrgSyncStatus
  ref?: Ref<HTMLDivElement>
  renderRoot?: (props: Record<string, unknown>) => ReactNode
}

export function SyncBadge({ status, ...props }: Props) {
  const { color, icon: Icon } = SYNC_LOOKS[status.state]
  return (
    <Badge
      variant="light"
      color={color}
      size="lg"
      radius="sm"
      tt="none"
      fw={600}
      maw={440}
      leftSection={<Icon size={14} aria-hidden className={status.state === 'syncing' ? classes.spinning : undefined} />}
      {...props}
    >
      {syncLabel(status)}
      {showsPending(status) && ` · ${pendingLabel(status.pending)}`}
    </Badge>
  )
}
