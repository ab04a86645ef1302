#!/usr/bin/env node
// Makes a fresh clone ready: installs npm packages when they are missing or
// out of date, and (with --for-tests) makes sure Chromium is there for the
// end-to-end tests. Uses Node built-ins only, since it runs before `npm ci`.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

// The same floor as package.json's engines: native modules and the Electron tooling need it.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `buffer-clone needs Node.js 24 LTS (22.12 at least); this is Node ${process.versions.node}. Install Node 24 from https://nodejs.org, or with nvm: nvm install (the version is in .nvmrc).`,
  )
  process.exit(1)
}
const forTests = process.argv.includes('--for-tests')

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status === 0
}

function packagesUpToDate() {
  const installed = join(root, 'node_modules', '.package-lock.json')
  if (!existsSync(installed)) return false
  return statSync(installed).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs
}

if (!packagesUpToDate()) {
  console.log('Installing npm packages (npm ci)…')
  if (!run('npm', ['ci'])) {
    // Where Electron's binary cannot be downloaded, the app still runs in browser mode.
    if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(1)
    console.log('npm ci failed; retrying without the Electron binary download (browser mode still works).')
    if (!run('npm', ['ci'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })) process.exit(1)
  }
}

const nativeAbi = join(root, 'scripts', 'native-abi.mjs')
if (existsSync(nativeAbi)) {
  const { ensureNativeFor } = await import(nativeAbi)
  await ensureNativeFor('node')
}

if (forTests) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(chromium)) {
    const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
    if (canApt) {
      console.log('Installing Chromium for the end-to-end tests (apt-get install chromium)…')
      run('apt-get', ['update', '-qq'])
      run('apt-get', ['install', '-y', '-qq', 'chromium'], { DEBIAN_FRONTEND: 'noninteractive' })
    }
    if (!existsSync(chromium)) {
      console.error(
        `The end-to-end tests need Chromium at ${chromium}. Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chrome or Chromium binary.`,
      )
      process.exit(1)
    }
  }
}
