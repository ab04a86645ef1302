/**
 * Browser mode's stand-in for the Electron preload: builds the same
 * `window.api` (one function per contract method) over HTTP, and
 * `window.appEvents` over a websocket. The token arrives once in the URL
 * fragment and is kept for this tab only.
 */
import { API_METHOD_NAMES as API_METHODS } from '../../src-shared/api/methods'
import type { ApiBridge, EventsBridge } from '../../src-shared/api/bridge'
import type { ApiResult } from '../../src-shared/api/errors'
import type { AppEvent } from '../../src-shared/api/events'

const TOKEN_KEY = 'buffer-clone.token'

function takeToken(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token')
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash)
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', location.pathname + location.search)
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

async function post(method: string, input: unknown, token: string): Promise<ApiResult<unknown>> {
  try {
    const res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input ?? {}),
    })
    return (await res.json()) as ApiResult<unknown>
  } catch {
    return {
      ok: false,
      error: {
        code: 'unavailable',
        message: 'The app’s local service is not answering. Is `npm run web` still running?',
      },
    }
  }
}

function eventsBridge(token: string): EventsBridge {
  const listeners = new Set<(event: AppEvent) => void>()
  let retryMs = 500
  const connect = () => {
    const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(token)}`)
    ws.onopen = () => (retryMs = 500)
    ws.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as AppEvent
      for (const listener of listeners) listener(event)
    }
    ws.onclose = () => {
      setTimeout(connect, retryMs)
      retryMs = Math.min(retryMs * 2, 10_000)
    }
  }
  connect()
  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

export function installWebBridge(): void {
  const token = takeToken()
  window.api = Object.fromEntries(
    API_METHODS.map((method) => [method, (input: unknown) => post(method, input, token)]),
  ) as unknown as ApiBridge
  window.appEvents = eventsBridge(token)
}
