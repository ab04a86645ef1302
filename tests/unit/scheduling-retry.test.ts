/** Backoff for transient publishing failures: capped exponential, full jitter, never sooner than Retry-After. */
import { describe, expect, it } from 'vitest'
import { retryDelayMs } from '../../src-shared/scheduling/retry'

const base = { baseMs: 1000, maxMs: 60_000 }
const fixed = (r: number) => () => r

describe('retryDelayMs', () => {
  it('waits a random share of a cap that doubles with each attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, { ...base, random: fixed(0.5) }))).toEqual([
      500, 1000, 2000, 4000,
    ])
    expect(retryDelayMs(3, { ...base, random: fixed(0) })).toBe(0)
    expect(retryDelayMs(3, { ...base, random: fixed(0.999999) })).toBe(3999)
  })

  it('stops growing at maxMs', () => {
    expect(retryDelayMs(7, { ...base, random: fixed(0.5) })).toBe(30_000)
    expect(retryDelayMs(60, { ...base, random: fixed(0.5) })).toBe(30_000)
    expect(retryDelayMs(5000, { ...base, random: fixed(0.999999) })).toBeLessThan(60_000)
  })

  it('stays within [0, cap) for any random draw', () => {
    for (let i = 0; i < 200; i++) {
      const attempt = 1 + (i % 10)
      const cap = Math.min(60_000, 1000 * 2 ** (attempt - 1))
      const delay = retryDelayMs(attempt, { ...base, random: Math.random })
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(cap)
    }
  })

  it('never retries sooner than Retry-After, even past maxMs', () => {
    expect(retryDelayMs(1, { ...base, retryAfterMs: 5000, random: fixed(0) })).toBe(5000)
    expect(retryDelayMs(1, { ...base, retryAfterMs: 120_000, random: fixed(0.9) })).toBe(120_000)
    // A jittered wait longer than Retry-After is kept: Retry-After is a floor.
    expect(retryDelayMs(10, { ...base, retryAfterMs: 5000, random: fixed(0.5) })).toBe(30_000)
  })

  it('refuses attempts below one', () => {
    expect(() => retryDelayMs(0, { ...base, random: fixed(0.5) })).toThrow(RangeError)
    expect(() => retryDelayMs(1.5, { ...base, random: fixed(0.5) })).toThrow(RangeError)
  })
})
