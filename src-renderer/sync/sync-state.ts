/**
 * How each sync state reads: the words on the badge, its icon and colour,
 * and the longer sentence for its tooltip. Words first: colour only repeats
 * what the text and icon already say.
 */
import type { MantineColor } from '@mantine/core'
import {
  IconCloudCheck,
  IconCloudExclamation,
  IconCloudLock,
  IconCloudOff,
  IconDeviceLaptop,
  IconRefresh,
} from '@tabler/icons-react'
import type { OrgSyncStatus, OwnDataSyncStatus, SyncState } from '../../src-shared/entities/sync-status'
import { exact, relative } from '../ui/relative-time'

interface Look {
  color: MantineColor
  icon: typeof IconCloudCheck
}

export const SYNC_LOOKS: Record<SyncState, Look> = {
  local: { color: 'teal', icon: IconDeviceLaptop },
  idle: { color: 'teal', icon: IconCloudCheck },
  syncing: { color: 'brand', icon: IconRefresh },
  offline: { color: 'orange', icon: IconCloudOff },
  error: { color: 'red', icon: IconCloudExclamation },
  signed_out: { color: 'gray', icon: IconCloudLock },
}

export function syncLabel(status: OwnDataSyncStatus): string {
  switch (status.state) {
    case 'local':
      return 'On this device'
    case 'idle':
      return 'Synced'
    case 'syncing':
      return 'Syncing…'
    case 'offline':
      return 'Offline — changes are kept on this device'
    case 'error':
      return status.message ?? 'Sync failed'
    case 'signed_out':
      return 'Signed out of sync'
  }
}

/** For narrow windows, where the top bar has room for a word or two; the tooltip keeps the whole sentence. */
export function shortSyncLabel(status: OwnDataSyncStatus): string {
  if (status.state === 'offline') return 'Offline'
  if (status.state === 'error') return 'Sync error'
  return syncLabel(status)
}

export const pendingLabel = (pending: number) => `${pending} pending`

/** A local-only organization keeps every change for a later upload; counting them there would only worry people. */
export const showsPending = (status: OwnDataSyncStatus) => status.state !== 'local' && status.pending > 0

const changes = (count: number) => (count === 1 ? '1 change' : `${count} changes`)

export function lastSynced(status: OwnDataSyncStatus): string {
  return status.lastSyncedAt ? `Last synced ${relative(status.lastSyncedAt)} (${exact(status.lastSyncedAt)}).` : ''
}

/** The tooltip: what the state means and what, if anything, to do about it. */
export function syncDetail(status: OrgSyncStatus): string {
  const waiting = showsPending(status) ? ` ${changes(status.pending)} on this device waiting to be sent.` : ''
  switch (status.state) {
    case 'local':
      return 'This organization lives on this device only and works offline. To work with your team, put it on a sync server in Settings → Sync.'
    case 'idle':
      return (lastSynced(status) || 'Up to date with the sync server.') + waiting
    case 'syncing':
      return 'Sending this device’s changes and fetching your team’s.' + waiting
    case 'offline':
      // The engine's message already says which server and that work is kept; add only what is waiting.
      return (
        (status.message ??
          'The sync server cannot be reached. Everything keeps working; changes are sent when it is back.') + waiting
      )
    case 'error':
      return `${status.message ?? 'Sync failed.'} Your changes are kept on this device; “Sync now” in Settings tries again.${waiting}`
    case 'signed_out':
      return `${status.message ?? 'Sign in to the sync server in Settings to sync.'} Your changes are kept on this device.${waiting}`
  }
}
