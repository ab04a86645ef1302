/**
 * The always-visible sync state of the active organization, in the top bar.
 * A polite live region, so a change (offline, signed out, an error) is
 * announced; a round that finishes within a moment is not shown as
 * "Syncing…" at all, so the badge and screen readers do not flicker every
 * 30 seconds. It links to Settings, where sync is managed.
 */
import { Box, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { Link } from 'wouter'
import type { OrgSyncStatus } from '../../src-shared/entities/sync-status'
import { useOrgSyncStatus } from './queries'
import { SyncBadge } from './sync-badge'
import { syncDetail } from './sync-state'

const SHOW_SYNCING_AFTER_MS = 600

function useSteadyStatus(status: OrgSyncStatus | undefined): OrgSyncStatus | undefined {
  const [settled] = useDebouncedValue(status, SHOW_SYNCING_AFTER_MS)
  if (status?.state === 'syncing' && settled && settled.state !== 'syncing') {
    return { ...settled, pending: status.pending }
  }
  return status
}

export function SyncIndicator({ orgId }: { orgId: string }) {
  const status = useSteadyStatus(useOrgSyncStatus(orgId))
  return (
    <Box role="status" aria-live="polite" style={{ minWidth: 0 }}>
      {status && (
        <Tooltip label={syncDetail(status)} multiline maw={320}>
          <SyncBadge
            status={status}
            compact
            style={{ cursor: 'pointer' }}
            renderRoot={(props) => <Link href="/settings" {...props} />}
          />
        </Tooltip>
      )}
    </Box>
  )
}
