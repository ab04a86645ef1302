/**
 * What the Electron host treats as its own page: the only sender IPC answers,
 * the only place the window may navigate, the only page granted notifications.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { appOrigin, isSafeExternalUrl } from '../../src-main/host/electron/app-origin'

const rendererFile = join(import.meta.dirname, 'out', 'renderer', 'index.html')
const page = 'app://buffer-clone/'

const scriptSrc = (csp: string) => csp.split('; ').find((d) => d.startsWith('script-src'))

describe('the packaged app page (app://buffer-clone/)', () => {
  const origin = appOrigin()

  it('loads the renderer from the app protocol', () => {
    expect(origin.url).toBe(page)
  })

  it('is any address of that origin, whatever route sits in its fragment or query', () => {
    expect(origin.isAppUrl(page)).toBe(true)
    expect(origin.isAppUrl(`${page}#/publish/queue`)).toBe(true)
    expect(origin.isAppUrl(`${page}?org=1`)).toBe(true)
    expect(origin.isAppUrl(`${page}index.html#/settings`)).toBe(true)
  })

  it('is not the built file over file://, another host or port of the scheme, or a web page', () => {
    expect(origin.isAppUrl(pathToFileURL(rendererFile).href)).toBe(false)
    expect(origin.isAppUrl('file:///index.html')).toBe(false)
    expect(origin.isAppUrl('app://attacker.example/')).toBe(false)
    expect(origin.isAppUrl('app://buffer-clone.attacker.example/')).toBe(false)
    expect(origin.isAppUrl('app://buffer-clone:8080/')).toBe(false)
    expect(origin.isAppUrl('app://someone@buffer-clone/')).toBe(false)
    expect(origin.isAppUrl('app://:secret@buffer-clone/')).toBe(false)
    expect(origin.isAppUrl('apps://buffer-clone/')).toBe(false)
    expect(origin.isAppUrl('https://buffer-clone/')).toBe(false)
    expect(origin.isAppUrl('https://example.com/out/renderer/index.html')).toBe(false)
    expect(origin.isAppUrl('about:blank')).toBe(false)
    expect(origin.isAppUrl('not a url')).toBe(false)
  })

  it('gets the strict policy: our own scripts only', () => {
    expect(scriptSrc(origin.csp)).toBe("script-src 'self'")
    expect(origin.csp).toContain("default-src 'none'")
  })
})

describe('the development page (electron-vite dev server)', () => {
  const origin = appOrigin({ devServerUrl: 'http://localhost:5173' })

  it('is any page of the dev server, and nothing else', () => {
    expect(origin.url).toBe('http://localhost:5173/')
    expect(origin.isAppUrl('http://localhost:5173/#/engage')).toBe(true)
    expect(origin.isAppUrl('http://localhost:5174/')).toBe(false)
    expect(origin.isAppUrl('http://localhost.attacker.example:5173/')).toBe(false)
    expect(origin.isAppUrl(page)).toBe(false)
    expect(origin.isAppUrl(pathToFileURL(rendererFile).href)).toBe(false)
  })

  it("allows hot reload's websocket and React Refresh's inline preamble", () => {
    expect(origin.csp).toMatch(/connect-src 'self' ws:\/\/localhost:5173/)
    expect(scriptSrc(origin.csp)).toBe("script-src 'self' 'unsafe-inline'")
  })

  it('refuses a dev server address that is not an http(s) URL', () => {
    expect(() => appOrigin({ devServerUrl: 'localhost:5173' })).toThrow(/http\(s\) URL/)
    expect(() => appOrigin({ devServerUrl: 'file:///tmp/index.html' })).toThrow(/http\(s\) URL/)
  })
})

describe('links opened in the OS browser', () => {
  it('are https links', () => {
    expect(isSafeExternalUrl('https://bsky.app/profile/someone')).toBe(true)
  })

  it('never anything that could start a program or hide where it goes', () => {
    for (const url of [
      'http://example.com',
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'https://user:pass@example.com',
      'not a url',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false)
    }
  })
})
