/**
 * Saved replies' placeholders: `{{name}}` in a body stands for a value filled in when the reply is used. Only
 * values, no logic (no sections, loops or escaping as a template language has): a reply is plain text a person
 * writes, and a brace pair is all they need to learn. Built-in ones come from the comment being answered; any
 * other name is a custom one, declared with a label (and an optional fallback) and asked for when used. A reply is
 * never sent while a placeholder has no value: `fillPlaceholders` names what is missing.
 */
import { DateTime } from 'luxon'
import type { Placeholder } from '../entities/json-shapes'
import { formatDate } from '../time-format'

export const BUILT_IN_PLACEHOLDERS = [
  { key: 'name', label: 'Commenter’s name' },
  { key: 'handle', label: 'Commenter’s handle' },
  { key: 'channel', label: 'Channel' },
  { key: 'post_link', label: 'Link to the post' },
  { key: 'assignee', label: 'Assignee' },
  { key: 'date', label: 'Today’s date' },
] as const

export type BuiltInKey = (typeof BUILT_IN_PLACEHOLDERS)[number]['key']

const BUILT_IN_KEYS = new Set<string>(BUILT_IN_PLACEHOLDERS.map((placeholder) => placeholder.key))
export const isBuiltIn = (key: string): key is BuiltInKey => BUILT_IN_KEYS.has(key)

/** A placeholder's name: a letter, then letters, digits or underscores (`order_number`). */
export const PLACEHOLDER_NAME = /^\p{L}[\p{L}\p{N}_]{0,39}$/u
const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/gu

/** The placeholders a body uses, each once, in the order they first appear. */
export function placeholderKeys(body: string): string[] {
  const keys: string[] = []
  for (const [, key] of body.matchAll(TOKEN)) {
    if (key && PLACEHOLDER_NAME.test(key) && !keys.includes(key)) keys.push(key)
  }
  return keys
}

/** What is wrong with a body's braces, each as a sentence to show under the field; empty when it is fine. */
export function checkPlaceholders(body: string): string[] {
  const problems: string[] = []
  for (const [token, key] of body.matchAll(TOKEN)) {
    if (!key) problems.push('“{{}}” is empty: put a name between the braces, like {{name}}.')
    else if (!PLACEHOLDER_NAME.test(key)) {
      const suggestion = key
        .normalize('NFKD')
        .replace(/[^\p{L}\p{N}]+/gu, '_')
        .replace(/^[^\p{L}]+|_+$/gu, '')
        .toLowerCase()
      problems.push(
        `“${token}” is not a placeholder name: use letters, digits and underscores${suggestion ? `, like {{${suggestion}}}` : ''}.`,
      )
    }
  }
  const opened = body.match(/\{\{/g)?.length ?? 0
  const closed = body.match(/\}\}/g)?.length ?? 0
  if (opened !== closed) problems.push('A placeholder is missing its “{{” or “}}”.')
  return problems
}

/** The label a person sees for a placeholder: the built-in's, the declared one's, else its name in words. */
export function placeholderLabel(key: string, declared: readonly Placeholder[] = []): string {
  const builtIn = BUILT_IN_PLACEHOLDERS.find((placeholder) => placeholder.key === key)
  if (builtIn) return builtIn.label
  const custom = declared.find((placeholder) => placeholder.key === key)
  if (custom?.label.trim()) return custom.label.trim()
  const words = key.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export interface ReplyContext {
  commenterName?: string
  commenterHandle?: string
  channelName?: string
  postLink?: string
  assigneeName?: string
  /** Today's date is written in the organization's zone. */
  timeZone: string
  now: Date
}

/** The built-in placeholders' values for the comment being answered; those it has no value for are absent. */
export function builtInValues(context: ReplyContext): Partial<Record<BuiltInKey, string>> {
  const values: Partial<Record<BuiltInKey, string>> = {
    date: formatDate(DateTime.fromJSDate(context.now).setZone(context.timeZone), { dateStyle: 'long' }),
  }
  const set = (key: BuiltInKey, value: string | undefined) => {
    if (value?.trim()) values[key] = value.trim()
  }
  set('name', context.commenterName)
  set('handle', context.commenterHandle && `@${context.commenterHandle.replace(/^@/, '')}`)
  set('channel', context.channelName)
  set('post_link', context.postLink)
  set('assignee', context.assigneeName)
  return values
}

export interface FilledReply {
  /** The body with every placeholder that has a value replaced; the others stay as `{{key}}`. */
  text: string
  missing: { key: string; label: string }[]
}

/**
 * Fills `body` with `values` (built-in and custom alike), a declared fallback standing in for a value not given.
 * A value that is only spaces counts as missing.
 */
export function fillPlaceholders(
  body: string,
  values: Readonly<Record<string, string | undefined>>,
  declared: readonly Placeholder[] = [],
): FilledReply {
  const missing: FilledReply['missing'] = []
  const valueOf = (key: string) => {
    const given = values[key]?.trim()
    if (given) return given
    return declared.find((placeholder) => placeholder.key === key)?.fallback?.trim() || undefined
  }
  const text = body.replace(TOKEN, (token, key: string) => {
    if (!PLACEHOLDER_NAME.test(key)) return token
    const value = valueOf(key)
    if (value !== undefined) return value
    if (!missing.some((entry) => entry.key === key)) missing.push({ key, label: placeholderLabel(key, declared) })
    return `{{${key}}}`
  })
  return { text, missing }
}

/** The sentence that refuses to send a reply with placeholders left, naming them. */
export function missingPlaceholdersMessage(missing: FilledReply['missing']): string | null {
  if (missing.length === 0) return null
  const names = missing.map((entry) => `“${entry.label}”`)
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
  return `Fill in ${list} before sending: the reply still has ${missing.length === 1 ? 'a placeholder' : 'placeholders'} without a value.`
}
