/**
 * The one TanStack Query client. Failed queries and mutations raise a
 * notification with the API's own message, except mutations whose form
 * shows the error inline (`meta: { inlineErrors: true }`), so the user is
 * not told the same thing twice.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { ApiCallError } from '../platform/api'
import { notifyError } from '../ui/errors'

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: { inlineErrors?: boolean }
  }
}

// Only a host that is not answering is worth asking again; bad input or a missing row will not change.
const retry = (failures: number, error: unknown) =>
  error instanceof ApiCallError && error.error.code === 'unavailable' && failures < 3

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error) => notifyError(error, 'Couldn’t load that') }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (!mutation.meta?.inlineErrors) notifyError(error)
      },
    }),
    defaultOptions: {
      // Data is local and events tell us when it changes, so refetching on focus would only add noise.
      queries: { retry, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  })
}
