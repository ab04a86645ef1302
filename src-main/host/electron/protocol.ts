/**
 * Puts the `app://` protocol (app-protocol.ts) into Electron: the scheme is
 * declared privileged before `ready`, and its handler serves the renderer
 * folder once the app is ready.
 *
 * Checklist #18, Avoid usage of the file:// protocol and prefer usage of custom protocols:
 * https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
import { protocol } from 'electron'
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler, folderFiles } from './app-protocol'

/** Must run before `ready`, once: Chromium learns the scheme's privileges as it starts. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])
}

/** Call after `ready`: serves `rendererDir` at app://buffer-clone/ with `csp` on every answer. */
export function serveRenderer(rendererDir: string, csp: string): void {
  protocol.handle(APP_SCHEME, appProtocolHandler({ files: folderFiles(rendererDir), csp }))
}
