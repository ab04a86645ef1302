/** The value rules every stored value follows (src-shared/sync/value-rules.ts), and a caption update's (collabProblem). */
import { describe, expect, it } from 'vitest'
import { collabProblem, editText, toBase64 } from '../../src-shared/sync/collab-text'
import { cleanText, findValueProblem, MAX_JSON_DEPTH, valueRuleProblem } from '../../src-shared/sync/value-rules'

/** A value nested `depth` levels deep, built without recursion: [[[ … 1 … ]]]. */
function nested(depth: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value }
  return value
}

describe('value rules', () => {
  it('accepts what the app writes: text, numbers, booleans, null and JSON up to the depth limit', () => {
    for (const value of [
      null,
      'Fresh beans ☕ 🙂',
      0,
      -1.5,
      true,
      [],
      {},
      { tags: ['a', 'b'] },
      nested(MAX_JSON_DEPTH),
    ]) {
      expect(findValueProblem(value)).toBeNull()
    }
  })

  it('finds a NUL character in text, in an array, in a nested value and in an object key, and says where', () => {
    expect(findValueProblem('a\u0000b')).toEqual({ rule: 'nul', path: [] })
    expect(findValueProblem(['ok', 'b\u0000'])).toEqual({ rule: 'nul', path: [1] })
    expect(findValueProblem({ a: { b: [1, { c: '\u0000' }] } })).toEqual({ rule: 'nul', path: ['a', 'b', 1, 'c'] })
    expect(findValueProblem({ ok: 1, 'k\u0000': 1 })).toEqual({ rule: 'nul', path: ['k\u0000'] })
    expect(valueRuleProblem({ tags: ['x\u0000'] })).toBe(
      'contains a NUL character (\\u0000) (at tags.0), which cannot be stored',
    )
  })

  it('finds a lone surrogate, which PostgreSQL refuses in JSON, but not a whole emoji', () => {
    expect(findValueProblem('\ud83d')).toEqual({ rule: 'broken_text', path: [] })
    expect(findValueProblem(['\ude42x'])).toEqual({ rule: 'broken_text', path: [0] })
    expect(findValueProblem('\ud83d\ude42')).toBeNull()
  })

  it('refuses one level past the limit, and 50,000 levels without overflowing the stack', () => {
    expect(findValueProblem(nested(MAX_JSON_DEPTH + 1))).toMatchObject({ rule: 'too_deep' })
    const deep = JSON.parse(`${'['.repeat(50_000)}1${']'.repeat(50_000)}`)
    expect(findValueProblem(deep)).toMatchObject({ rule: 'too_deep' })
    expect(valueRuleProblem(deep)).toMatch(/^is nested more than 32 levels deep/)
  })

  it('cleans typed text: NUL characters dropped, lone surrogates replaced, everything else kept', () => {
    expect(cleanText('Fresh\u0000 beans')).toBe('Fresh beans')
    expect(cleanText('half \ud83d emoji 🙂')).toBe('half \ufffd emoji 🙂')
    expect(findValueProblem(cleanText('\u0000\ud800\u0000'))).toBeNull()
  })
})

describe('a caption update (collabProblem)', () => {
  const update = (text: string) => ({ yjs: toBase64(editText(null, text).update) })

  it('accepts a Yjs update of text', () => {
    expect(collabProblem(update('Fresh beans'))).toBeNull()
  })

  it('refuses a value that is not { yjs }, not base64, not a Yjs update, or whose text has a NUL', () => {
    expect(collabProblem('plain text')).toMatch(/takes a Yjs update/)
    expect(collabProblem({ yjs: 'not base64!' })).toMatch(/not base64/)
    expect(collabProblem({ yjs: 'QUJD' })).toMatch(/is not one/)
    expect(collabProblem({ yjs: '' })).toMatch(/is not one/)
    expect(collabProblem({ yjs: toBase64(new Uint8Array([1, 2, 3, 250, 7, 7])) })).toMatch(/is not one/)
    expect(collabProblem(update('pasted \u0000 here'))).toMatch(/^has text that contains a NUL character/)
  })
})
