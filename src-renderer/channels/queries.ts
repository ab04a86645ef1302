/** Reading and changing an organization's channels. Keys start with ['channels', orgId] so events refresh them. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiInput } from '../../src-shared/api/contract'
import { keys } from '../app/queries'
import { call } from '../platform/api'

export const useChannels = (orgId: string) =>
  useQuery({ queryKey: keys.channels(orgId), queryFn: () => call('listChannels', { orgId }) })

export function useConnectChannel() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: ApiInput<'connectChannel'>) => call('connectChannel', input),
    meta: { inlineErrors: true },
    onSuccess: (channel) => client.invalidateQueries({ queryKey: keys.channels(channel.orgId) }),
  })
}

export function useUpdateChannel() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: ApiInput<'updateChannel'>) => call('updateChannel', input),
    meta: { inlineErrors: true },
    onSuccess: (channel) => client.invalidateQueries({ queryKey: keys.channels(channel.orgId) }),
  })
}

export function useDisconnectChannel(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (channelId: string) => call('disconnectChannel', { orgId, channelId }),
    onSuccess: async () => {
      // Its posts change too: scheduled ones leave the queue.
      await Promise.all([
        client.invalidateQueries({ queryKey: keys.channels(orgId) }),
        client.invalidateQueries({ queryKey: keys.posts(orgId) }),
      ])
    },
  })
}
