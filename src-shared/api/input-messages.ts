/**
 * Bad input in words: every refusal of an input, on the desktop (dispatch) and on the sync server (parseInput),
 * is a sentence that names the field as a person knows it ("Tag 2", "Password") and says what it must be,
 * never a field path (`tags.1`) or zod's own words ("Too big: expected string to have <=40 characters").
 *
 * Schemas keep their short messages written to follow a field name ("must be 40 characters or fewer");
 * `inputErrorMap` gives the same kind of words to every check that has none of its own, and `sentenceFor`
 * puts the field's label in front. A message that already starts with a capital letter is a sentence already
 * ("Channel name cannot be empty") and is kept as written.
 */
import type { z } from 'zod'

type Path = readonly PropertyKey[]

/** A field's name as the screens call it, by its key in any input (desktop API or sync server). */
const FIELD_LABELS: Record<string, string> = {
  accessToken: 'The access token',
  altText: 'The alt text',
  appPassword: 'The app password',
  caption: 'The post’s text',
  channelId: 'The channel',
  code: 'The invitation code',
  comment: 'The comment',
  currentPassword: 'Your current password',
  data: 'The file',
  decision: 'The decision',
  email: 'The email',
  expiresInDays: 'The number of days',
  firstComment: 'The first comment',
  from: 'The start of the range',
  ids: 'The list of ids',
  keepPlaced: 'The choice to keep each post’s time',
  fileName: 'The file name',
  groupId: 'The post group',
  hlc: 'The clock',
  rowId: 'The row id',
  id: 'The id',
  identifier: 'The handle',
  kind: 'The kind',
  limit: 'The number of items',
  mediaUrls: 'The attachments',
  mimeType: 'The file type',
  mode: 'The choice between signing in and creating an account',
  name: 'The name',
  newPassword: 'The new password',
  orgId: 'The organization',
  password: 'The password',
  platform: 'The platform',
  postId: 'The post',
  postIds: 'The posts',
  posts: 'The channels',
  publishLateWithinMinutes: 'The number of minutes',
  remove: 'The posts to remove',
  statuses: 'The statuses',
  to: 'The end of the range',
  role: 'The role',
  schedule: 'The posting schedule',
  serverUrl: 'The server address',
  service: 'The server address',
  settings: 'The settings',
  slots: 'The posting times',
  socialAccountId: 'The channel',
  tags: 'The tags',
  threadParts: 'The thread',
  timezone: 'The time zone',
  url: 'The address',
  userId: 'The member',
  when: 'The time',
  at: 'The time',
}

/** Labels that name several things, so that their sentence says "are" and "have". */
const PLURAL = new Set(['tags', 'mediaUrls', 'posts', 'postIds', 'remove', 'settings', 'slots', 'ids', 'statuses'])

/** How one entry of a list is called, counted from 1 as people count. */
const ITEM_LABELS: Record<string, string> = {
  tags: 'Tag',
  mediaUrls: 'Attachment',
  posts: 'Channel',
  postIds: 'Post',
  slots: 'Posting time',
  remove: 'Removed post',
  links: 'Link',
  // The caption is the thread's first part, so the first entry is its part 2.
  threadParts: 'Reply',
  mutations: 'Mutation',
  ops: 'Change',
}

/** "socialAccountId" → "The social account id": for a key the table above does not know yet. */
function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  return `The ${words}`
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1)

/** The label of the field at `path`, as the start of a sentence ("Tag 2", "The alt text of attachment 1"). */
export function labelOf(path: Path, whole = 'This request'): string {
  const keys = path.filter((part): part is string | number => typeof part === 'string' || typeof part === 'number')
  if (keys.length === 0) return whole
  const last = keys.at(-1)!
  // A field inside a list entry says which entry, and that entry which one it is in: "The clock of change 1 of
  // mutation 2".
  const within = (upTo: number) => {
    const at = keys.slice(0, upTo).findLastIndex((part) => typeof part === 'number')
    return at > 0 ? ` of ${lowerFirst(labelOf(keys.slice(0, at + 1)))}` : ''
  }
  if (typeof last === 'number') {
    const list = keys.at(-2)
    const item = typeof list === 'string' ? ITEM_LABELS[list] : undefined
    if (item) return `${item} ${last + 1}${within(keys.length - 2)}`
    return `Entry ${last + 1}${keys.length > 1 ? ` of ${lowerFirst(labelOf(keys.slice(0, -1)))}` : ''}`
  }
  return `${FIELD_LABELS[last] ?? humanize(last)}${within(keys.length - 1)}`
}

