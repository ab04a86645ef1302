/**
 * A reply's text as it will go out: built-in placeholders from the comment, custom ones from what the person
 * typed for them, and the names of any still without a value (the reply box refuses to send then).
 */
import type { InboxCommentView } from '../../src-shared/api/comments'
import type { SavedReply } from '../../src-shared/api/replies'
import {
  builtInValues,
  fillPlaceholders,
  isBuiltIn,
  placeholderKeys,
  type FilledReply,
} from '../../src-shared/engage/placeholders'

export interface ReplyPlaceContext {
  comment: InboxCommentView
  channelName: string
  postLink: string | null
  assigneeName: string | null
  timeZone: string
}

export function builtIns(context: ReplyPlaceContext): Record<string, string | undefined> {
  return builtInValues({
    commenterName: context.comment.author.name,
    commenterHandle: context.comment.author.handle,
    channelName: context.channelName,
    postLink: context.postLink ?? undefined,
    assigneeName: context.assigneeName ?? undefined,
    timeZone: context.timeZone,
    now: new Date(),
  })
}

/** The custom placeholders the text still uses, in order. */
export const customKeys = (text: string) => placeholderKeys(text).filter((key) => !isBuiltIn(key))

export function fillReply(
  text: string,
  context: ReplyPlaceContext,
  custom: Record<string, string>,
  saved: SavedReply | null,
): FilledReply {
  return fillPlaceholders(text, { ...builtIns(context), ...custom }, saved?.placeholders ?? [])
}
