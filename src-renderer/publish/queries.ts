/** Reading and writing posts for the Publish screen. Keys start with ['posts', orgId] so events refresh them. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiInput } from '../../src-shared/api/contract'
import type { PostStatus } from '../../src-shared/entities/enums'
import { keys } from '../app/queries'
import { call } from '../platform/api'

export const usePosts = (orgId: string, status: PostStatus) =>
  useQuery({
    queryKey: [...keys.posts(orgId), status],
    queryFn: () => call('listPosts', { orgId, status }),
  })

export function useCreateDraft(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: Omit<ApiInput<'createDraft'>, 'orgId'>) => call('createDraft', { orgId, ...input }),
    meta: { inlineErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.posts(orgId) }),
  })
}
