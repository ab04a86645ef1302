/**
 * Long text that several people (or one person's devices) edit (a post's
 * caption, a saved reply's body, a Start Page's bio) is a Yjs document, so two people editing the same caption offline
 * both keep their words. An op for such a field carries a Yjs update
 * (`{ yjs: <base64> }`) instead of a plain value; every replica merges
 * updates, in any order, to the same text, and writes that text through to
 * the column everyone reads.
 */
import * as Y from 'yjs'
import { valueRuleProblem } from './value-rules'

export const COLLAB_FIELDS: Readonly<Record<string, readonly string[]>> = {
  posts: ['caption'],
  saved_replies: ['body'],
  start_pages: ['bio'],
}

export const isCollabField = (table: string, field: string): boolean => COLLAB_FIELDS[table]?.includes(field) ?? false

export interface CollabValue {
  yjs: string
}

export function isCollabValue(value: unknown): value is CollabValue {
  return typeof value === 'object' && value !== null && typeof (value as CollabValue).yjs === 'string'
}

const TEXT = 'text'

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

function load(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc()
  if (state && state.length) Y.applyUpdate(doc, state)
  return doc
}

export const textOf = (state: Uint8Array | null): string => load(state).getText(TEXT).toString()

/**
 * Turns a whole new text into the smallest edit of the document (the
 * changed middle between a common prefix and suffix), so concurrent edits
 * elsewhere in the text survive the merge.
 */
export function editText(state: Uint8Array | null, next: string): { state: Uint8Array; update: Uint8Array } {
  const doc = load(state)
  const before = Y.encodeStateVector(doc)
  const text = doc.getText(TEXT)
  const current = text.toString()
  let start = 0
  while (start < current.length && start < next.length && current[start] === next[start]) start++
  let end = 0
  while (
    end < current.length - start &&
    end < next.length - start &&
    current[current.length - 1 - end] === next[next.length - 1 - end]
  )
    end++
  doc.transact(() => {
    if (current.length - start - end > 0) text.delete(start, current.length - start - end)
    if (next.length - start - end > 0) text.insert(start, next.slice(start, next.length - end))
  })
  return { state: Y.encodeStateAsUpdate(doc), update: Y.encodeStateAsUpdate(doc, before) }
}

/** Merges updates into a document state; the result is compacted (one update, deleted content collected). */
export function mergeCollab(state: Uint8Array | null, updates: Uint8Array[]): { state: Uint8Array; text: string } {
  const doc = load(state)
  for (const update of updates) Y.applyUpdate(doc, update)
  return { state: Y.encodeStateAsUpdate(doc), text: doc.getText(TEXT).toString() }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Null when a value is a collaborative-text update the server can merge and store: `{ yjs }` in strict
 * base64, an update Yjs can apply (tried on a scratch document, since a broken one throws deep inside the
 * merge), whose text follows the value rules (the merged text is written to a text column). Else why not,
 * as the end of a sentence that starts with the field's name.
 */
export function collabProblem(value: unknown): string | null {
  if (!isCollabValue(value)) return 'is collaborative text and takes a Yjs update ({ "yjs": "<base64>" })'
  if (!BASE64.test(value.yjs)) return 'takes a Yjs update in base64, and "yjs" is not base64'
  let text: string
  try {
    // Applied as the merge applies it: even an empty update is decoded.
    const scratch = new Y.Doc()
    Y.applyUpdate(scratch, fromBase64(value.yjs))
    text = scratch.getText(TEXT).toString()
  } catch {
    return 'takes a Yjs update, and "yjs" is not one'
  }
  const problem = valueRuleProblem(text)
  return problem ? `has text that ${problem}` : null
}

/** Two updates of one field as one (for batching; order does not matter). */
export function combineUpdates(a: CollabValue, b: CollabValue): CollabValue {
  return { yjs: toBase64(Y.mergeUpdates([fromBase64(a.yjs), fromBase64(b.yjs)])) }
}
