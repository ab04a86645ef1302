/**
 * Reading and changing sync: the overview behind the top-bar indicator and
 * Settings → Sync, and the actions there. The overview is refetched on
 * `sync.status` events (see `use-app-events.ts`) and every 30 seconds, so
 * "last synced" and the pending count never go stale for long.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiInput } from '../../src-shared/api/contract'
import type { OrgSyncStatus } from '../../src-shared/entities/sync-status'
import { keys } from '../app/queries'
import { call } from '../platform/api'

export const useSyncOverview = () =>
  useQuery({ queryKey: keys.sync, queryFn: () => call('getSyncOverview', {}), refetchInterval: 30_000 })

/** The active organization's status, or undefined while loading or when there is none. */
export function useOrgSyncStatus(orgId: string | undefined): OrgSyncStatus | undefined {
  const overview = useSyncOverview().data
  return orgId ? overview?.orgs.find((status) => status.orgId === orgId) : undefined
}

/** Signing in or out changes who owns this device's work, so the profile and organizations are read again too. */
function useRefreshAfterSession() {
  const client = useQueryClient()
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: keys.sync }),
      client.invalidateQueries({ queryKey: keys.profile }),
      client.invalidateQueries({ queryKey: keys.organizations }),
    ])
}

export function useConnectServer() {
  const client = useQueryClient()
  const refresh = useRefreshAfterSession()
  return useMutation({
    mutationFn: (input: ApiInput<'connectServer'>) => call('connectServer', input),
    meta: { inlineErrors: true },
    onSuccess: async (overview) => {
      client.setQueryData(keys.sync, overview)
      await refresh()
    },
  })
}

export function useDisconnectServer() {
  const client = useQueryClient()
  const refresh = useRefreshAfterSession()
  return useMutation({
    mutationFn: () => call('disconnectServer', {}),
    onSuccess: async (overview) => {
      client.setQueryData(keys.sync, overview)
      await refresh()
    },
  })
}

export function useAttachOrganization() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (orgId: string) => call('attachOrganization', { orgId }),
    meta: { inlineErrors: true },
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.sync }),
        client.invalidateQueries({ queryKey: keys.organizations }),
      ]),
  })
}

export function useSyncNow() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (orgId: string) => call('syncNow', { orgId }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.sync }),
  })
}

export function useCreateInvitation() {
  return useMutation({
    mutationFn: (input: ApiInput<'createInvitation'>) => call('createInvitation', input),
    meta: { inlineErrors: true },
  })
}

/** Joining downloads the organization; it then becomes the active one, as a new organization does. */
export function useJoinOrganization() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (code: string) => {
      const org = await call('joinOrganization', { code })
      const profile = await call('setActiveOrganization', { orgId: org.id })
      return { org, profile }
    },
    meta: { inlineErrors: true },
    onSuccess: async ({ profile }) => {
      client.setQueryData(keys.profile, profile)
      await Promise.all([
        client.invalidateQueries({ queryKey: keys.organizations }),
        client.invalidateQueries({ queryKey: keys.sync }),
      ])
    },
  })
}
