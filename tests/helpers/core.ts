/** A real core on real SQLite files in a fresh temporary folder. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiInput, ApiMethod, ApiOutput } from '../../src-shared/api/contract'
import type { ApiError } from '../../src-shared/api/errors'
import { ManualClock } from '../../src-main/core/clock'
import { createCore, type Core, type CoreOptions } from '../../src-main/core/create-core'
import { KeyFileStore } from '../../src-main/secrets/key-file-store'

export const repoRoot = join(import.meta.dirname, '..', '..')
export const migrationsDir = join(repoRoot, 'migrations')

export interface TestCore extends Core {
  dataDir: string
  clock: ManualClock
  /** Calls a method and returns its value, failing the test on an error answer. */
  ok<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>
  /** Calls a method that must fail and returns its error. */
  fails(method: ApiMethod | (string & {}), input: unknown): Promise<ApiError>
  dispose(): void
  /** Unexpected errors the core logged. */
  logged: unknown[]
}

export function makeTempDir(prefix = 'buffer-clone-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function startTestCore(
  dataDir = makeTempDir(),
  options: Pick<CoreOptions, 'sync' | 'publishing' | 'commentFetch'> = {},
): TestCore {
  const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'))
  const logged: unknown[] = []
  const core = createCore({
    dataDir,
    migrationsDir,
    secrets: new KeyFileStore(join(dataDir, 'data-key')),
    host: { host: 'web', version: 'test' },
    clock,
    log: (error) => logged.push(error),
    ...options,
    // Tests that drive a Scheduler themselves must not race the core's own loop: it runs only when asked for.
    publishing: options.publishing ?? { loop: false },
    // Likewise the inbox's fetching loop: tests of it ask for it or fetch through the service.
    commentFetch: options.commentFetch ?? { loop: false },
  })
  return {
    ...core,
    dataDir,
    clock,
    logged,
    async ok(method, input) {
      const result = await core.dispatch(method, input)
      if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`)
      return result.value as never
    },
    async fails(method, input) {
      const result = await core.dispatch(method, input)
      if (result.ok) throw new Error(`${method} was expected to fail but answered ${JSON.stringify(result.value)}`)
      return result.error
    },
    dispose() {
      core.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A core with a profile and one organization, as after the first-run flow. */
export async function startOnboardedCore() {
  const core = startTestCore()
  const profile = await core.ok('createProfile', { name: 'Ana Ruiz', email: 'ana@example.com' })
  const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
  return { core, profile, org }
}
