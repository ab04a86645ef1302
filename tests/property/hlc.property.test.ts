/** Whatever the wall clock and remote clocks do, every clock issued is greater than the last. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeHlc, receiveHlc, tickHlc, type Hlc } from '../../src-shared/sync/hlc'

const event = fc.oneof(
  fc.record({ kind: fc.constant('local' as const), now: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({
    kind: fc.constant('remote' as const),
    now: fc.integer({ min: 0, max: 10_000 }),
    remote: fc.record({ wallMs: fc.integer({ min: 0, max: 12_000 }), counter: fc.integer({ min: 0, max: 50 }) }),
  }),
)

describe('hybrid logical clock (property)', () => {
  it('issues strictly increasing clocks, ahead of every remote clock seen', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 200 }), (events) => {
        let last: Hlc | null = null
        for (const e of events) {
          const next: Hlc =
            e.kind === 'local'
              ? tickHlc(last, e.now, 'me')
              : receiveHlc(last, { ...e.remote, node: 'them' }, e.now, 'me')
          if (last) expect(encodeHlc(next) > encodeHlc(last)).toBe(true)
          if (e.kind === 'remote') expect(encodeHlc(next) > encodeHlc({ ...e.remote, node: 'them' })).toBe(true)
          last = next
        }
      }),
      { numRuns: 300, seed: 20261125 },
    )
  })
})
