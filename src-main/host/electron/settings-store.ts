/**
 * Host state that must be at hand before any database opens: the window's
 * size and place. Kept with electron-store (an atomic JSON file validated by
 * a JSON schema); everything a user makes lives in SQLite, not here.
 */
import Store, { type Schema } from 'electron-store'

export interface WindowState {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export interface Settings {
  window: WindowState
}

export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 800, maximized: false }
export const MIN_WINDOW = { width: 800, height: 560 }

const schema: Schema<Settings> = {
  window: {
    type: 'object',
    properties: {
      x: { type: 'integer' },
      y: { type: 'integer' },
      width: { type: 'integer', minimum: MIN_WINDOW.width },
      height: { type: 'integer', minimum: MIN_WINDOW.height },
      maximized: { type: 'boolean' },
    },
    required: ['width', 'height', 'maximized'],
    additionalProperties: false,
  },
}

export type SettingsStore = Store<Settings>

export function openSettings(dataDir: string): SettingsStore {
  return new Store<Settings>({
    name: 'settings',
    cwd: dataDir,
    schema,
    defaults: { window: DEFAULT_WINDOW },
    // A damaged file only loses the window's position: start again from the defaults rather than refuse to start.
    clearInvalidConfig: true,
  })
}
