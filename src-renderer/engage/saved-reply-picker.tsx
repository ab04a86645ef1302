/** Insert a saved reply by typing part of its title (Ctrl+K from the reply box). */
import { Select } from '@mantine/core'
import { IconBookmark } from '@tabler/icons-react'
import { forwardRef } from 'react'
import type { SavedReply } from '../../src-shared/api/replies'

interface Props {
  savedReplies: SavedReply[] | null
  onPick: (savedReply: SavedReply) => void
}

export const SavedReplyPicker = forwardRef<HTMLInputElement, Props>(function SavedReplyPicker(
  { savedReplies, onPick },
  ref,
) {
  const unavailable = savedReplies === null
  return (
    <Select
      ref={ref}
      aria-label="Insert a saved reply"
      aria-keyshortcuts="Control+K"
      placeholder={unavailable ? 'Saved replies are not available yet' : 'Insert a saved reply (Ctrl+K)'}
      leftSection={<IconBookmark size={16} aria-hidden />}
      data={(savedReplies ?? []).map((reply) => ({ value: reply.id, label: reply.title }))}
      value={null}
      onChange={(id) => {
        const chosen = savedReplies?.find((reply) => reply.id === id)
        if (chosen) onPick(chosen)
      }}
      searchable
      disabled={unavailable}
      nothingFoundMessage="No saved reply has that title"
      size="xs"
    />
  )
})
