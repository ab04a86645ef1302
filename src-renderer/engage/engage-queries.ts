/**
 * Reading and triaging the inbox. Every key starts with ['engage', orgId]: a triage change, a reply or a pulled
 * change (each carries an audit entry, so 'audit.changed' arrives) refreshes whatever is on screen. The list is
 * read page by page by cursor, so the whole history scrolls without loading it all.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiInput } from '../../src-shared/api/contract'
import { keys } from '../app/queries'
import { ApiCallError, call } from '../platform/api'

export type InboxFilter = Omit<ApiInput<'listInbox'>, 'orgId' | 'cursor' | 'limit'>

const PAGE = 100

export const useInboxPages = (orgId: string, filter: InboxFilter) =>
  useInfiniteQuery({
    queryKey: [...keys.engage(orgId), 'inbox', filter],
    queryFn: ({ pageParam }) =>
      call('listInbox', { orgId, ...filter, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  })

export const useInboxCounts = (orgId: string, channelIds?: string[]) =>
  useQuery({
    queryKey: [...keys.engage(orgId), 'counts', channelIds ?? null],
    queryFn: () => call('inboxCounts', { orgId, ...(channelIds?.length ? { channelIds } : {}) }),
  })

export const useConversation = (orgId: string, commentId: string | null) =>
  useQuery({
    queryKey: [...keys.engage(orgId), 'conversation', commentId],
    queryFn: () => call('getConversation', { orgId, commentId: commentId! }),
    enabled: commentId !== null,
  })

export const useMembersForAssign = (orgId: string) =>
  useQuery({ queryKey: [...keys.engage(orgId), 'members'], queryFn: () => call('listMembers', { orgId }) })

export const useSavedReplies = (orgId: string) =>
  useQuery({
    queryKey: [...keys.engage(orgId), 'saved-replies'],
    queryFn: () => whenReady(call('listSavedReplies', { orgId })),
  })

/** null while the teammate's part of Engage answers that it is not ready (a branch without it). */
async function whenReady<T>(answer: Promise<T>): Promise<T | null> {
  try {
    return await answer
  } catch (error) {
    if (error instanceof ApiCallError && error.error.code === 'unavailable') return null
    throw error
  }
}

/** A change through the API; afterwards everything Engage shows is read again. */
function useEngageMutation<I, O>(orgId: string, fn: (input: I) => Promise<O>, inlineErrors = false) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: fn,
    meta: { inlineErrors },
    // Not awaited: the button is free again as soon as the change is written, while the lists read again behind it.
    onSettled: () => void client.invalidateQueries({ queryKey: keys.engage(orgId) }),
  })
}

type Without<M extends Parameters<typeof call>[0]> = Omit<ApiInput<M>, 'orgId'>

export const useSetStatus = (orgId: string) =>
  useEngageMutation(orgId, (input: Without<'setCommentStatus'>) => call('setCommentStatus', { orgId, ...input }))
export const useAssign = (orgId: string) =>
  useEngageMutation(orgId, (input: Without<'assignComments'>) => call('assignComments', { orgId, ...input }))
export const useTag = (orgId: string) =>
  useEngageMutation(orgId, (input: Without<'tagComments'>) => call('tagComments', { orgId, ...input }))
export const useSendReply = (orgId: string) =>
  useEngageMutation(orgId, (input: Without<'sendReply'>) => call('sendReply', { orgId, ...input }), true)
export const useFetchNow = (orgId: string) => useEngageMutation(orgId, () => call('fetchCommentsNow', { orgId }))
export const useRetryReply = (orgId: string) =>
  useEngageMutation(orgId, (replyId: string) => call('retryReply', { orgId, replyId }))
export const useCreateSavedReply = (orgId: string) =>
  useEngageMutation(orgId, (input: Without<'createSavedReply'>) => call('createSavedReply', { orgId, ...input }), true)
export const useUpdateSavedReply = (orgId: string) =>
  useEngageMutation(orgId, (input: Without<'updateSavedReply'>) => call('updateSavedReply', { orgId, ...input }), true)
export const useDeleteSavedReply = (orgId: string) =>
  useEngageMutation(orgId, (savedReplyId: string) => call('deleteSavedReply', { orgId, savedReplyId }))
