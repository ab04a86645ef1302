/**
 * Where the Electron host finds its files and keeps its data.
 *
 * The data folder is Electron's userData (the same folder browser mode
 * computes in ../paths.ts) unless BUFFER_CLONE_DATA_DIR names another; then
 * userData itself moves there, so Chromium's storage, the settings file and
 * the single-instance lock follow, and two data folders can run side by side.
 */
import { app } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// out/main/index.js, once built: the preload and the renderer sit beside it.
const here = dirname(fileURLToPath(import.meta.url))

export const preloadFile = join(here, '..', 'preload', 'index.cjs')
/** The built renderer, served at app://buffer-clone/ (protocol.ts). */
export const rendererDir = join(here, '..', 'renderer')

/** Must run before `ready`: Chromium reads userData as it starts. */
export function useDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BUFFER_CLONE_DATA_DIR) app.setPath('userData', env.BUFFER_CLONE_DATA_DIR)
  return app.getPath('userData')
}

/** Migrations ship as extraResources (electron-builder.yml); in development they are in the repository. */
export function migrationsDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'migrations') : join(app.getAppPath(), 'migrations')
}

/**
 * electron-vite's dev server, when `electron-vite dev` started us. A packaged
 * app ignores the variable, so no one can point it at another site.
 */
export function devServerUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return app.isPackaged ? undefined : env.ELECTRON_RENDERER_URL || undefined
}
