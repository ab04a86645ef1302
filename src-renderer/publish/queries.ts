/**
 * Reading and writing posts and channels for Publish. Post keys start with ['posts', orgId] and channel keys with
 * ['channels', orgId], so the main process's events refresh whatever is on screen.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiInput } from '../../src-shared/api/contract'
import type { PostStatus } from '../../src-shared/entities/enums'
import { keys } from '../app/queries'
import { call } from '../platform/api'

type ListInput = Omit<ApiInput<'listPosts'>, 'orgId'>

export const usePosts = (orgId: string, status: PostStatus) =>
  useQuery({
    queryKey: [...keys.posts(orgId), status],
    queryFn: () => call('listPosts', { orgId, status }),
  })

/** Any listing of posts; the input is part of the key, so each filter is cached on its own. */
export const usePostList = (orgId: string, input: ListInput, enabled = true) =>
  useQuery({
    queryKey: [...keys.posts(orgId), 'list', input],
    queryFn: () => call('listPosts', { orgId, ...input }),
    enabled,
  })

export const usePost = (orgId: string, postId: string | null) =>
  useQuery({
    queryKey: [...keys.posts(orgId), 'detail', postId],
    queryFn: () => call('getPost', { orgId, postId: postId! }),
    enabled: postId !== null,
  })

export const useChannels = (orgId: string) =>
  useQuery({ queryKey: keys.channels(orgId), queryFn: () => call('listChannels', { orgId }) })

function usePostMutation<I>(orgId: string, fn: (input: I) => Promise<unknown>, inlineErrors = false) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: fn,
    meta: { inlineErrors },
    onSettled: () => client.invalidateQueries({ queryKey: keys.posts(orgId) }),
  })
}

export const useSchedulePost = (orgId: string, inlineErrors = false) =>
  usePostMutation(
    orgId,
    (input: { postId: string; when: ApiInput<'schedulePost'>['when'] }) => call('schedulePost', { orgId, ...input }),
    inlineErrors,
  )

export const useUnschedulePost = (orgId: string) =>
  usePostMutation(orgId, (postId: string) => call('unschedulePost', { orgId, postId }))

export const useDeletePost = (orgId: string) =>
  usePostMutation(orgId, (postId: string) => call('deletePost', { orgId, postId }))

export const useReorderQueue = (orgId: string) =>
  usePostMutation(orgId, (input: { channelId: string; postIds: string[] }) => call('reorderQueue', { orgId, ...input }))

export const useDecideApproval = (orgId: string) =>
  usePostMutation(
    orgId,
    (input: { postId: string; decision: 'approved' | 'rejected'; comment?: string }) =>
      call('decideApproval', { orgId, ...input }),
    true,
  )
