/**
 * The `app://` protocol that serves the built renderer to the packaged
 * window. A `file://` page gets no response headers, so its policy could
 * only come from a `<meta>` tag the page itself controls; here every answer
 * carries the Content-Security-Policy and the other headers from main.
 *
 * Pure (no electron import): the handler is a function from a fetch
 * `Request` to a `Response` over a small file interface, so it is unit
 * tested in plain Node. protocol.ts hands it to Electron's `protocol.handle`.
 *
 * It answers only GET and HEAD for files inside the renderer folder. A path
 * that tries to leave it (`..` or a separator hidden in percent-encoding, a
 * backslash, a drive or stream name) is refused before the file system is
 * asked; a missing file is a 404, except an address without an extension,
 * which is a screen of the single-page app and gets index.html.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The scheme and the one host the app's page lives at: `app://buffer-clone/`. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'buffer-clone'
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`

/**
 * What `protocol.registerSchemesAsPrivileged` grants the scheme. `standard`
 * gives it a real origin (so `'self'`, relative URLs and storage work) and
 * `secure` makes it a secure context like https. Deliberately not granted:
 * `bypassCSP` (the policy must hold), `corsEnabled` (no other origin reads
 * our files), `allowServiceWorkers` (nothing may outlive a reload), `stream`.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const

/** The renderer folder as the handler sees it: a file's bytes by its path inside the folder, or null. */
export interface RendererFiles {
  /** `relativePath` uses `/`, never starts with one, and never contains `.`/`..` segments. */
  read(relativePath: string): Promise<Uint8Array | null>
}

/**
 * The renderer folder on disk (inside app.asar once packaged: Electron's fs
 * reads it there). Missing files and folders read as null; anything else
 * (a permission problem, a damaged archive) is a real error.
 */
export function folderFiles(root: string): RendererFiles {
  return {
    async read(relativePath) {
      try {
        return await readFile(join(root, ...relativePath.split('/')))
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null
        throw error
      }
    },
  }
}

export interface AppProtocolOptions {
  files: RendererFiles
  /** The policy every answer carries (AppOrigin's `csp`). */
  csp: string
  /** Where a file that exists but cannot be read is reported; the page only gets a plain 500. */
  onError?: (message: string, error: unknown) => void
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  wasm: 'application/wasm',
}
// With nosniff, an unknown type is never run as script or rendered as a page.
const UNKNOWN_TYPE = 'application/octet-stream'

const INDEX = 'index.html'

function extension(path: string): string | null {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : null
}

export const contentTypeFor = (path: string): string => CONTENT_TYPES[extension(path) ?? ''] ?? UNKNOWN_TYPE

/**
 * The file a URL names inside the renderer folder, as a relative path
 * ('' for the folder itself); null when it is not ours or tries to leave.
 */
function pathInside(url: URL): string | null {
  // A standard scheme's URL arrives with `.` and `..` already resolved, so
  // any that are left were percent-encoded on purpose (`..%2f`).
  let decoded: string
  try {
    decoded = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  const segments = decoded.split('/').filter((segment) => segment !== '')
  // `\` is a separator on Windows, `:` names a drive or an NTFS stream, NUL ends a C string.
  const unsafe = (segment: string) => segment === '.' || segment === '..' || /[\\:\0]/.test(segment)
  return segments.some(unsafe) ? null : segments.join('/')
}

/**
 * Whether a parsed URL is on app://buffer-clone/ itself. Compared part by
 * part: Node gives non-http schemes an opaque `origin`, and
 * app://someone@buffer-clone:1/ must not pass for the app.
 */
export function isAppProtocolUrl(url: URL): boolean {
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  )
}

/** The handler for `protocol.handle(APP_SCHEME, …)`. */
export function appProtocolHandler({
  files,
  csp,
  onError = console.error,
}: AppProtocolOptions): (request: Request) => Promise<Response> {
  const headers = (contentType: string, length: number): Headers =>
    new Headers({
      'Content-Type': contentType,
      'Content-Length': String(length),
      // Checklist #7, https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    })

  const answer = (request: Request, status: number, contentType: string, body: Uint8Array, extra = {}) => {
    const head = headers(contentType, body.byteLength)
    for (const [name, value] of Object.entries(extra)) head.set(name, String(value))
    // Response wants an ArrayBuffer-backed view; a Node Buffer may sit on a shared pool.
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status, headers: head })
  }
  const text = (request: Request, status: number, message: string, extra = {}) =>
    answer(request, status, 'text/plain; charset=utf-8', new TextEncoder().encode(message), extra)

  const serve = async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return text(request, 405, 'Only GET and HEAD are answered here.', { Allow: 'GET, HEAD' })
    }
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return text(request, 400, 'This address cannot be read.')
    }
    const path = isAppProtocolUrl(url) ? pathInside(url) : null
    if (path === null) return text(request, 404, 'Not found.')

    const wanted = path === '' ? INDEX : path
    const body = await files.read(wanted)
    if (body) return answer(request, 200, contentTypeFor(wanted), body)
    // A screen's address (no extension) is the single-page app; a missing
    // script or stylesheet stays a 404, never HTML in its place.
    if (extension(wanted) === null) {
      const index = await files.read(INDEX)
      if (index) return answer(request, 200, contentTypeFor(INDEX), index)
    }
    return text(request, 404, 'Not found.')
  }

  return async (request) => {
    try {
      return await serve(request)
    } catch (error) {
      // A file that exists but cannot be read (permissions, a damaged archive).
      onError(`Could not serve ${request.url}:`, error)
      return text(request, 500, 'The app could not read its own files. Reinstall it.')
    }
  }
}
