/**
 * How the UI calls the main process: `call('method', input)` resolves with
 * the value or throws an `ApiCallError` carrying the user-facing message and
 * the fields that were wrong.
 */
import type { ApiBridge, EventsBridge } from '../../src-shared/api/bridge'
import type { ApiInput, ApiMethod, ApiOutput } from '../../src-shared/api/contract'
import type { ApiError, ApiResult } from '../../src-shared/api/errors'

declare global {
  interface Window {
    api: ApiBridge
    appEvents: EventsBridge
  }
}

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message)
    this.name = 'ApiCallError'
  }

  /** The message for one field, for showing under its input. */
  fieldError(path: string): string | undefined {
    return this.error.issues?.find((issue) => issue.path === path)?.message
  }
}

export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  // Indexing the bridge with a generic key gives a union of every method's signature; narrow it to this one.
  const fn = window.api[method] as unknown as (input: ApiInput<M>) => Promise<ApiResult<ApiOutput<M>>>
  const result = await fn(input)
  if (!result.ok) throw new ApiCallError(result.error)
  return result.value
}
