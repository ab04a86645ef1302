/**
 * Work the server does on its own, hourly: compacting change logs (organizations'
 * and people's) older than COMPACT_AFTER_DAYS and deleting expired sessions. Needs no admin; failures
 * are logged and retried at the next run.
 */
import type { ServerContext } from './context'
import { deleteExpiredSessions } from './services/sessions'
import { compactAll } from './sync/compaction'

export const HOUSEKEEPING_EVERY_MS = 60 * 60 * 1000

export async function runHousekeeping(ctx: ServerContext): Promise<void> {
  const now = ctx.clock.now()
  const compacted = await compactAll(ctx.db, now, ctx.config.compactAfterDays)
  for (const { scope, ...result } of compacted.values()) {
    if (result.deletedEntries > 0)
      ctx.log.info({ [`${scope.kind}Id`]: scope.id, ...result }, 'compacted the change log')
  }
  await deleteExpiredSessions(ctx.db, now)
}

/** Starts the hourly run; returns a function that stops it. */
export function startHousekeeping(ctx: ServerContext, everyMs = HOUSEKEEPING_EVERY_MS): () => void {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    runHousekeeping(ctx)
      .catch((error: unknown) => ctx.log.error({ err: error }, 'housekeeping failed; it runs again in an hour'))
      .finally(() => (running = false))
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
