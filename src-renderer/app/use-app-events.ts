/**
 * The main process says what changed; we mark the matching queries stale so
 * whatever is on screen refetches. Audit entries are written with every
 * mutation, so a change to posts or organizations refreshes activity too.
 * Sync's own news (changes the server refused, access lost) becomes a
 * notification, and so does each new notification (a toast, and in browser
 * mode a desktop one).
 */
import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { AppEvent } from '../../src-shared/api/events'
import type { AppInfo, Organization } from '../../src-shared/entities/models'
import { announce } from '../notifications/announce'
import { notifyRefused, notifyRemoved } from '../sync/sync-notifications'
import { keys, ORG_SCOPED_KEYS } from './queries'

const orgScoped = (query: Query) => ORG_SCOPED_KEYS.has(String(query.queryKey[0]))
const orgOf = (query: Query) => String(query.queryKey[1])
const orgName = (client: QueryClient, orgId: string) =>
  client.getQueryData<Organization[]>(keys.organizations)?.find((org) => org.id === orgId)?.name

/**
 * After an organization is deleted its posts and activity cannot be read any
 * more; refetching them would only raise "not found" errors. So: learn which
 * organizations still exist, forget the rest, refresh activity for those left.
 */
async function onOrganizationsChanged(client: QueryClient): Promise<void> {
  await client.invalidateQueries({ queryKey: keys.organizations })
  const alive = new Set((client.getQueryData<Organization[]>(keys.organizations) ?? []).map((org) => org.id))
  client.removeQueries({ predicate: (query) => orgScoped(query) && !alive.has(orgOf(query)) })
  await client.invalidateQueries({ predicate: (query) => query.queryKey[0] === 'audit' && alive.has(orgOf(query)) })
}

export function useAppEvents(): void {
  const client = useQueryClient()
  useEffect(() => {
    const onEvent = (event: AppEvent) => {
      switch (event.type) {
        case 'profile.changed':
          void client.invalidateQueries({ queryKey: keys.profile })
          break
        case 'organizations.changed':
          void onOrganizationsChanged(client)
          // Attaching, joining or losing an organization changes what sync reports.
          void client.invalidateQueries({ queryKey: keys.sync })
          break
        case 'posts.changed':
          void client.invalidateQueries({ queryKey: keys.posts(event.orgId) })
          void client.invalidateQueries({ queryKey: keys.audit(event.orgId) })
          // A sandbox post appears in its feed when it is published.
          void client.invalidateQueries({ queryKey: keys.sandboxFeed(event.orgId) })
          break
        case 'channels.changed':
          void client.invalidateQueries({ queryKey: keys.channels(event.orgId) })
          void client.invalidateQueries({ queryKey: keys.audit(event.orgId) })
          break
        case 'notifications.changed':
          void client.invalidateQueries({ queryKey: keys.notifications })
          break
        case 'notification':
          announce(client, event.notification, client.getQueryData<AppInfo>(keys.appInfo)?.host)
          break
        case 'audit.changed':
          void client.invalidateQueries({ queryKey: keys.audit(event.orgId) })
          // Engage's changes (triage, replies, snoozes waking) each write an audit entry, here or pulled.
          void client.invalidateQueries({ queryKey: keys.engage(event.orgId) })
          break
        case 'sync.status':
          void client.invalidateQueries({ queryKey: keys.sync })
          break
        case 'sync.refused':
          notifyRefused(event.reasons, event.orgId ? orgName(client, event.orgId) : undefined)
          break
        case 'sync.removed':
          // 'organizations.changed' follows and forgets the organization's queries.
          notifyRemoved(event.name)
          void client.invalidateQueries({ queryKey: keys.sync })
          break
      }
    }
    return window.appEvents.subscribe(onEvent)
  }, [client])
}
