/** The in-app list of notifications (this person's, across organizations) and marking them read. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { keys } from '../app/queries'
import { call } from '../platform/api'

export const useNotifications = () =>
  useQuery({ queryKey: keys.notifications, queryFn: () => call('listNotifications', { limit: 50 }) })

/** Marks the given notifications read, or all of them without ids. */
export function useMarkRead() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (ids?: string[]) => call('markNotificationsRead', ids ? { ids } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.notifications }),
  })
}
