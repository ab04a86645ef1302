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
  },
})
