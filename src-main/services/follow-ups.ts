/**
 * A published post's follow-ups as a person sees them: how many steps are
 * left, the note when they stopped, and Retry, which puts the post's job
 * back in the queue now (its note cleared, its attempts counted afresh). The
 * publishing loop then sends only the steps posts.follow_ups does not hold,
 * looking the first of them up by its key first, so Retry never sends a step
 * twice. In an org that syncs, the change syncs like any other and whoever
 * publishes the channel (a device or the server) sends them.
 */
import { and, desc, eq, isNull } from 'drizzle-orm'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { FollowUpStatus, followUpsApi } from '../../src-shared/api/follow-ups'
import type { Post } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { remainingSteps } from '../../src-shared/scheduling/follow-ups'
import type { ServiceContext } from '../core/context'
import type { HandlersFor } from '../core/handlers'
import type { Tx } from '../db/open'
import { scheduleJobs } from '../db/schema/org'
import { getOrganization } from './org-access'
import { mutateOrg } from './org-mutation'
import { readPost } from './posts'

type JobRow = typeof scheduleJobs.$inferSelect

/** The post's latest job: the one that published it carries its follow-ups too. */
function jobOf(tx: Tx, postId: string): JobRow | undefined {
  return tx
    .select()
    .from(scheduleJobs)
    .where(and(eq(scheduleJobs.postId, postId), isNull(scheduleJobs.deletedAt)))
    .orderBy(desc(scheduleJobs.runAt))
    .get()
}

function statusOf(post: Post, job: JobRow | undefined): FollowUpStatus {
  const live = post.status === 'published' && post.platformPostId !== null
  const left = live ? remainingSteps(post).length : 0
  const stopped = left > 0 && job?.status === 'failed'
  const sending = left > 0 && (job?.status === 'pending' || job?.status === 'running')
  return { left, note: stopped ? (job?.lastError ?? null) : null, sending }
}

export function followUpStatus(ctx: ServiceContext, input: ApiParsedInput<'followUpStatus'>): FollowUpStatus {
  const org = getOrganization(ctx, input.orgId)
  const db = ctx.dbs.org(org.id)
  return db.transaction((tx) => statusOf(readPost(tx, input.postId), jobOf(tx, input.postId)))
}

export function retryFollowUps(ctx: ServiceContext, input: ApiParsedInput<'retryFollowUps'>): FollowUpStatus {
  const allow = (org: { role: Parameters<typeof can>[0]; name: string }) => {
    if (!can(org.role, 'posts.publish_without_approval')) {
      throw new AppError(
        'forbidden',
        `As a ${org.role} in "${org.name}" you cannot publish; ask an editor or admin to retry the rest of this post.`,
      )
    }
  }
  return mutateOrg(ctx, input.orgId, { allow, changed: ['posts', 'schedule'] }, (w) => {
    const post = readPost(w.tx, input.postId)
    const job = jobOf(w.tx, input.postId)
    const status = statusOf(post, job)
    // Nothing left, or on its way already: a second click sends nothing more.
    if (!job || status.left === 0 || status.sending) return status
    const values = { status: 'pending' as const, runAt: w.now.toISOString(), retryCount: 0, lastError: null }
    w.tx.update(scheduleJobs).set(values).where(eq(scheduleJobs.id, job.id)).run()
    w.record([{ table: scheduleJobs, rowId: job.id, values }], {
      action: 'post.follow_ups_retried',
      entityType: 'post',
      entityId: post.id,
      meta: { jobId: job.id, left: status.left },
    })
    return statusOf(post, { ...job, ...values })
  })
}

export const followUpsHandlers = {
  followUpStatus: (ctx, input) => followUpStatus(ctx, input),
  retryFollowUps: (ctx, input) => retryFollowUps(ctx, input),
} satisfies HandlersFor<typeof followUpsApi>
