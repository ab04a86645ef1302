/**
 * The Drafts tab: every draft in the organization, newest edit first, to open in the composer or delete. A post
 * written for several channels is one card.
 */
import { Button, Group, Skeleton, Stack, Text } from '@mantine/core'
import { IconNotes, IconPencil, IconPencilPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import type { Channel, Post } from '../../src-shared/entities/models'
import { EmptyPanel } from '../ui/empty-panel'
import { ConfirmDelete } from './confirm-delete'
import { PostCard } from './post-card'

/** A new draft is written in the one composer, like every post. */
function NewDraftButton() {
  return (
    <Button component="a" href="#/publish/compose" leftSection={<IconPencilPlus size={18} aria-hidden />}>
      New draft
    </Button>
  )
}

interface Props {
  orgId: string
  drafts: Post[] | undefined
  channels: Channel[]
  /** Whether this person may delete the post (a contributor: only their own). */
  mayRemove: (post: Post) => boolean
}

export function DraftsPanel({ orgId, drafts, channels, mayRemove }: Props) {
  const [deleting, setDeleting] = useState<Post | null>(null)
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
        description="Drafts are ideas in progress: write now, pick the channels and the time later. Everything you type in the composer is kept here until you schedule it."
        actions={<NewDraftButton />}
      />
    )
  }
  const byId = new Map(channels.map((c) => [c.id, c]))
  const groups = new Map<string, Post[]>()
  for (const post of drafts) groups.set(post.groupId ?? post.id, [...(groups.get(post.groupId ?? post.id) ?? []), post])
  const groupOf = (post: Post) => groups.get(post.groupId ?? post.id) ?? [post]
  return (
    <Stack gap="sm" component="section" aria-label="Drafts">
      <Group justify="flex-end">
        <NewDraftButton />
      </Group>
      {[...groups.values()].map(([post, ...others]) => (
        <PostCard
          key={post!.id}
          post={post!}
          channel={post!.socialAccountId ? byId.get(post!.socialAccountId) : undefined}
          actions={
            <>
              <Button
                component="a"
                href={`#/publish/compose/${post!.id}`}
                size="compact-sm"
                variant="subtle"
                leftSection={<IconPencil size={14} aria-hidden />}
              >
                Open
              </Button>
              {mayRemove(post!) && (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} aria-hidden />}
                  onClick={() => setDeleting(post!)}
                >
                  Delete
                </Button>
              )}
            </>
          }
        >
          {others.length > 0 && (
            <Text fz="xs" c="dimmed">
              Also for{' '}
              {others
                .map((p) => (p.socialAccountId ? byId.get(p.socialAccountId)?.displayName : undefined) ?? 'no channel')
                .join(', ')}
            </Text>
          )}
        </PostCard>
      ))}
      <ConfirmDelete
        orgId={orgId}
        post={deleting}
        alsoPosts={deleting ? groupOf(deleting) : []}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  )
}
