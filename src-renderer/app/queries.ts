/**
 * Query keys and hooks for what the whole app reads: the profile, the
 * organizations and facts about this installation. Keys match the events
 * in `use-app-events.ts`, which is what keeps every screen fresh.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiInput } from '../../src-shared/api/contract'
import { call } from '../platform/api'

export const keys = {
  profile: ['profile'] as const,
  organizations: ['organizations'] as const,
  appInfo: ['app-info'] as const,
  posts: (orgId: string) => ['posts', orgId] as const,
  audit: (orgId: string) => ['audit', orgId] as const,
  sync: ['sync'] as const,
  channels: (orgId: string) => ['channels', orgId] as const,
  publishingSettings: (orgId: string) => ['publishing-settings', orgId] as const,
  sandboxFeed: (orgId: string) => ['sandbox-feed', orgId] as const,
  /** This person's notifications, across organizations (they live in the account, not an org). */
  notifications: ['notifications'] as const,
  /** Engage: the inbox, conversations, saved replies (every triage change and reply writes an audit entry). */
  engage: (orgId: string) => ['engage', orgId] as const,
}

/** Keys whose second part is an organization id: forgotten when that organization goes away. */
export const ORG_SCOPED_KEYS = new Set(['posts', 'audit', 'channels', 'publishing-settings', 'sandbox-feed', 'engage'])

export const useProfile = () => useQuery({ queryKey: keys.profile, queryFn: () => call('getProfile', {}) })

export const useOrganizations = (enabled = true) =>
  useQuery({ queryKey: keys.organizations, queryFn: () => call('listOrganizations', {}), enabled })

export const useAppInfo = () =>
  useQuery({ queryKey: keys.appInfo, queryFn: () => call('getAppInfo', {}), staleTime: Infinity })

/** Creating an organization also makes it the active one, so both reads go stale. */
export function useCreateOrganization(options: { inlineErrors?: boolean } = {}) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: ApiInput<'createOrganization'>) => call('createOrganization', input),
    meta: { inlineErrors: options.inlineErrors },
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: keys.organizations }),
        client.invalidateQueries({ queryKey: keys.profile }),
      ])
    },
  })
}

export function useSetActiveOrganization() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (orgId: string) => call('setActiveOrganization', { orgId }),
    onSuccess: (profile) => client.setQueryData(keys.profile, profile),
  })
}

export function useUpdatePreferences() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: ApiInput<'updatePreferences'>) => call('updatePreferences', input),
    onSuccess: (profile) => client.setQueryData(keys.profile, profile),
  })
}
