/**
 * The main process says what changed; we mark the matching queries stale so
 * whatever is on screen refetches. Audit entries are written with every
 * mutation, so a change to posts or organizations refreshes activity too.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { AppEvent } from '../../src-shared/api/events'
import { keys } from './queries'

export function useAppEvents(): void {
  const client = useQueryClient()
  useEffect(() => {
    const onEvent = (event: AppEvent) => {
      switch (event.type) {
        case 'profile.changed':
          void client.invalidateQueries({ queryKey: keys.profile })
          break
        case 'organizations.changed':
          void client.invalidateQueries({ queryKey: keys.organizations })
          void client.invalidateQueries({ queryKey: ['audit'] })
          break
        case 'posts.changed':
          void client.invalidateQueries({ queryKey: keys.posts(event.orgId) })
          void client.invalidateQueries({ queryKey: keys.audit(event.orgId) })
          break
        case 'audit.changed':
          void client.invalidateQueries({ queryKey: keys.audit(event.orgId) })
          break
      }
    }
    return window.appEvents.subscribe(onEvent)
  }, [client])
}
