import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const __dirname = dirname(fileURLToPath(import.meta.url))

const inNodeModules = (pattern: string) => new RegExp(`[\\\\/]node_modules[\\\\/]${pattern}`)

/**
 * How the renderer is split. Each module's screens are their own chunk by
 * being imported lazily (src-renderer/app/lazy-screens.ts, one file per
 * module in app/modules/); these groups only gather what is left:
 * - `react` and `vendor`: the libraries the shell needs before its first
 *   paint (`$initial`), apart from the app's own code, which changes with
 *   every release. React on its own, since it changes least. Stable files
 *   keep their browser cache and their V8 code cache across releases.
 * - `shell`: the app's own code before the first paint, with Vite's preload
 *   helper (otherwise the entry and the chunks would import each other).
 * - `dates`: @mantine/dates and dayjs, for the composer and Channels only.
 * - `icons`: the screens' icons beyond the shell's, and `shared`: code that
 *   two or more modules use; two files rather than dozens of tiny ones.
 * A group takes only the modules it matches (not what they import), so a
 * library never drags code of the first screen into a lazy chunk, or back.
 */
const rendererChunks = {
  includeDependenciesRecursively: false,
  groups: [
    { name: 'react', test: inNodeModules('(react|react-dom|scheduler)[\\\\/]'), priority: 50 },
    { name: 'vendor', test: inNodeModules(''), tags: ['$initial' as const], priority: 40 },
    {
      name: 'shell',
      test: /[\\/](src-renderer|src-shared)[\\/]|vite[\\/]preload-helper/,
      tags: ['$initial' as const],
      priority: 35,
    },
    { name: 'dates', test: inNodeModules('(@mantine[\\\\/]dates|dayjs)[\\\\/]'), priority: 30 },
    { name: 'icons', test: inNodeModules('@tabler[\\\\/]'), priority: 20 },
    { name: 'shared', minShareCount: 2, priority: 10 },
  ],
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/host/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require node_modules: bundle everything, as CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified by default; minified, it parses faster too.
      minify: true,
      // Minified CSS moved input borders by a subpixel (screenshot diffs); the first screen must look as before.
      cssMinify: false,
      // .vite/manifest.json: which files each module loads, read by `npm run bench` (tests/bench/bundle.ts).
      manifest: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-renderer/index.html') },
        output: { codeSplitting: rendererChunks },
      },
    },
  },
})
