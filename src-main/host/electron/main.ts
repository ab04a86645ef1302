/**
 * The Electron entry (built to out/main/index.js). One copy runs per data
 * folder: a second launch focuses the first copy's window and exits. Before
 * `ready` it declares the app:// scheme; on `ready` it serves the renderer
 * there, hardens the session, builds the same core browser mode uses,
 * answers IPC and opens the window; on quit it closes the databases.
 */
import { app, BrowserWindow, dialog, powerMonitor, shell } from 'electron'
import { createCore, type Core } from '../../core/create-core'
import { appOrigin } from './app-origin'
import { registerIpc } from './ipc'
import { prepareNotifications, showCoreNotifications } from './notifications'
import { devServerUrl, migrationsDir, rendererDir, useDataDir } from './paths'
import { registerAppScheme, serveRenderer } from './protocol'
import { createSecretStore } from './secrets'
import { installSecurity } from './security'
import { openSettings } from './settings-store'
import { createMainWindow, focusWindow } from './window'

const dataDir = useDataDir()
const devServer = devServerUrl()
// Chromium reads the privileged schemes as it starts, so this cannot wait for `ready`.
registerAppScheme()

if (!app.requestSingleInstanceLock()) {
  // The running copy gets 'second-instance' and brings its window forward.
  app.quit()
} else {
  start().catch((error: unknown) => {
    console.error(error)
    dialog.showErrorBox(
      'buffer-clone could not start',
      `${error instanceof Error ? error.message : String(error)}\n\nData folder: ${dataDir}\nIf this keeps happening, report it with this message.`,
    )
    app.exit(1)
  })
}

async function start(): Promise<void> {
  let window: BrowserWindow | null = null
  let core: Core | null = null
  let stopIpc = () => {}

  app.on('second-instance', () => {
    if (window && !window.isDestroyed()) focusWindow(window)
  })
  // Ctrl+C or a kill from `npm start` quits like the menu does, so the databases close cleanly.
  process.on('SIGINT', () => app.quit())
  process.on('SIGTERM', () => app.quit())
  app.on('will-quit', () => {
    stopIpc()
    core?.close()
    core = null
  })

  await app.whenReady()
  prepareNotifications()
  const origin = appOrigin({ devServerUrl: devServer })
  // With `electron-vite dev` the page comes from the dev server instead.
  if (!devServer) serveRenderer(rendererDir, origin.csp)
  installSecurity(origin)

  core = createCore({
    dataDir,
    migrationsDir: migrationsDir(),
    secrets: await createSecretStore(dataDir),
    host: { host: 'electron', version: app.getVersion() },
    // The service checks the scheme too; only web links reach the browser.
    openExternal: async (url) => {
      if (new URL(url).protocol === 'https:') await shell.openExternal(url)
    },
  })
  stopIpc = registerIpc(core, origin)
  // After sleep, posts that came due meanwhile are published or flagged, and interrupted ones looked up.
  powerMonitor.on('resume', () => void core?.scheduler?.catchUp())

  const settings = openSettings(dataDir)
  window = createMainWindow({ origin, settings })
  // Approval requests, decisions and publish outcomes, shown natively; a click opens the post.
  showCoreNotifications(core, () => (window && !window.isDestroyed() ? window : null))

  // macOS keeps the app alive with no window and reopens one from the dock.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createMainWindow({ origin, settings })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
