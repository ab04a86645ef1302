/**
 * A post's follow-ups: what it sends after itself once it is published, each
 * part of its thread in order (each replying to the one before), then its
 * first comment (replying to the last part, or to the post). Pure rules, the
 * same on the desktop and the sync server: which steps are left, what each
 * one answers, the idempotency key each carries, and the note a person reads
 * when one could not be sent. The loop (job-run.ts) sends them; the stores
 * record each one in posts.follow_ups the moment it succeeds.
 */
import type { FollowUpResult, MediaItem, ThreadPart } from '../entities/json-shapes'

/** The post's fields the follow-ups are planned from, as both stores hold them. */
export interface FollowUpSource {
  platformPostId: string | null
  publishedAt: string | null
  firstComment: string | null
  threadParts: ThreadPart[] | null
  followUps: FollowUpResult[] | null
}

export interface FollowUpStep {
  kind: FollowUpResult['kind']
  /** A part's number from 1 (the caption is the thread's first post); 0 for the first comment. */
  index: number
  text: string
  media?: MediaItem[]
}

/** Every step of a post's follow-ups, in the order they are sent. */
export function followUpSteps(source: Pick<FollowUpSource, 'firstComment' | 'threadParts'>): FollowUpStep[] {
  const steps: FollowUpStep[] = (source.threadParts ?? []).map((part, i) => ({
    kind: 'part' as const,
    index: i + 1,
    text: part.text,
    ...(part.media?.length ? { media: part.media } : {}),
  }))
  const comment = source.firstComment?.trim()
  if (comment) steps.push({ kind: 'first_comment', index: 0, text: comment })
  return steps
}

const sameStep = (a: Pick<FollowUpStep, 'kind' | 'index'>, b: Pick<FollowUpStep, 'kind' | 'index'>) =>
  a.kind === b.kind && a.index === b.index

/** The steps not recorded yet, in order: a step already in posts.follow_ups is never sent again. */
export function remainingSteps(source: FollowUpSource): FollowUpStep[] {
  const done = source.followUps ?? []
  return followUpSteps(source).filter((step) => !done.some((result) => sameStep(result, step)))
}

/** Whether a published post still has follow-ups to send. */
export const hasFollowUpsLeft = (source: FollowUpSource): boolean =>
  source.platformPostId !== null && remainingSteps(source).length > 0

/** What `step` replies to: the step before it as the platform answered it, or the post itself. */
export function replyTargetOf(source: FollowUpSource, step: FollowUpStep): string | null {
  const steps = followUpSteps(source)
  const at = steps.findIndex((s) => sameStep(s, step))
  for (let i = at - 1; i >= 0; i--) {
    const sent = (source.followUps ?? []).find((result) => sameStep(result, steps[i]!))
    if (sent) return sent.platformPostId
  }
  return source.platformPostId
}

/** When the last thing of this post reached the platform: a step after it was tried no earlier than this. */
export function lastSentAt(source: FollowUpSource): number {
  const times = [source.publishedAt, ...(source.followUps ?? []).map((r) => r.publishedAt)]
    .map((t) => (t ? Date.parse(t) : NaN))
    .filter(Number.isFinite)
  return times.length ? Math.max(...times) : 0
}

/**
 * The key one step carries, derived from the job's: the same for every attempt of that step, different from
 * the post's and every other step's. Bluesky turns it into a record key (rkeyFromIdempotencyKey: the same key
 * always gives the same rkey), Mastodon sends it as Idempotency-Key, the Sandbox keeps it.
 */
export function followUpKey(jobKey: string, step: Pick<FollowUpStep, 'kind' | 'index'>): string {
  return step.kind === 'part' ? `${jobKey}-part-${step.index}` : `${jobKey}-comment`
}

/** The lease the follow-ups of a job run under: the job's own completes when the post is published. */
export const followUpLeaseId = (jobId: string): string => `${jobId}-follow-ups`

/** The step as a person names it. */
export function stepName(step: Pick<FollowUpStep, 'kind' | 'index'>): string {
  return step.kind === 'first_comment' ? 'The first comment' : `Part ${step.index + 1} of the thread`
}

const sentence = (reason: string) => reason.trim().replace(/[.\s]+$/u, '')

/** The note on a published post whose step could not be sent; Retry sends the steps left. */
export function followUpNote(step: Pick<FollowUpStep, 'kind' | 'index'>, reason: string): string {
  const rest = step.kind === 'first_comment' ? '' : ', nor anything after it'
  return `${stepName(step)} was not posted${rest}: ${sentence(reason)}. Retry to send it.`
}

/** The note when nobody can tell whether a step went out: it is not sent again unless the person says so. */
export function followUpUnknownNote(step: Pick<FollowUpStep, 'kind' | 'index'>, reason?: string): string {
  const why = reason ? ` (${sentence(reason)})` : ''
  return (
    `${stepName(step)} may or may not have been posted: sending it was interrupted and the platform cannot tell${why}. ` +
    'Check the post on the platform; Retry sends it again.'
  )
}
