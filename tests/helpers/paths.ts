/** Where the repository is, for tests that start its commands. */
import { join } from 'node:path'

export const repoRoot = join(import.meta.dirname, '..', '..')
