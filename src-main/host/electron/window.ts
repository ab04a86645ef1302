/**
 * The main window: hardened web preferences, and the size and place it had
 * when it was last closed (if that place is still on a connected screen).
 */
import { BrowserWindow, screen, type Rectangle } from 'electron'
import { methodsArgument } from '../../../src-shared/api/bridge'
import { API_METHODS } from '../../../src-shared/api/contract'
import type { AppOrigin } from './app-origin'
import { preloadFile } from './paths'
import { MIN_WINDOW, type SettingsStore, type WindowState } from './settings-store'

export interface MainWindowOptions {
  origin: AppOrigin
  settings: SettingsStore
}

export function createMainWindow({ origin, settings }: MainWindowOptions): BrowserWindow {
  const saved = settings.get('window')
  const window = new BrowserWindow({
    ...restorableBounds(saved),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: 'buffer-clone',
    // Shown once painted, so there is no white flash.
    show: false,
    webPreferences: {
      preload: preloadFile,
      // The preload builds window.api from these names; it does not bundle the contract itself.
      additionalArguments: [methodsArgument(API_METHODS)],
      // https://www.electronjs.org/docs/latest/tutorial/security#3-enable-context-isolation
      contextIsolation: true,
      // https://www.electronjs.org/docs/latest/tutorial/security#4-enable-process-sandboxing
      sandbox: true,
      // https://www.electronjs.org/docs/latest/tutorial/security#2-do-not-enable-nodejs-integration-for-remote-content
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      // https://www.electronjs.org/docs/latest/tutorial/security#6-do-not-disable-websecurity
      webSecurity: true,
      // https://www.electronjs.org/docs/latest/tutorial/security#8-do-not-enable-allowrunninginsecurecontent
      allowRunningInsecureContent: false,
      // https://www.electronjs.org/docs/latest/tutorial/security#9-do-not-enable-experimental-features
      experimentalFeatures: false,
      webviewTag: false,
    },
  })

  window.once('ready-to-show', () => {
    if (saved.maximized) window.maximize()
    window.show()
  })
  // Saved on close only: a crash keeps the previous place, which is harmless.
  window.on('close', () => settings.set('window', currentState(window)))

  window.loadURL(origin.url).catch((error: unknown) => {
    // Show the (empty) window anyway: an app that never appears is harder to diagnose than a blank one.
    console.error(`Could not load ${origin.url}:`, error)
    if (!window.isDestroyed()) window.show()
  })
  return window
}

/** Brings the window to the front, e.g. when the app is launched a second time. */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}

function currentState(window: BrowserWindow): WindowState {
  // The normal bounds, so a maximized window restores to the size it had before.
  const { x, y, width, height } = window.getNormalBounds()
  return {
    x,
    y,
    width: Math.max(width, MIN_WINDOW.width),
    height: Math.max(height, MIN_WINDOW.height),
    maximized: window.isMaximized(),
  }
}

/** The saved bounds, or only the saved size (centered) when the saved place is off every screen. */
function restorableBounds(saved: WindowState): Partial<Rectangle> {
  const size = { width: saved.width, height: saved.height }
  if (saved.x === undefined || saved.y === undefined) return size
  const bounds = { x: saved.x, y: saved.y, ...size }
  const visible = screen.getAllDisplays().some(({ workArea }) => overlap(bounds, workArea) >= 100 * 100)
  return visible ? bounds : size
}

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return width > 0 && height > 0 ? width * height : 0
}
