/**
 * One organization's sync state (or that of the person's own data) as a
 * badge: icon, words and, when some changes have not reached the server
 * yet, how many. Used in the top bar (rendered as a link to Settings) and in
 * Settings → Sync.
 */
import { Badge, Box, type BadgeProps } from '@mantine/core'
import type { ReactNode, Ref } from 'react'
import type { OwnDataSyncStatus } from '../../src-shared/entities/sync-status'
import classes from './sync.module.css'
import { pendingLabel, shortSyncLabel, showsPending, SYNC_LOOKS, syncLabel } from './sync-state'

type Props = BadgeProps & {
  status: OwnDataSyncStatus
  /** Shorten long states ("Offline") below the md breakpoint, as the top bar needs. */
  compact?: boolean
  ref?: Ref<HTMLDivElement>
  renderRoot?: (props: Record<string, unknown>) => ReactNode
}

export function SyncBadge({ status, compact = false, ...props }: Props) {
  const { color, icon: Icon } = SYNC_LOOKS[status.state]
  const label = syncLabel(status)
  const short = compact ? shortSyncLabel(status) : label
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
      {short === label ? (
        label
      ) : (
        // Only one of the two is displayed (and so read by screen readers) at a time.
        <>
          <Box component="span" visibleFrom="md">
            {label}
          </Box>
          <Box component="span" hiddenFrom="md">
            {short}
          </Box>
        </>
      )}
      {showsPending(status) && ` · ${pendingLabel(status.pending)}`}
    </Badge>
  )
}
