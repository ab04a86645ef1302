/**
 * The single entry for every API call, whichever host carried it (Electron
 * IPC, browser mode's HTTP, tests): look the method up, validate the input
 * against the contract, run the handler, and answer with an `ApiResult`.
 * Bad input never reaches a service, so nothing is written.
 */
import { contract, type ApiMethod } from '../../src-shared/api/contract'
import { AppError, invalidInput, type ApiResult } from '../../src-shared/api/errors'
import { inputErrorMap } from '../../src-shared/api/input-messages'
import type { ServiceContext } from '../core/context'
import { handlers } from './handlers'

export const isApiMethod = (name: string): name is ApiMethod => Object.hasOwn(contract, name)

export type Dispatch = (method: string, input: unknown) => Promise<ApiResult<unknown>>

export function createDispatch(ctx: ServiceContext, log: (error: unknown) => void = console.error): Dispatch {
  return async (method, input) => {
    try {
      if (!isApiMethod(method)) throw new AppError('not_found', `There is no API method "${method}".`)
      const parsed = contract[method].input.safeParse(input ?? {}, { error: inputErrorMap })
      if (!parsed.success) throw invalidInput(parsed.error)
      const handler = handlers[method] as (ctx: ServiceContext, input: unknown) => unknown
      return { ok: true, value: await handler(ctx, parsed.data) }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toApiError() }
      log(error)
      return {
        ok: false,
        error: {
          code: 'internal',
          message:
            'Something went wrong inside the app; nothing was changed. Try again, and if it keeps failing, restart the app.',
        },
      }
    }
  }
}
