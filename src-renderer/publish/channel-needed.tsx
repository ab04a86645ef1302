/**
 * Queue and Sent before any channel exists: honest about why they are empty
 * and what unlocks them, with drafting offered as the thing to do meanwhile.
 */
import { Button } from '@mantine/core'
import { IconCalendarTime, IconPencilPlus, IconSend2 } from '@tabler/icons-react'
import { EmptyPanel } from '../ui/empty-panel'

export function ChannelNeeded({ kind, onWrite }: { kind: 'queue' | 'sent'; onWrite: () => void }) {
  const queue = kind === 'queue'
  return (
    <EmptyPanel
      icon={queue ? <IconCalendarTime size={30} stroke={1.5} /> : <IconSend2 size={30} stroke={1.5} />}
      title={queue ? 'Your queue is empty' : 'Nothing sent yet'}
      description={
        queue
          ? 'Connect a channel to start scheduling — channels arrive with the Sandbox, Bluesky and Mastodon integrations. Until then, write drafts and they will be ready to schedule.'
          : 'Posts appear here once they are published to a channel. Connect a channel to start scheduling — channels arrive with the Sandbox, Bluesky and Mastodon integrations.'
      }
      actions={
        <Button variant="light" leftSection={<IconPencilPlus size={18} aria-hidden />} onClick={onWrite}>
          Write a draft
        </Button>
      }
    />
  )
}
