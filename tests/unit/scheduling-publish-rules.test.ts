/** The publishing rules every loop shares: when a job may go out, what a failure leads to, what a crash leaves. */
import { describe, expect, it } from 'vitest'
import {
  decideAfterFailure,
  decideAfterInterruption,
  decideClaim,
  type JobState,
} from '../../src-shared/scheduling/publish-rules'

const now = new Date('2026-06-01T12:00:00.000Z')
const job = (over: Partial<JobState> = {}): JobState => ({
  status: 'pending',
  runAt: '2026-06-01T12:00:00.000Z',
  retryCount: 0,
  deletedAt: null,
  ...over,
})
const window15 = 15 * 60_000
const policy = { baseMs: 60_000, maxMs: 600_000, maxAttempts: 5, random: () => 0.5 }

describe('decideClaim', () => {
  it('publishes a pending, due job of a scheduled post, up to the end of the late window', () => {
    expect(decideClaim(job(), { status: 'scheduled' }, now, window15)).toEqual({ kind: 'publish' })
    expect(decideClaim(job({ runAt: '2026-06-01T11:45:00.000Z' }), { status: 'scheduled' }, now, window15)).toEqual({
      kind: 'publish',
    })
  })

  it('calls a job past the late window missed', () => {
    const decision = decideClaim(job({ runAt: '2026-06-01T11:44:59.000Z' }), { status: 'scheduled' }, now, window15)
    expect(decision.kind).toBe('missed')
    expect(decision).toMatchObject({ reason: expect.stringMatching(/^missed: .*more than 15 minutes late/) })
  })

  it('skips a job that is not pending, not due, or deleted', () => {
    for (const j of [
      job({ status: 'running' }),
      job({ status: 'done' }),
      job({ runAt: '2026-06-01T12:00:01.000Z' }),
      job({ deletedAt: '2026-06-01T11:00:00.000Z' }),
      undefined,
    ]) {
      expect(decideClaim(j, { status: 'scheduled' }, now, window15)).toEqual({ kind: 'skip' })
    }
  })

  it('cancels the job of a deleted post or one no longer scheduled, even a published one', () => {
    expect(decideClaim(job(), undefined, now, window15)).toEqual({ kind: 'cancel', reason: 'the post was deleted' })
    for (const status of ['published', 'draft', 'needs_approval', 'publishing']) {
      expect(decideClaim(job(), { status }, now, window15).kind, status).toBe('cancel')
    }
  })
})

describe('decideAfterFailure', () => {
  it('fails a permanent error at once with the platform’s reason', () => {
    expect(decideAfterFailure({ kind: 'permanent', reason: 'Content rejected' }, 'x', job(), now, policy)).toEqual({
      kind: 'fail',
      reason: 'Content rejected',
    })
  })

  it('retries a transient error after a jittered backoff, counting the attempt', () => {
    expect(decideAfterFailure({ kind: 'transient' }, 'HTTP 503', job({ retryCount: 1 }), now, policy)).toEqual({
      kind: 'retry',
      runAt: '2026-06-01T12:01:00.000Z', // half of 2 minutes
      retryCount: 2,
      lastError: 'HTTP 503',
    })
  })

  it('waits at least what Retry-After asks', () => {
    const decision = decideAfterFailure({ kind: 'transient', retryAfterMs: 3_600_000 }, '429', job(), now, policy)
    expect(decision).toMatchObject({ kind: 'retry', runAt: '2026-06-01T13:00:00.000Z' })
  })

  it('gives up at the last attempt', () => {
    expect(decideAfterFailure({ kind: 'transient' }, 'HTTP 503', job({ retryCount: 4 }), now, policy)).toEqual({
      kind: 'fail',
      reason: 'gave up after 5 attempts; the last error was: HTTP 503',
    })
  })
})

describe('decideAfterInterruption', () => {
  it('adopts a post the platform has, resumes one it does not, and never guesses', () => {
    expect(decideAfterInterruption({ status: 'found', platformPostId: 'p1', url: 'https://x/p1' })).toEqual({
      kind: 'published',
      platformPostId: 'p1',
      url: 'https://x/p1',
    })
    expect(decideAfterInterruption({ status: 'not_found' }).kind).toBe('resume')
    const unknown = decideAfterInterruption({ status: 'unsupported', reason: 'Mastodon cannot look it up' })
    expect(unknown.kind).toBe('needs_attention')
    expect(unknown).toMatchObject({ message: expect.stringContaining('(Mastodon cannot look it up)') })
  })
})
