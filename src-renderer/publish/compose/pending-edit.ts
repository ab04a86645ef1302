/**
 * An edit of a post that already has its place (scheduled, approved, or waiting for approval) is not written as it
 * is typed: it is a pending change until Save changes (or Discard). It is kept in this browser profile's
 * localStorage, per organization and post, so closing the composer or reloading does not lose it; it never leaves
 * the device and nothing of it syncs. View state, not data: the post itself changes only through the services.
 */
import type { ComposeState } from './compose-state'

export interface PendingEdit {
  state: ComposeState
  /** When it was last typed. */
  editedAt: string
  /** The post's updatedAt when the edit began: a later one means the post changed since. */
  baseUpdatedAt: string
}

const keyOf = (orgId: string, postId: string) => `buffer-clone:pending-edit:${orgId}:${postId}`

/** Only what survives a reload: a picked file's object URL does not (the saved file is read back instead). */
export const storable = (state: ComposeState): ComposeState => ({
  ...state,
  media: state.media.map(({ item }) => ({ item })),
})

export function readPendingEdit(orgId: string, postId: string): PendingEdit | null {
  try {
    const raw = localStorage.getItem(keyOf(orgId, postId))
    if (!raw) return null
    const parsed = JSON.parse(raw) as PendingEdit
    return parsed && typeof parsed === 'object' && parsed.state && Array.isArray(parsed.state.channelIds)
      ? parsed
      : null
  } catch {
    // Storage that cannot be read (turned off, or an older shape) holds nothing to restore.
    return null
  }
}

export function writePendingEdit(orgId: string, postId: string, edit: PendingEdit): void {
  try {
    localStorage.setItem(keyOf(orgId, postId), JSON.stringify({ ...edit, state: storable(edit.state) }))
  } catch {
    // Full or turned off: the change is still held on screen until Save or Discard.
  }
}

export function clearPendingEdit(orgId: string, postId: string): void {
  try {
    localStorage.removeItem(keyOf(orgId, postId))
  } catch {
    // Nothing to clear where storage is off.
  }
}
