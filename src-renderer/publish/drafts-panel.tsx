/** The Drafts tab: every draft in the organization, newest edit first. */
import { Button, Skeleton, Stack } from '@mantine/core'
import { IconNotes, IconPencilPlus } from '@tabler/icons-react'
import type { Post } from '../../src-shared/entities/models'
import { EmptyPanel } from '../ui/empty-panel'
import { DraftCard } from './draft-card'

interface Props {
  drafts: Post[] | undefined
  onWrite: () => void
}

export function DraftsPanel({ drafts, onWrite }: Props) {
  if (!drafts) {
    return (
      <Stack gap="sm" role="status" aria-busy="true" aria-label="Loading drafts">
        {[0, 1, 2].map((row) => (
          <Skeleton key={row} h={112} radius="lg" />
        ))}
      </Stack>
    )
  }
  if (drafts.length === 0) {
    return (
      <EmptyPanel
        icon={<IconNotes size={30} stroke={1.5} />}
        title="No drafts yet"
        description="Drafts are ideas in progress: write now, pick the channels and the time later. They stay on this device until you schedule them."
        actions={
          <Button leftSection={<IconPencilPlus size={18} aria-hidden />} onClick={onWrite}>
            Write a draft
          </Button>
        }
      />
    )
  }
  return (
    <Stack gap="sm" component="section" aria-label="Drafts">
      {drafts.map((post) => (
        <DraftCard key={post.id} post={post} />
      ))}
    </Stack>
  )
}
