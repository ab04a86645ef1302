/**
 * How `npm run bench` counts a first screen's JavaScript, on a made-up build:
 * index.html's module script and modulepreload links with their static
 * imports, then the screen's lazy modules with theirs; each file once, and
 * never a chunk that is only imported dynamically.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allScripts, gzippedBytes, loadedFiles } from '../bench/bundle'

let dir: string
const manifest = {
  'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_vendor.js'], dynamicImports: ['a.ts', 'b.ts'] },
  '_vendor.js': { file: 'assets/vendor.js', imports: ['_react.js'] },
  '_react.js': { file: 'assets/react.js' },
  '_shared.js': { file: 'assets/shared.js', imports: ['_vendor.js'] },
  'a.ts': {
    file: 'assets/a.js',
    isDynamicEntry: true,
    imports: ['_shared.js', '_vendor.js'],
    dynamicImports: ['c.ts'],
  },
  'b.ts': { file: 'assets/b.js', isDynamicEntry: true, imports: ['_shared.js'] },
  'c.ts': { file: 'assets/c.js', isDynamicEntry: true },
  'not-lazy.ts': { file: 'assets/not-lazy.js' },
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'buffer-clone-bench-bundle-'))
  mkdirSync(join(dir, '.vite'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest))
  writeFileSync(
    join(dir, 'index.html'),
    '<script type="module" crossorigin src="./assets/index.js"></script>\n<link rel="modulepreload" crossorigin href="./assets/react.js">\n<link rel="stylesheet" href="./assets/index.css">',
  )
  for (const { file } of Object.values(manifest))
    writeFileSync(join(dir, file), `export const name = ${JSON.stringify(file)}`)
  writeFileSync(join(dir, 'assets', 'index.css'), 'body{}')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("the bench's first-screen count", () => {
  it('follows index.html and static imports only', () => {
    expect(loadedFiles(dir, []).sort()).toEqual(['assets/index.js', 'assets/react.js', 'assets/vendor.js'])
  })

  it("adds a screen's lazy modules and what they import, each file once, not what they load later", () => {
    expect(loadedFiles(dir, ['a.ts']).sort()).toEqual([
      'assets/a.js',
      'assets/index.js',
      'assets/react.js',
      'assets/shared.js',
      'assets/vendor.js',
    ])
    expect(loadedFiles(dir, ['a.ts', 'b.ts'])).toHaveLength(6)
  })

  it('refuses a module that is missing or not lazily loaded, rather than count less', () => {
    expect(() => loadedFiles(dir, ['gone.ts'])).toThrow(/not a lazily loaded module/)
    expect(() => loadedFiles(dir, ['not-lazy.ts'])).toThrow(/not a lazily loaded module/)
  })

  it('counts gzipped bytes against every script of the build', () => {
    expect(allScripts(dir)).toHaveLength(Object.keys(manifest).length)
    const expected = gzipSync(Buffer.from('export const name = "assets/a.js"')).length
    expect(gzippedBytes(dir, ['assets/a.js'])).toBe(expected)
  })
})
