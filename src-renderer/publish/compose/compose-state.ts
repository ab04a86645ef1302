/** What the composer holds while a post is written: shared by its state hook, its held edits and its parts. */
import type { MediaItem, ThreadPart } from '../../../src-shared/entities/json-shapes'

export interface MediaDraft {
  item: MediaItem
  /** A local object URL for a file picked in this session; saved files are read back with readMedia. */
  preview?: string
}

export interface ComposeState {
  channelIds: string[]
  text: string
  /** Text customized for one channel; absent means it uses the shared text. */
  overrides: Record<string, string>
  media: MediaDraft[]
  tags: string[]
  /**
   * The thread after the text (its part 1), shared by every chosen channel that allows threads; empty for a
   * single post. A part keeps media it had, though the composer edits only its text.
   */
  threadParts: ThreadPart[]
  /** Posted as a reply right after the post and its thread; '' for none. */
  firstComment: string
}

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error'

/** The text a channel's post gets: its own customized text, or the shared one. */
export const captionFor = (state: ComposeState, channelId: string): string => state.overrides[channelId] ?? state.text
