/**
 * The first comment: optional, posted as the account's own reply right after the post (and its thread), on
 * the chosen platforms that allow one, with its own counter and checks.
 */
import { Textarea } from '@mantine/core'
import type { MediaItem } from '../../../src-shared/entities/json-shapes'
import type { Channel } from '../../../src-shared/entities/models'
import { platformLimits } from '../../../src-shared/platforms'
import { followUpProblemsFor } from './channel-checks'
import { captionFor, type ComposeState } from './compose-state'
import { roomLeft, roomWords } from './length-left'

interface Props {
  state: ComposeState
  chosen: Channel[]
  media: MediaItem[]
  update: (change: (state: ComposeState) => Partial<ComposeState>) => void
}

export function FirstCommentField({ state, chosen, media, update }: Props) {
  const allowed = chosen.filter((c) => platformLimits[c.platform].firstComment)
  // Shown only where a first comment can go, unless one was written already (so it can be removed).
  if (allowed.length === 0 && state.firstComment === '') return null
  const left = roomLeft([...new Set(allowed.map((c) => c.platform))], state.firstComment)
  const after = { threadParts: state.threadParts, firstComment: state.firstComment }
  const where = state.threadParts.length ? 'the post and its thread' : 'the post'
  return (
    <Textarea
      label="First comment"
      description={`Optional: posted as your reply right after ${where}.${state.firstComment ? ` ${roomWords(left)}.` : ''}`}
      placeholder="A link, hashtags or a question to start the conversation"
      autosize
      minRows={2}
      maxRows={8}
      value={state.firstComment}
      error={followUpProblemsFor(allowed, (id) => captionFor(state, id), media, after, 'firstComment')}
      onChange={(event) => {
        const firstComment = event.currentTarget.value
        update(() => ({ firstComment }))
      }}
    />
  )
}
