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
