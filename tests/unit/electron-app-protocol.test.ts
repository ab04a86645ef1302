/**
 * The app:// protocol's answers: the built renderer from its folder, with the
 * app's Content-Security-Policy and nosniff on every answer, the right
 * content types, index.html for a screen's address, and nothing from outside
 * the folder, however the path is spelled. Real files in a temporary folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  APP_SCHEME_PRIVILEGES,
  APP_URL,
  appProtocolHandler,
  folderFiles,
  type RendererFiles,
} from '../../src-main/host/electron/app-protocol'
import { contentSecurityPolicy } from '../../src-shared/content-security-policy'

const CSP = contentSecurityPolicy()
const SECRET = 'the contents of a file outside the renderer folder'
const INDEX = '<!doctype html><title>buffer-clone</title><script type="module" src="./assets/index-abc.js"></script>'

let root: string
let rendererDir: string
/** Every path the handler asked the folder for. */
const asked: string[] = []
let handler: (request: Request) => Promise<Response>

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'buffer-clone-app-protocol-'))
  rendererDir = join(root, 'renderer')
  mkdirSync(join(rendererDir, 'assets', 'fonts'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), INDEX)
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log("app")')
  writeFileSync(join(rendererDir, 'assets', 'app-abc.css'), 'body{}')
  writeFileSync(join(rendererDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(join(rendererDir, 'assets', 'fonts', 'inter.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]))
  writeFileSync(join(rendererDir, 'assets', 'data.bin'), Buffer.from([1, 2, 3]))
  writeFileSync(join(rendererDir, 'assets', 'name with space.json'), '{}')
  writeFileSync(join(root, 'secret.txt'), SECRET)
  writeFileSync(join(root, 'renderer-evil.txt'), SECRET)
  const files = folderFiles(rendererDir)
  const watched: RendererFiles = {
    read: (path) => {
      asked.push(path)
      return files.read(path)
    },
  }
  handler = appProtocolHandler({ files: watched, csp: CSP })
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const get = (url: string, init?: RequestInit) => handler(new Request(url, init))

async function expectHardened(response: Response) {
  expect(response.headers.get('content-security-policy')).toBe(CSP)
  expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  expect(response.headers.get('referrer-policy')).toBe('no-referrer')
}

describe('the app:// protocol', () => {
  it('serves index.html at the app address, with the policy as a header', async () => {
    const response = await get(APP_URL)
    expect(APP_URL).toBe('app://buffer-clone/')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await response.text()).toBe(INDEX)
    await expectHardened(response)
  })

  it('ignores the query and the fragment the renderer routes with', async () => {
    for (const url of [`${APP_URL}?org=1`, `${APP_URL}#/publish/queue`, `${APP_URL}index.html#/settings`]) {
      const response = await get(url)
      expect(response.status, url).toBe(200)
      expect(await response.text()).toBe(INDEX)
    }
  })

  it('gives each file its content type, and an inert one to a type it does not know', async () => {
    const types: Record<string, string> = {
      'assets/index-abc.js': 'text/javascript; charset=utf-8',
      'assets/app-abc.css': 'text/css; charset=utf-8',
      'assets/logo.svg': 'image/svg+xml',
      'assets/fonts/inter.woff2': 'font/woff2',
      'assets/name%20with%20space.json': 'application/json; charset=utf-8',
      'assets/data.bin': 'application/octet-stream',
    }
    for (const [path, type] of Object.entries(types)) {
      const response = await get(`${APP_URL}${path}`)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toBe(type)
      await expectHardened(response)
    }
    expect(await (await get(`${APP_URL}assets/index-abc.js`)).text()).toBe('console.log("app")')
    expect(new Uint8Array(await (await get(`${APP_URL}assets/data.bin`)).arrayBuffer())).toEqual(
      new Uint8Array([1, 2, 3]),
    )
  })

  it("answers a screen's address (no extension) with index.html, for the single-page app", async () => {
    for (const path of ['publish', 'publish/post/0193', 'assets', 'assets/fonts/']) {
      const response = await get(`${APP_URL}${path}`)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await response.text()).toBe(INDEX)
    }
  })

  it('answers a missing file with a 404, never with index.html in its place', async () => {
    for (const path of ['assets/missing-abc.js', 'missing.css', 'index.html/x.js']) {
      const response = await get(`${APP_URL}${path}`)
      expect(response.status, path).toBe(404)
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(await response.text()).not.toContain('<!doctype')
      await expectHardened(response)
    }
  })

  it('never serves a file from outside the renderer folder, however the path is spelled', async () => {
    asked.length = 0
    const attempts = [
      '../secret.txt',
      '%2e%2e/secret.txt',
      '.%2e/secret.txt',
      'assets/../../secret.txt',
      '..%2fsecret.txt',
      'assets/..%2f..%2fsecret.txt',
      'assets%2f..%2f..%2fsecret.txt',
      '..%5csecret.txt',
      'assets\\..\\..\\secret.txt',
      '%2e%2e%5c%2e%2e%5csecret.txt',
      '..%252fsecret.txt',
      `${encodeURIComponent(join(root, 'secret.txt'))}`,
      '..%2frenderer-evil.txt',
      'C:%5cWindows%5cwin.ini',
      'index.html%00.js',
      'index.html::$DATA',
    ]
    for (const path of attempts) {
      const response = await get(`${APP_URL}${path}`)
      expect(response.status, path).toBe(404)
      expect(await response.text(), path).not.toContain(SECRET)
      await expectHardened(response)
    }
    // The folder itself was never asked for anything that climbs out of it or names another drive.
    for (const path of asked) expect(path, path).not.toMatch(/(^|\/)\.\.?(\/|$)|[\\:\0]|^\//)
  })

  it('answers only its own host', async () => {
    for (const url of [
      'app://other/index.html',
      'app://buffer-clone:8080/index.html',
      'https://buffer-clone/index.html',
      'file:///index.html',
    ]) {
      const response = await get(url)
      expect(response.status, url).toBe(404)
      await expectHardened(response)
    }
  })

  it('refuses an address with broken percent-encoding', async () => {
    const response = await get(`${APP_URL}assets/%E0%A4%A.js`)
    expect(response.status).toBe(404)
  })

  it('answers HEAD with the headers alone, and refuses other methods', async () => {
    const head = await get(`${APP_URL}assets/index-abc.js`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(head.headers.get('content-length')).toBe(String('console.log("app")'.length))
    expect(await head.text()).toBe('')

    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await get(APP_URL, { method, body: method === 'DELETE' ? undefined : 'x' })
      expect(response.status, method).toBe(405)
      expect(response.headers.get('allow')).toBe('GET, HEAD')
      await expectHardened(response)
    }
  })

  it('answers a plain 500, and logs why, when a file exists but cannot be read', async () => {
    const onError = vi.fn()
    const broken = appProtocolHandler({
      files: { read: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) },
      csp: CSP,
      onError,
    })
    const response = await broken(new Request(`${APP_URL}assets/index-abc.js`))
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('EACCES')
    await expectHardened(response)
    expect(onError).toHaveBeenCalledOnce()
  })

  it('is declared standard and secure, without the privileges that would loosen the policy', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true })
    for (const loosening of ['bypassCSP', 'corsEnabled', 'allowServiceWorkers', 'allowExtensions'])
      expect(APP_SCHEME_PRIVILEGES, loosening).not.toHaveProperty(loosening)
  })
})
