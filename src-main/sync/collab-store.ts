/**
 * The local side of collaborative text: each edit becomes a Yjs update (the
 * op's value) and the document state is kept beside the row in
 * `collab_docs`; remote updates merge into it and the merged text is
 * written through to the column. Runs inside the caller's transaction.
 */
import type Database from 'better-sqlite3'
import { editText, fromBase64, mergeCollab, toBase64, type CollabValue } from '../../src-shared/sync/collab-text'

export interface DocKey {
  table: string
  rowId: string
  field: string
}

function read(sqlite: Database.Database, key: DocKey): Uint8Array | null {
  const row = sqlite
    .prepare<[string, string, string], { state: Buffer }>(
      'SELECT state FROM collab_docs WHERE table_name = ? AND row_id = ? AND field = ?',
    )
    .get(key.table, key.rowId, key.field)
  return row ? new Uint8Array(row.state) : null
}

function write(sqlite: Database.Database, key: DocKey, state: Uint8Array): void {
  sqlite
    .prepare(
      `INSERT INTO collab_docs (table_name, row_id, field, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (table_name, row_id, field) DO UPDATE SET state = excluded.state`,
    )
    .run(key.table, key.rowId, key.field, Buffer.from(state))
}

/** Records a local edit of the whole text; returns the op value that carries it. */
export function editCollabText(sqlite: Database.Database, key: DocKey, text: string): CollabValue {
  const { state, update } = editText(read(sqlite, key), text)
  write(sqlite, key, state)
  return { yjs: toBase64(update) }
}

/** Merges a remote update (or a whole state) in; returns the merged text. */
export function mergeCollabText(sqlite: Database.Database, key: DocKey, value: CollabValue): string {
  const merged = mergeCollab(read(sqlite, key), [fromBase64(value.yjs)])
  write(sqlite, key, merged.state)
  return merged.text
}
