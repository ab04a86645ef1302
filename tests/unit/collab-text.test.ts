import { describe, expect, it } from 'vitest'
import { editText, fromBase64, mergeCollab, textOf, toBase64 } from '../../src-shared/sync/collab-text'

describe('collaborative text', () => {
  it('keeps both people’s words when they edit the same caption offline', () => {
    const base = editText(null, 'New blend on Friday.').state
    const ana = editText(base, 'Our new blend on Friday.')
    const ben = editText(base, 'New blend on Friday. Come early!')
    const atAna = mergeCollab(ana.state, [ben.update])
    const atBen = mergeCollab(ben.state, [ana.update])
    expect(atAna.text).toBe('Our new blend on Friday. Come early!')
    expect(atBen.text).toBe(atAna.text)
  })

  it('merges updates in any order and ignores repeats', () => {
    const base = editText(null, 'abc')
    const one = editText(base.state, 'abXc')
    const two = editText(base.state, 'Zabc')
    const a = mergeCollab(null, [base.update, one.update, two.update, one.update])
    const b = mergeCollab(null, [two.update, base.update, one.update])
    expect(a.text).toBe(b.text)
    expect(textOf(a.state)).toBe('ZabXc')
  })

  it('round-trips base64 for large updates', () => {
    const big = editText(null, 'x'.repeat(200_000)).update
    expect(fromBase64(toBase64(big))).toEqual(big)
  })
})
