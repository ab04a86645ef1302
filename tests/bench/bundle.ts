/**
 * What the renderer makes a window download before its first screen, from
 * the built `out/renderer` and the manifest Vite writes beside it
 * (`build.manifest`, `.vite/manifest.json`): index.html's module scripts and
 * modulepreload links with everything they import statically, then, for
 * each screen, the lazily loaded modules the way to it passes through, each
 * with its static imports. A file counts once, its bytes gzipped with zlib.
 *
 * The screens are named by the source files of their lazy modules, so a
 * renamed module fails here loudly instead of quietly measuring less.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Row } from './measure'

/** One entry of Vite's build manifest (the fields used here). */
interface ManifestChunk {
  file: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
}
type Manifest = Record<string, ManifestChunk>

/**
 * The lazy modules (source paths, as the manifest keys them) each first
 * screen needs in Electron beyond what index.html loads (the shell). Browser
 * mode also loads `platform/web-bridge.ts`, which the desktop's preload makes
 * unnecessary.
 */
export const FIRST_SCREENS = {
  'first run (welcome)': ['app/modules/onboarding.ts'],
  'signed in (Publish)': ['app/modules/publish.ts'],
} as const satisfies Record<string, readonly string[]>

export type FirstScreen = keyof typeof FIRST_SCREENS

export function readManifest(rendererDir: string): Manifest {
  const file = join(rendererDir, '.vite', 'manifest.json')
  if (!existsSync(file)) throw new Error(`${file} is missing: build the renderer first (npm run build).`)
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest
}

/** The scripts index.html starts with: its module script and its modulepreload links, as paths in the folder. */
function htmlScripts(rendererDir: string): string[] {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8')
  const files: string[] = []
  for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const isScript = tag.startsWith('<script') && /\btype="module"/.test(tag)
    const isPreload = tag.startsWith('<link') && /\brel="modulepreload"/.test(tag)
    const src = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1]
    if ((isScript || isPreload) && src) files.push(src.replace(/^\.?\//, ''))
  }
  if (files.length === 0) throw new Error('index.html loads no module script; is this a renderer build?')
  return files
}

/** The files (paths in the renderer folder) a screen loads before it shows. */
export function firstScreenFiles(rendererDir: string, screen: FirstScreen): string[] {
  return loadedFiles(rendererDir, FIRST_SCREENS[screen])
}

/** The files index.html loads, then those the lazy modules `lazyModules` (manifest keys) add. */
export function loadedFiles(rendererDir: string, lazyModules: readonly string[]): string[] {
  const manifest = readManifest(rendererDir)
  const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]))
  const files = new Set<string>()
  const visit = (key: string) => {
    const chunk = manifest[key]
    if (!chunk) throw new Error(`The renderer build's manifest has no entry ${key}.`)
    if (files.has(chunk.file)) return
    files.add(chunk.file)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  for (const file of htmlScripts(rendererDir)) {
    const key = byFile.get(file)
    if (!key) throw new Error(`index.html loads ${file}, which the manifest does not list.`)
    visit(key)
  }
  for (const key of lazyModules) {
    if (!manifest[key]?.isDynamicEntry)
      throw new Error(`${key} is not a lazily loaded module of the renderer build; update FIRST_SCREENS.`)
    visit(key)
  }
  return [...files]
}

/** Every JavaScript file of the build. */
export function allScripts(rendererDir: string): string[] {
  const found: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.js')) found.push(relative(rendererDir, path).split('\\').join('/'))
    }
  }
  walk(rendererDir)
  return found
}

export const gzippedBytes = (rendererDir: string, files: string[]): number =>
  files.reduce((sum, file) => sum + gzipSync(readFileSync(join(rendererDir, file))).length, 0)

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/** The bench's rows: each first screen's gzipped JavaScript beside the whole build's. */
export function bundleBench(rendererDir: string): Row[] {
  const all = allScripts(rendererDir)
  const total = gzippedBytes(rendererDir, all)
  return (Object.keys(FIRST_SCREENS) as FirstScreen[]).map((screen) => {
    const files = firstScreenFiles(rendererDir, screen)
    const bytes = gzippedBytes(rendererDir, files)
    return {
      measure: `JavaScript before the first screen, ${screen}, gzipped`,
      ours: `${kb(bytes)} in ${files.length} files`,
      baseline: `${kb(total)} in ${all.length} files, the whole renderer`,
      ratio: (bytes / total).toFixed(2),
    }
  })
}
