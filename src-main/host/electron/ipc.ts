/**
 * The contract's methods over IPC: one `ipcMain.handle` per method, each on
 * its own channel. A call is answered only when it comes from the app's own
 * page in the window's top frame (as VS Code's validateEvent does); then it
 * goes to `core.dispatch`, which validates the input against the contract.
 * Core events are pushed to every window showing the app's page.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { EVENTS_CHANNEL, ipcChannel } from '../../../src-shared/api/bridge'
import { API_METHODS } from '../../../src-shared/api/contract'
import type { ApiResult } from '../../../src-shared/api/errors'
import type { Core } from '../../core/create-core'
import type { AppOrigin } from './app-origin'

const FORBIDDEN: ApiResult<never> = {
  ok: false,
  error: {
    code: 'forbidden',
    message: "This request did not come from buffer-clone's own window, so it was refused. Reload the window.",
  },
}

/**
 * Checklist #17, Validate the sender of all IPC messages:
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 * An iframe, or a page the window was somehow navigated to, never gets the API.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, origin: AppOrigin): boolean {
  try {
    // Null once the sending frame navigated away or was destroyed: there is no one left to answer.
    const frame = event.senderFrame
    if (!frame || frame.detached) return false
    const main = event.sender.mainFrame
    // Electron hands out one WebFrameMain per frame; the token is the fallback should that ever change.
    const isMainFrame = frame === main || (frame.parent === null && frame.frameToken === main.frameToken)
    return isMainFrame && origin.isAppUrl(frame.url)
  } catch {
    // Reading a frame that was disposed meanwhile throws: it cannot be trusted either.
    return false
  }
}

/** Registers every handler and the event feed; returns the function that removes them. */
export function registerIpc(core: Core, origin: AppOrigin): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel(method), (event, input: unknown) => {
      if (!isTrustedSender(event, origin)) {
        console.warn(`Refused IPC call ${method}: it did not come from the app's own page in its top frame.`)
        return FORBIDDEN
      }
      return core.dispatch(method, input)
    })
  }
  const stopEvents = core.onEvent((event) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents
      // Events describe the user's data: only the app's own page hears them.
      if (!contents.isDestroyed() && origin.isAppUrl(contents.getURL())) contents.send(EVENTS_CHANNEL, event)
    }
  })
  return () => {
    stopEvents()
    for (const method of API_METHODS) ipcMain.removeHandler(ipcChannel(method))
  }
}
