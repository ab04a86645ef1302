/** Clocks have one text form, so that text order is clock order: anything else is refused, both ways. */
import { describe, expect, it } from 'vitest'
import { decodeHlc, encodeHlc, isHlc, receiveHlc } from '../../src-shared/sync/hlc'
import { syncOpSchema } from '../../src-shared/sync/ops'
import { malformedClocks, malformedRowIds } from '../helpers/malformed'

const WALL = 1_772_355_600_000

describe('strict hybrid logical clocks', () => {
  it('accepts the documented form and round-trips it', () => {
    const text = encodeHlc({ wallMs: WALL, counter: 7, node: 'client_1-A' })
    expect(text).toBe('001772355600000:00007:client_1-A')
    expect(isHlc(text)).toBe(true)
    expect(decodeHlc(text)).toEqual({ wallMs: WALL, counter: 7, node: 'client_1-A' })
    expect(isHlc(encodeHlc({ wallMs: 0, counter: 0, node: 'server' }))).toBe(true)
  })

  it.each(malformedClocks(WALL))('refuses $name', ({ value }) => {
    expect(isHlc(value)).toBe(false)
    expect(() => decodeHlc(value)).toThrow(/Not a hybrid logical clock/)
  })

  it('refuses what is not text', () => {
    for (const value of [WALL, null, undefined, {}, ['001772355600000:00000:x']]) expect(isHlc(value)).toBe(false)
  })

  it('refuses to encode parts that do not fit the form', () => {
    const ok = { wallMs: WALL, counter: 0, node: 'n' }
    for (const wallMs of [-1, 1.5, 10 ** 15, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => encodeHlc({ ...ok, wallMs })).toThrow(RangeError)
    }
    for (const counter of [-1, 100_000, 0.5]) expect(() => encodeHlc({ ...ok, counter })).toThrow(RangeError)
    for (const node of ['', 'a:b', 'n'.repeat(65), 'é']) expect(() => encodeHlc({ ...ok, node })).toThrow(RangeError)
  })

  it('moves to the next millisecond when a remote counter is full, keeping the width', () => {
    const next = receiveHlc(null, { wallMs: WALL, counter: 99_999, node: 'b' }, WALL, 'a')
    expect(next).toEqual({ wallMs: WALL + 1, counter: 0, node: 'a' })
    expect(isHlc(encodeHlc(next))).toBe(true)
  })

  it('makes the op schema refuse a bad clock or row id, naming the field', () => {
    const op = {
      table: 'posts',
      rowId: 'p1',
      field: 'tags',
      value: [],
      hlc: encodeHlc({ wallMs: WALL, counter: 0, node: 'n' }),
    }
    expect(syncOpSchema.safeParse(op).success).toBe(true)
    for (const { value } of malformedClocks(WALL)) {
      const parsed = syncOpSchema.safeParse({ ...op, hlc: value })
      expect(parsed.success ? [] : parsed.error.issues[0]!.path).toEqual(['hlc'])
    }
    for (const { value } of malformedRowIds) {
      const parsed = syncOpSchema.safeParse({ ...op, rowId: value })
      expect(parsed.success ? [] : parsed.error.issues[0]!.path).toEqual(['rowId'])
    }
  })
})
