/**
 * A desktop core with its scheduling loop, alone in a process, for tests that
 * kill it mid-publish: `node --import tsx tests/helpers/publishing-child.ts <dataDir>`.
 * System clock and timers, the data folder's key file; errors go to stderr.
 */
import { join } from 'node:path'
import { createCore } from '../../src-main/core/create-core'
import { KeyFileStore } from '../../src-main/secrets/key-file-store'
import { migrationsDir } from './core'

const dataDir = process.argv[2]
if (!dataDir) {
  console.error('usage: publishing-child.ts <dataDir>')
  process.exit(2)
}
const core = createCore({
  dataDir,
  migrationsDir,
  secrets: new KeyFileStore(join(dataDir, 'data-key')),
  host: { host: 'web', version: 'test' },
  log: (error) => console.error(error),
})
// Keeps the process alive: the loop's own timers are unref'd.
const alive = setInterval(() => undefined, 1_000)
process.on('SIGTERM', () => {
  clearInterval(alive)
  core.close()
  process.exit(0)
})
