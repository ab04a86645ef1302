/**
 * What any value must be to be stored by the sync server, whatever its
 * field: PostgreSQL refuses a NUL character (U+0000) in text and in JSON,
 * and a lone UTF-16 surrogate in JSON, so such a value would fail inside the
 * transaction instead of being refused; and JSON nested deeper than
 * MAX_JSON_DEPTH is not something the app writes, but would cost every
 * reader a deep walk. The walk is iterative, so a value nested 50,000 levels
 * deep is refused rather than overflowing the stack. The server refuses by
 * these rules (op-rules.ts, routes/serve.ts); the desktop cleans typed text
 * by them (cleanText) before writing, so it never sends what they refuse.
 */

/** Arrays and objects inside one another, counting the outermost; a scalar is 0 deep. */
export const MAX_JSON_DEPTH = 32

export type ValueRule = 'nul' | 'broken_text' | 'too_deep'

export interface ValueRuleProblem {
  rule: ValueRule
  /** Where in the value: object keys and array indexes from the top ([] for the value itself). */
  path: (string | number)[]
}

/** Why a value breaks a rule, as the end of a sentence that starts with its name; `at` says where inside it. */
export const VALUE_RULE_MESSAGES: Record<ValueRule, (at: string) => string> = {
  nul: (at) => `contains a NUL character (\\u0000)${at}, which cannot be stored`,
  broken_text: (at) => `contains a broken character (a lone UTF-16 surrogate)${at}, which cannot be stored`,
  too_deep: (at) => `is nested more than ${MAX_JSON_DEPTH} levels deep${at}`,
}

// A high surrogate not followed by a low one, or a low one not after a high one (String#isWellFormed is ES2024).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const textProblem = (text: string): ValueRule | null =>
  text.includes('\u0000') ? 'nul' : text.search(LONE_SURROGATE) >= 0 ? 'broken_text' : null

/** The first place a value breaks a rule (NUL or a lone surrogate in a string or an object key, depth), or null. */
export function findValueProblem(value: unknown): ValueRuleProblem | null {
  const stack: { value: unknown; depth: number; path: (string | number)[] }[] = [{ value, depth: 0, path: [] }]
  while (stack.length > 0) {
    const item = stack.pop()!
    if (typeof item.value === 'string') {
      const rule = textProblem(item.value)
      if (rule) return { rule, path: item.path }
      continue
    }
    if (typeof item.value !== 'object' || item.value === null) continue
    const depth = item.depth + 1
    if (depth > MAX_JSON_DEPTH) return { rule: 'too_deep', path: item.path }
    const entries: [string | number, unknown][] = Array.isArray(item.value)
      ? item.value.map((v, i) => [i, v])
      : Object.entries(item.value)
    for (const [key] of entries) {
      const rule = typeof key === 'string' ? textProblem(key) : null
      if (rule) return { rule, path: [...item.path, key] }
    }
    // Pushed in reverse, so the first problem in reading order is the one reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!
      stack.push({ value: child, depth, path: [...item.path, key] })
    }
  }
  return null
}

/** A value's problem as the end of a sentence ("… contains a NUL character …"), or null when it has none. */
export function valueRuleProblem(value: unknown): string | null {
  const problem = findValueProblem(value)
  if (!problem) return null
  return VALUE_RULE_MESSAGES[problem.rule](problem.path.length > 0 ? ` (at ${problem.path.join('.')})` : '')
}

/** Typed or pasted text as it can be stored: NUL characters dropped, lone surrogates replaced (U+FFFD). */
export const cleanText = (text: string): string => text.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD')
