/**
 * The preload: the only code that sees both the page and Electron. It owns
 * nothing; it exposes the typed API as `window.api` (one function per
 * contract method, each a single `ipcRenderer.invoke` on that method's own
 * channel) and main-process events as `window.appEvents`. The method names
 * come from main on the renderer's command line (see `methodsArgument`), so
 * the contract's schemas stay out of this bundle.
 *
 * ipcRenderer itself is never exposed: a compromised page could otherwise
 * send on any channel. The renderer is sandboxed, so this file is bundled
 * into one CommonJS file that requires nothing but 'electron'.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  EVENTS_CHANNEL,
  ipcChannel,
  methodsFromArgv,
  type ApiBridge,
  type EventsBridge,
} from '../src-shared/api/bridge'
import type { ApiMethod } from '../src-shared/api/contract'
import type { AppEvent } from '../src-shared/api/events'

/** One method's function: its own channel, the input as given (main validates it against the contract). */
const invoke = (method: ApiMethod) => (input: unknown) => ipcRenderer.invoke(ipcChannel(method), input)

// Main hands over every contract method's name (host/electron/window.ts), so every method gets its function;
// the cast only restores the keys that Object.fromEntries forgets.
const methods = methodsFromArgv(process.argv)
if (methods.length === 0) console.error('The main process gave the preload no API methods: window.api is empty.')
const api = Object.fromEntries(methods.map((method) => [method, invoke(method)])) as Record<
  ApiMethod,
  ReturnType<typeof invoke>
>

const appEvents = {
  subscribe(listener) {
    // The listener gets the event only: the IpcRendererEvent would hand the page `sender`, i.e. ipcRenderer.
    const forward = (_event: IpcRendererEvent, event: AppEvent) => listener(event)
    ipcRenderer.on(EVENTS_CHANNEL, forward)
    return () => {
      ipcRenderer.removeListener(EVENTS_CHANNEL, forward)
    }
  },
} satisfies EventsBridge

contextBridge.exposeInMainWorld('api', api satisfies ApiBridge)
contextBridge.exposeInMainWorld('appEvents', appEvents)
