/**
 * The renderer is treated as untrusted: whatever a post, a comment or a
 * platform's answer manages to inject must not reach the network, the file
 * system or other windows. Each guard names the item of Electron's security
 * checklist (https://www.electronjs.org/docs/latest/tutorial/security) it
 * implements. The window's own options (context isolation, sandbox, no Node)
 * are in window.ts; IPC sender checks are in ipc.ts; the app:// protocol
 * that replaces file:// is in app-protocol.ts and protocol.ts.
 */
import { app, session, shell, type Session, type WebContents } from 'electron'
import { isSafeExternalUrl, type AppOrigin } from './app-origin'

/** Applies every guard: to the default session now, and to each web contents as it is created. Call after `ready`. */
export function installSecurity(origin: AppOrigin): void {
  hardenSession(session.defaultSession, origin)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origin))
}

export function hardenSession(ses: Session, origin: AppOrigin): void {
  // #7 Define a Content Security Policy — https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
  // Sent as a header on every response, so no page can loosen it with its own markup. The app://
  // protocol puts it on its own answers (app-protocol.ts); this covers the dev server and
  // anything else the session loads.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [origin.csp] } })
  })

  // #5 Handle session permission requests from remote content — https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content
  // Electron grants every permission unless told otherwise; we deny all but
  // notifications, and those only to the app's own page.
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === 'notifications' && origin.isAppUrl(details.requestingUrl))
  })
  ses.setPermissionCheckHandler((contents, permission, _requestingOrigin, details) => {
    return permission === 'notifications' && origin.isAppUrl(details.requestingUrl ?? contents?.getURL() ?? '')
  })
}

export function hardenWebContents(contents: WebContents, origin: AppOrigin): void {
  // #13 Disable or limit navigation — https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
  // The page never leaves the app; a plain https link opens in the browser instead.
  contents.on('will-navigate', (event) => {
    if (origin.isAppUrl(event.url)) return
    event.preventDefault()
    openInBrowser(event.url)
  })

  // #14 Disable or limit creation of new windows — https://www.electronjs.org/docs/latest/tutorial/security#14-disable-or-limit-creation-of-new-windows
  // No page opens a window; target=_blank and window.open links go to the OS browser.
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url)
    return { action: 'deny' }
  })

  // #12 Verify WebView options before creation — https://www.electronjs.org/docs/latest/tutorial/security#12-verify-webview-options-before-creation
  // The app has no <webview>; refusing them all is the strictest verification.
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/**
 * #15 Do not use shell.openExternal with untrusted content — https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content
 * Only https links go to the OS; file:, smb: or a custom scheme could start a program.
 */
export function openInBrowser(url: string): void {
  if (!isSafeExternalUrl(url)) {
    console.warn(`Refused to open ${JSON.stringify(url.slice(0, 200))}: only https links open in the browser.`)
    return
  }
  shell.openExternal(url).catch((error: unknown) => console.warn(`Could not open ${url} in the browser:`, error))
}
