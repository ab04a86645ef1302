/** A comment's text with the search's matches marked (`<mark>`, which screen readers announce as highlighted). */
import { Mark } from '@mantine/core'
import type { InboxCommentView } from '../../src-shared/api/comments'

export function HighlightedText({ pieces }: { pieces: InboxCommentView['pieces'] }) {
  return (
    <>
      {pieces.map((piece, i) =>
        piece.match ? (
          <Mark key={i} color="yellow">
            {piece.text}
          </Mark>
        ) : (
          <span key={i}>{piece.text}</span>
        ),
      )}
    </>
  )
}
