import { describe, expect, it } from 'vitest'
import { decodeHlc, encodeHlc, receiveHlc, tickHlc } from '../../src-shared/sync/hlc'

describe('hybrid logical clock', () => {
  it('orders encoded clocks as text in clock order', () => {
    const a = encodeHlc({ wallMs: 9, counter: 0, node: 'b' })
    const b = encodeHlc({ wallMs: 10, counter: 0, node: 'a' })
    const c = encodeHlc({ wallMs: 10, counter: 1, node: 'a' })
    expect([c, a, b].sort()).toEqual([a, b, c])
  })

  it('never goes backwards when the wall clock does', () => {
    const first = tickHlc(null, 1000, 'n')
    const second = tickHlc(first, 500, 'n')
    expect(encodeHlc(second) > encodeHlc(first)).toBe(true)
  })

  it('moves past a remote clock from the future', () => {
    const local = tickHlc(null, 1000, 'a')
    const next = receiveHlc(local, { wallMs: 5000, counter: 3, node: 'b' }, 1000, 'a')
    expect(next).toEqual({ wallMs: 5000, counter: 4, node: 'a' })
  })

  it('round-trips and rejects text that is not a clock', () => {
    const clock = { wallMs: 1_767_225_600_000, counter: 42, node: 'client-1' }
    expect(decodeHlc(encodeHlc(clock))).toEqual(clock)
    expect(() => decodeHlc('yesterday')).toThrow(/Not a hybrid logical clock/)
  })
})
