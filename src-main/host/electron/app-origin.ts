/**
 * What counts as the app's own page, for the checks that guard IPC,
 * navigation and permissions. Pure (no electron import), so it is unit
 * tested in plain Node.
 *
 * In production the window loads the built renderer from the `app://`
 * protocol (app-protocol.ts), so the app's page is any address of
 * app://buffer-clone/ and nothing else: not a `file://` page, not another
 * host of the scheme. With `electron-vite dev` it is any page of the dev
 * server's origin. Query and fragment never matter: the renderer routes with
 * them.
 */
import { contentSecurityPolicy } from '../../../src-shared/content-security-policy'
import { APP_URL, isAppProtocolUrl } from './app-protocol'

export interface AppOrigin {
  /** The address the window loads. */
  readonly url: string
  /** Whether `url` is one of the app's own pages. Anything unparsable is not. */
  isAppUrl(url: string): boolean
  /** The Content-Security-Policy for every response the renderer receives. */
  readonly csp: string
}

export interface AppOriginOptions {
  /** electron-vite's dev server (ELECTRON_RENDERER_URL); the caller passes it only when not packaged. */
  devServerUrl?: string
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

export function appOrigin({ devServerUrl }: AppOriginOptions = {}): AppOrigin {
  const dev = devServerUrl ? parse(devServerUrl) : null
  if (devServerUrl && dev?.protocol !== 'http:' && dev?.protocol !== 'https:') {
    throw new Error(
      `ELECTRON_RENDERER_URL must be an http(s) URL such as http://localhost:5173; it is "${devServerUrl}".`,
    )
  }
  if (dev) {
    const wsOrigin = `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`
    return {
      url: dev.href,
      isAppUrl: (url) => parse(url)?.origin === dev.origin,
      // Development only: Vite's hot reload talks over a websocket, and the
      // React Refresh preamble is an inline script Vite writes into the page.
      csp: contentSecurityPolicy({ connect: [wsOrigin] }).replace(
        "script-src 'self'",
        "script-src 'self' 'unsafe-inline'",
      ),
    }
  }
  return {
    url: APP_URL,
    isAppUrl: (url) => {
      const parsed = parse(url)
      return parsed !== null && isAppProtocolUrl(parsed)
    },
    csp: contentSecurityPolicy(),
  }
}

/**
 * Links the app may hand to the OS browser: https only. Other schemes can
 * start programs (file:, smb:, custom handlers), so they are never opened.
 */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parse(url)
  return parsed?.protocol === 'https:' && parsed.username === '' && parsed.password === ''
}
