/** Reading and changing an organization's team: members, open invitations, roles, removal, withdrawal. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiInput } from '../../src-shared/api/contract'
import { call } from '../platform/api'

export const teamKeys = {
  members: (orgId: string) => ['members', orgId] as const,
  invitations: (orgId: string) => ['invitations', orgId] as const,
}

export const useMembers = (orgId: string) =>
  useQuery({ queryKey: teamKeys.members(orgId), queryFn: () => call('listMembers', { orgId }) })

export const useInvitations = (orgId: string, enabled: boolean) =>
  useQuery({ queryKey: teamKeys.invitations(orgId), queryFn: () => call('listInvitations', { orgId }), enabled })

export function useChangeRole(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: Omit<ApiInput<'changeMemberRole'>, 'orgId'>) => call('changeMemberRole', { orgId, ...input }),
    meta: { inlineErrors: true },
    onSuccess: (members) => client.setQueryData(teamKeys.members(orgId), members),
  })
}

export function useRemoveMember(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (userId: string) => call('removeMember', { orgId, userId }),
    meta: { inlineErrors: true },
    onSuccess: (members) => client.setQueryData(teamKeys.members(orgId), members),
  })
}

export function useRevokeInvitation(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (invitationId: string) => call('revokeInvitation', { orgId, invitationId }),
    meta: { inlineErrors: true },
    onSuccess: (invitations) => client.setQueryData(teamKeys.invitations(orgId), invitations),
  })
}
