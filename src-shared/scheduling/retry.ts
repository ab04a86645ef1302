/**
 * How long to wait before trying a transient publishing failure again:
 * exponential backoff with full jitter (a random wait between zero and the
 * capped exponential), so devices that failed together do not retry
 * together; never sooner than the platform's Retry-After.
 */
export interface RetryDelayOptions {
  /** The cap for the first retry; it doubles with each attempt. */
  baseMs: number
  /** The exponential stops growing here (Retry-After may still ask for longer). */
  maxMs: number
  /** What the platform asked for, when it did (Retry-After, rate-limit reset). */
  retryAfterMs?: number
  /** A number in [0, 1): Math.random in production, fixed in tests. */
  random: () => number
}

/** The wait before retry number `attempt` (1 for the first retry). */
export function retryDelayMs(attempt: number, options: RetryDelayOptions): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be 1 or more, not ${attempt}`)
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt - 1, 52))
  const r = Math.min(Math.max(options.random(), 0), 1)
  const jittered = Math.floor(r * cap)
  return Math.max(jittered, Math.ceil(options.retryAfterMs ?? 0))
}
