/** A post put on the schedule the way schedulePost does, for tests that drive the loop without that service. */
import { newId } from '../../src-main/core/ids'
import { posts, scheduleJobs } from '../../src-main/db/schema/org'
import type { TestCore } from './core'
import { writeRows } from './write-rows'

/**
 * Marks the post `scheduled` at `runAt` and writes its pending job, in one change. `post` adds values to the
 * post's row (a channel, for a draft made without one).
 */
export function writeScheduled(
  core: TestCore,
  orgId: string,
  postId: string,
  runAt: Date,
  post: { socialAccountId?: string } = {},
): { postId: string; jobId: string } {
  const job = { id: newId(), orgId, postId, runAt: runAt.toISOString(), status: 'pending' as const }
  writeRows(
    core,
    orgId,
    [
      { table: posts, rowId: postId, values: { ...post, status: 'scheduled', scheduledAt: job.runAt } },
      { table: scheduleJobs, rowId: job.id, values: job },
    ],
    'post.scheduled',
  )
  return { postId, jobId: job.id }
}
