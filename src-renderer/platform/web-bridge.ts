/**
 * Browser mode's stand-in for the Electron preload: builds the same
 * `window.api` (one function per contract method) over HTTP, and
 * `window.appEvents` over a websocket. The token arrives once in the URL
 * fragment and is kept for this tab only.
 *
 * `window.api` is a Proxy: any method name becomes `POST /api/<name>`, and
 * the host answers only the contract's methods (others get `not_found`),
 * so this bundle needs no list of names and not the contract's schemas.
 */
import { bridgeOver, type EventsBridge } from '../../src-shared/api/bridge'
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
    const res = await fetch(`/api/${encodeURIComponent(method)}`, {
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
  window.api = bridgeOver((method, input) => post(method, input, token))
  window.appEvents = eventsBridge(token)
}
