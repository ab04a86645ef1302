import { defineConfig } from 'vitest/config'

// End-to-end: real Chromium against browser mode. One file at a time, since each starts a browser.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A wait, not a timing assertion: a cold page on a loaded 2-core machine can take seconds to show its first screen.
    expect: { poll: { timeout: 10_000 } },
  },
})
