#!/usr/bin/env node
// `npm start`: set up, build, then run the desktop app, or browser mode
// where Electron cannot run (its binary was not downloaded, or Linux has no
// display). Browser mode prints the address to open.
//
// Before Electron starts, native modules are rebuilt for Electron's ABI when
// they were last built for Node (see native-abi.mjs); running the tests
// afterwards rebuilds them for Node again.
//
// Node built-ins only. Ctrl+C and SIGTERM are passed on to the app, which
// closes its databases before exiting.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { constants } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronExecutable, ensureNativeFor } from './native-abi.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (pkg, file) => join(root, 'node_modules', pkg, file)

function step(what, command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  if (result.status !== 0) {
    console.error(`npm start stopped: ${what} failed.`)
    process.exit(result.status ?? 1)
  }
}

/** Why Electron cannot run here, or null when it can. */
function whyNotElectron(executable) {
  if (!executable) {
    const skipped = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? ' (ELECTRON_SKIP_BINARY_DOWNLOAD was set)' : ''
    return `Electron's binary is not installed${skipped}`
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'There is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)'
  }
  return null
}

/** Runs the app in the foreground, passing signals on, and exits as it exits. */
function runForeground(command, args, env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env })
  // A terminal's Ctrl+C reaches the child too; passing it on again is harmless and covers `kill <pid>`.
  const forward = (signal) => () => child.kill(signal)
  process.on('SIGINT', forward('SIGINT'))
  process.on('SIGTERM', forward('SIGTERM'))
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`)
    process.exit(1)
  })
  // Exit as a shell reports a signal death: 128 + the signal's number.
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)))
}

function startBrowserMode(reason) {
  if (reason) console.log(`${reason} — starting browser mode instead.`)
  runForeground(process.execPath, ['--import', 'tsx', join(root, 'src-main', 'host', 'web', 'cli.ts')], process.env)
}

if (existsSync(join(root, 'scripts', 'setup.mjs')))
  step('setup', process.execPath, [join(root, 'scripts', 'setup.mjs')])
step('the build (electron-vite build)', process.execPath, [bin('electron-vite', 'bin/electron-vite.js'), 'build'])

const executable = electronExecutable()
const reason = whyNotElectron(executable)
if (reason) {
  await ensureNativeFor('node')
  startBrowserMode(reason)
} else {
  let nativeReady = true
  try {
    await ensureNativeFor('electron')
  } catch (error) {
    nativeReady = false
    await ensureNativeFor('node')
    startBrowserMode(`${error instanceof Error ? error.message : error}`.replace(/\.$/, ''))
  }
  if (nativeReady) {
    // Inherited from an editor's terminal, this variable would make Electron run as plain Node.
    const env = { ...process.env }
    delete env.ELECTRON_RUN_AS_NODE
    runForeground(executable, ['.'], env)
  }
}
