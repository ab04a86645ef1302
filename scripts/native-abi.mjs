#!/usr/bin/env node
// Native modules (better-sqlite3, keytar) are compiled for one runtime at a
// time: Node (tests, browser mode, the bench) or Electron (`npm start`), whose
// ABIs differ. `ensureNativeFor(target)` rebuilds them only when they are
// built for the other one, and records the target in node_modules/.native-abi.
//
// So after `npm start` has run the desktop app, the next `npm test` rebuilds
// them for Node (setup.mjs calls ensureNativeFor('node')), and the next
// `npm start` rebuilds them for Electron again. Each switch costs a rebuild.
//
//   node scripts/native-abi.mjs node|electron
//
// Node built-ins only: it runs before anything else is known to work.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const markerFile = join(root, 'node_modules', '.native-abi')

/** better-sqlite3 is required; keytar is optional (the app falls back to another secret store without it). */
export const NATIVE_MODULES = ['better-sqlite3', 'keytar']

/** What node_modules/.native-abi says the modules are built for, e.g. "electron@45.5.0" or "node-abi@115". */
export function nativeTarget() {
  return existsSync(markerFile) ? readFileSync(markerFile, 'utf8').trim() : null
}

function electronVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  if (result.error) throw result.error
  return result.status === 0
}

/** npm itself, also on Windows where `npm` is a .cmd that spawn cannot start without a shell. */
function npm(args) {
  const npmCli = process.env.npm_execpath
  if (npmCli && /npm-cli\.[cm]?js$/.test(npmCli)) return run(process.execPath, [npmCli, ...args])
  if (process.platform === 'win32') {
    const result = spawnSync('npm.cmd', args, { cwd: root, stdio: 'inherit', shell: true })
    return result.status === 0
  }
  return run('npm', args)
}

/** Loads one module in a child Node; answers null when it loads, else why it does not. */
function loadError(name) {
  const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(name)})`], {
    cwd: root,
    encoding: 'utf8',
  })
  return result.status === 0 ? null : (result.stderr || result.stdout || `exit code ${result.status}`).trim()
}

/** Built for another runtime, or not built at all: a rebuild fixes both. */
function rebuildWouldFix(error) {
  return /NODE_MODULE_VERSION|compiled against a different Node\.js version|Could not locate the bindings file|\.node: (invalid ELF|wrong ELF class)/.test(
    error,
  )
}

function firstLine(error) {
  return error.split('\n').find((line) => /Error|error:/.test(line)) ?? error.split('\n')[0]
}

function ensureForNode() {
  const target = `node-abi@${process.versions.modules}`
  const errors = Object.fromEntries(NATIVE_MODULES.map((name) => [name, loadError(name)]))
  const fixable = NATIVE_MODULES.filter((name) => errors[name] && rebuildWouldFix(errors[name]))
  if (fixable.length > 0) {
    console.log(
      `Rebuilding native modules for Node ${process.version} (${fixable.join(', ')} were built for another runtime)…`,
    )
    if (!npm(['rebuild', ...NATIVE_MODULES]))
      throw new Error(`npm rebuild ${NATIVE_MODULES.join(' ')} failed; see above.`)
    for (const name of NATIVE_MODULES) errors[name] = loadError(name)
  }
  if (errors['better-sqlite3']) {
    throw new Error(`better-sqlite3 does not load in Node ${process.version}: ${firstLine(errors['better-sqlite3'])}`)
  }
  if (errors.keytar) {
    console.warn(`keytar does not load (${firstLine(errors.keytar)}); the OS keychain will not be used in Node.`)
  }
  writeFileSync(markerFile, `${target}\n`)
}

/**
 * The Electron executable, found the way node_modules/electron/index.js finds
 * it but without requiring that file, which downloads the binary when it is
 * missing. Null when it is not installed.
 */
export function electronExecutable() {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return null
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(root, 'node_modules', 'electron', 'dist')
  const executable = join(distDir, readFileSync(pathFile, 'utf8').trim())
  return existsSync(executable) ? executable : null
}

/** Like loadError, inside Electron's own Node (ELECTRON_RUN_AS_NODE needs no display). */
function loadErrorInElectron(executable, name) {
  const result = spawnSync(executable, ['-e', `require(${JSON.stringify(name)})`], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  })
  return result.status === 0 ? null : (result.stderr || result.stdout || `exit code ${result.status}`).trim()
}

function ensureForElectron() {
  const target = `electron@${electronVersion()}`
  const executable = electronExecutable()
  // With the binary at hand, Electron itself says whether the module loads; without it, the marker does.
  const problem = () =>
    executable ? loadErrorInElectron(executable, 'better-sqlite3') : nativeTarget() === target ? null : 'not built'
  if (problem() === null) {
    writeFileSync(markerFile, `${target}\n`)
    return
  }
  console.log(`Building native modules for Electron ${electronVersion()} (electron-builder install-app-deps)…`)
  // Whatever happens next, the modules are no longer known to be built for Node.
  rmSync(markerFile, { force: true })
  // An npm `nodedir` setting (npm passes it on as npm_config_nodedir) would make node-gyp
  // compile against Node's headers instead of Electron's, and the result would not load.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'),
  )
  // @electron/rebuild skips a module whose .forge-meta names this ABI, even if npm rebuilt it for Node since.
  for (const name of NATIVE_MODULES)
    rmSync(join(root, 'node_modules', name, 'build', 'Release', '.forge-meta'), { force: true })
  const cli = join(root, 'node_modules', 'electron-builder', 'cli.js')
  const built = spawnSync(process.execPath, [cli, 'install-app-deps'], { cwd: root, stdio: 'inherit', env })
  if (built.status !== 0) {
    throw new Error(
      'Building native modules for Electron failed (it needs Electron headers from electronjs.org or prebuilt binaries from GitHub)',
    )
  }
  const left = problem()
  if (left) throw new Error(`better-sqlite3 still does not load in Electron after the rebuild: ${firstLine(left)}`)
  writeFileSync(markerFile, `${target}\n`)
}

/** Makes better-sqlite3 and keytar loadable in `target`, rebuilding only when needed. */
export async function ensureNativeFor(target) {
  if (target === 'node') return ensureForNode()
  if (target === 'electron') return ensureForElectron()
  throw new Error(`ensureNativeFor takes 'node' or 'electron', not ${JSON.stringify(target)}.`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await ensureNativeFor(process.argv[2])
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
}
