/**
 * Where data lives. Browser mode uses the same folder as the desktop app
 * (Electron's userData for the product name), so both see one profile;
 * BUFFER_CLONE_DATA_DIR overrides it.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'

export const PRODUCT_NAME = 'buffer-clone'

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BUFFER_CLONE_DATA_DIR) return env.BUFFER_CLONE_DATA_DIR
  switch (process.platform) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME)
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME)
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME)
  }
}
