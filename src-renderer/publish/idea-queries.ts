/**
 * Reading and writing ideas. Their key sits under the posts' key (['posts', orgId, 'ideas']), so the main
 * process's posts.changed, which it sends for ideas too, refreshes the board.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiInput } from '../../src-shared/api/contract'
import { keys } from '../app/queries'
import { call } from '../platform/api'

export const useIdeas = (orgId: string) =>
  useQuery({ queryKey: [...keys.posts(orgId), 'ideas'], queryFn: () => call('listIdeas', { orgId }) })

/** `inline`: the form shows the error; otherwise a notification does. */
function useIdeaMutation<I, O>(orgId: string, fn: (input: I) => Promise<O>, inline = false) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: fn,
    meta: { inlineErrors: inline },
    onSettled: () => client.invalidateQueries({ queryKey: keys.posts(orgId) }),
  })
}

export const useCreateIdea = (orgId: string) =>
  useIdeaMutation(
    orgId,
    (input: Omit<ApiInput<'createIdea'>, 'orgId'>) => call('createIdea', { orgId, ...input }),
    true,
  )

export const useUpdateIdea = (orgId: string) =>
  useIdeaMutation(
    orgId,
    (input: Omit<ApiInput<'updateIdea'>, 'orgId'>) => call('updateIdea', { orgId, ...input }),
    true,
  )

export const useDeleteIdea = (orgId: string) =>
  useIdeaMutation(orgId, (ideaId: string) => call('deleteIdea', { orgId, ideaId }))

export const useTurnIdeaIntoPost = (orgId: string) =>
  useIdeaMutation(orgId, (ideaId: string) => call('turnIdeaIntoPost', { orgId, ideaId }))
