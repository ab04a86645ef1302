/**
 * The shape of `window.api`: one async function per contract method, each
 * answering with an `ApiResult`, plus a subscription to main-process events.
 */
import type { ApiInput, ApiMethod, ApiOutput } from './contract'
import type { ApiResult } from './errors'
import type { AppEvent } from './events'

export type ApiBridge = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiResult<ApiOutput<M>>>
}

export interface EventsBridge {
  /** Calls `listener` for every event; returns the function that stops it. */
  subscribe(listener: (event: AppEvent) => void): () => void
}

/** The IPC channel that carries events from main to the renderer. */
export const EVENTS_CHANNEL = 'app:event'
/** IPC channels for methods are namespaced so no other channel can collide. */
export const ipcChannel = (method: ApiMethod) => `api:${method}`

/**
 * How the Electron preload learns the method names without bundling the
 * contract (zod, luxon): main appends one argument to the window's
 * renderer command line (`webPreferences.additionalArguments`), which a
 * sandboxed preload reads from `process.argv`.
 */
const METHODS_SWITCH = '--buffer-clone-api-methods='

export const methodsArgument = (methods: readonly ApiMethod[]): string => `${METHODS_SWITCH}${methods.join(',')}`

/** The names main handed over; only plain identifiers, whatever else the command line holds. */
export function methodsFromArgv(argv: readonly string[]): ApiMethod[] {
  const argument = argv.find((arg) => arg.startsWith(METHODS_SWITCH))
  if (!argument) return []
  return argument
    .slice(METHODS_SWITCH.length)
    .split(',')
    .filter((name) => /^[A-Za-z]+$/.test(name)) as ApiMethod[]
}

/**
 * A `window.api` over any transport without a list of names (browser mode's HTTP): a Proxy that answers a
 * function for whatever method is asked for; the other side answers only the contract's methods. It has no
 * `then`, so it is never mistaken for a promise.
 */
export function bridgeOver(call: (method: string, input: unknown) => Promise<ApiResult<unknown>>): ApiBridge {
  const functions = new Map<string, (input: unknown) => Promise<ApiResult<unknown>>>()
  return new Proxy({} as ApiBridge, {
    get(_target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined
      let fn = functions.get(method)
      if (!fn) functions.set(method, (fn = (input: unknown) => call(method, input)))
      return fn
    },
  })
}
