/**
 * What the composer's buttons do: check that the post can go (a channel chosen, nothing a platform would refuse),
 * put the group on the schedule or save the changes to one that is already placed, then say what happened and go
 * back to Publish.
 */
import { useQueryClient } from '@tanstack/react-query'
import { DateTime } from 'luxon'
import { useState } from 'react'
import { useLocation } from 'wouter'
import type { When } from '../../../src-shared/api/contract'
import type { MediaItem } from '../../../src-shared/entities/json-shapes'
import type { Channel } from '../../../src-shared/entities/models'
import { keys } from '../../app/queries'
import { notifySuccess } from '../../ui/errors'
import { whenLabel } from '../time'
import { blockingSummary } from './channel-checks'
import { captionFor } from './compose-state'
import type { useDraftGroup } from './use-draft-group'

export type Pending = When['kind'] | 'save' | null

export function useComposeActions(
  orgId: string,
  draft: ReturnType<typeof useDraftGroup>,
  chosen: Channel[],
  zone: string,
) {
  const [, navigate] = useLocation()
  const client = useQueryClient()
  const [pending, setPending] = useState<Pending>(null)
  const [error, setError] = useState<unknown>(null)
  const [failed, setFailed] = useState<'Not saved' | 'Not scheduled'>('Not scheduled')
  const { state, opened } = draft
  const media: MediaItem[] = state.media.map((m) => m.item)

  const [checked, setChecked] = useState(false)
  const ready = (): boolean => {
    setError(null)
    setChecked(true)
    return blockingSummary(chosen, (id) => captionFor(state, id), media) === null
  }

  const finish = async () => {
    await client.invalidateQueries({ queryKey: keys.posts(orgId) })
    draft.reset()
    navigate('/publish')
  }

  const schedule = async (when: When) => {
    setFailed('Not scheduled')
    if (!ready()) return
    setPending(when.kind)
    try {
      const results = await draft.scheduleAll(when, false)
      const first = results[0]
      const message = results.some((p) => p.status === 'needs_approval')
        ? 'Sent for approval'
        : when.kind === 'now'
          ? 'Publishing now'
          : first?.scheduledAt
            ? `Scheduled · ${whenLabel(first.scheduledAt, zone)}`
            : 'Added to the queue'
      notifySuccess(results.length > 1 ? `${message} (${results.length} channels)` : message)
      await finish()
    } catch (caught) {
      setError(caught)
    } finally {
      setPending(null)
    }
  }

  /**
   * Save changes: the held edits are written and the posts keep their times (a contributor's change to an approved
   * post goes back for approval, by the service's rule, and the message says so). A channel added while editing gets its
   * post at the same time, or the next queue slot when that time has passed.
   */
  const saveChanges = async () => {
    setFailed('Not saved')
    if (!opened || !ready()) return
    setPending('save')
    try {
      const at = opened.scheduledAt
      const when: When = at && DateTime.fromISO(at) > DateTime.now() ? { kind: 'at', at } : { kind: 'queue' }
      const results = await draft.scheduleAll(when, true)
      const first = results[0]
      const waiting = results.some((p) => p.status === 'needs_approval')
      notifySuccess(
        waiting && opened.status !== 'needs_approval'
          ? 'Changes saved · sent back for approval: it goes out once an approver approves it again'
          : waiting
            ? 'Changes saved · still waiting for approval'
            : first?.scheduledAt
              ? `Changes saved · still scheduled for ${whenLabel(first.scheduledAt, zone)}`
              : 'Changes saved',
      )
      await finish()
    } catch (caught) {
      setError(caught)
    } finally {
      setPending(null)
    }
  }

  return { pending, error, failed, checked, schedule, saveChanges }
}