/** One sentence from a field's label and a message written to follow it. */
export function sentenceFor(path: Path, message: string, whole?: string): string {
  let text = message.trim()
  const last = path.at(-1)
  if (typeof last === 'string' && PLURAL.has(last))
    text = text
      .replace(/^is\b/, 'are')
      .replace(/^has\b/, 'have')
      .replace(/^needs\b/, 'need')
  const sentence = /^[A-Z]/.test(text) ? text : `${labelOf(path, whole)} ${text}`
  return /[.!?…]$/.test(sentence) ? sentence : `${sentence}.`
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a set of fields',
  date: 'a date',
}

const plural = (n: number | bigint, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`

const SIZE_WORDS: Record<string, string> = { string: 'character', array: 'entry', set: 'entry', file: 'byte' }
const entries = (n: number | bigint, unit: string) =>
  unit === 'entry' ? (n === 1 ? '1 entry' : `${n.toLocaleString('en-US')} entries`) : plural(n, unit)

/**
 * zod's checks that carry no message of their own, in words that follow a field's label. Used for every parse
 * of outside input (`schema.safeParse(value, { error: inputErrorMap })`), so no default zod message is left.
 */
export const inputErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required'
      return `must be ${TYPE_WORDS[issue.expected] ?? 'something else'}`
    case 'too_big': {
      const max = issue.maximum
      const unit = SIZE_WORDS[issue.origin]
      if (unit) {
        const limit = issue.inclusive === false ? Number(max) - 1 : max
        return unit === 'character'
          ? `must be ${entries(limit, unit)} or fewer`
          : `can have at most ${entries(limit, unit)}`
      }
      return `must be at most ${max.toLocaleString('en-US')}`
    }
    case 'too_small': {
      const min = issue.minimum
      const unit = SIZE_WORDS[issue.origin]
      if (unit) {
        const limit = issue.inclusive === false ? Number(min) + 1 : min
        if (Number(limit) === 1) return unit === 'character' ? 'cannot be empty' : 'needs at least one entry'
        return unit === 'character'
          ? `must be at least ${entries(limit, unit)}`
          : `needs at least ${entries(limit, unit)}`
      }
      return `must be at least ${min.toLocaleString('en-US')}`
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`
    case 'invalid_format':
      return issue.format === 'email'
        ? 'must be an email address'
        : issue.format === 'url'
          ? 'must be a web address'
          : 'is not in the form this app expects'
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} this version of the app does not know (${issue.keys.join(', ')})`
    case 'invalid_union':
      return 'is not one of the kinds this accepts'
    case 'invalid_key':
    case 'invalid_element':
      return 'has an entry this app cannot read'
    default:
      return 'is not valid'
  }
}

/** Each issue of a failed parse as a sentence, with the field's path kept for screens that place it. */
export function sentencesOf(error: z.ZodError, whole?: string): { path: string; message: string }[] {
  const key = (issue: z.core.$ZodIssue) => issue.path.map(String).join('.')
  const wrongType = new Set(error.issues.filter((issue) => issue.code === 'invalid_type').map(key))
  // A value of the wrong type also fails its schema's size checks, measured as whatever it was: say only the first.
  const issues = error.issues.filter(
    (issue) => !(wrongType.has(key(issue)) && (issue.code === 'too_big' || issue.code === 'too_small')),
  )
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: sentenceFor(issue.path, issue.message, whole),
  }))
}

/** The sentences of several issues as one message: the first few, and how many more there are. */
export function summaryOf(sentences: string[]): string {
  const shown = sentences.slice(0, 3).join(' ')
  const more = sentences.length - 3
  return more > 0 ? `${shown} (${plural(more, 'more problem')}.)` : shown
}
