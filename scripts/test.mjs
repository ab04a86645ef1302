#!/usr/bin/env node
// `npm test`: every check the project makes, in order, stopping at the first
// failure. Ends with one line counting the tests that ran.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const reports = mkdtempSync(join(tmpdir(), 'buffer-clone-test-'))
const totals = { passed: 0, failed: 0, skipped: 0 }

function run(name, command, args) {
  console.log(`\n▶ ${name}`)
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env }).status ?? 1
}

function stopIfFailed(name, status) {
  if (status === 0) return
  console.error(`\n✖ ${name} failed.`)
  summary()
  process.exit(status)
}

function step(name, command, args) {
  stopIfFailed(name, run(name, command, args))
}

function vitest(name, args) {
  const report = join(reports, `${name.replace(/\W+/g, '-')}.json`)
  const status = run(name, 'npx', [
    'vitest',
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ])
  // Count before stopping, so the closing line says how many failed.
  count(report)
  stopIfFailed(name, status)
}

function count(report) {
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'))
    totals.passed += json.numPassedTests
    totals.failed += json.numFailedTests
    totals.skipped += json.numPendingTests + json.numTodoTests
  } catch {
    // The run died before writing its report; its own output says why.
  }
}

function summary() {
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
}

step('Type check (node and web targets)', 'npm', ['run', '--silent', 'typecheck'])
step('Lint (with the layer import rules)', 'npm', ['run', '--silent', 'lint'])
step('No import circles (dependency-cruiser)', 'npm', ['run', '--silent', 'deps:check'])
step('Format', 'npm', ['run', '--silent', 'format:check'])
step('Migrations are consistent (drizzle-kit check)', 'npm', ['run', '--silent', 'db:check'])
vitest('Unit, integration and property tests', [])
step('Build (electron-vite)', 'npm', ['run', '--silent', 'build'])
vitest('End-to-end tests in Chromium', ['--config', 'vitest.e2e.config.ts'])
summary()
