/**
 * Beside the actions while editing a post that has its place: where it stands, that the edits are not on it until
 * Save changes (which keeps its time; the menu moves it), what saving does to an approval, and Discard.
 */
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core'
import { IconArrowBackUp } from '@tabler/icons-react'
import type { Post } from '../../../src-shared/entities/models'
import { STATUS } from '../status'
import { formatInstant } from '../../../src-shared/time-format'
import { whenLabel } from '../time'
import classes from './compose.module.css'

interface Props {
  post: Post
  zone: string
  /** Whether this person's saved change goes to an approver first. */
  needsApproval: boolean
  changed: boolean
  disabled: boolean
  onDiscard: () => void
}

/** What saving does to the approval, said before saving. */
export function approvalEffect(post: Post, needsApproval: boolean): string | null {
  if (!needsApproval) return null
  if (post.status === 'needs_approval') return 'It keeps waiting for approval, with your changes.'
  return 'Saving a change sends it back to an approver, who approved it as it was; it goes out only once approved again.'
}

export function HeldEditNote({ post, zone, needsApproval, changed, disabled, onDiscard }: Props) {
  const effect = approvalEffect(post, needsApproval)
  return (
    <Stack gap={6} align="flex-end">
      <Text fz="xs" c="dimmed" ta="right">
        {STATUS[post.status].label}
        {post.scheduledAt ? ` for ${whenLabel(post.scheduledAt, zone)}` : ''}. Your edits stay here and the post stays
        as it is until you save: Save changes keeps {post.scheduledAt ? 'its time' : 'it waiting'}, the menu moves it.
      </Text>
      {effect && (
        <Text fz="xs" fw={500} ta="right" className={classes.warning}>
          {effect}
        </Text>
      )}
      <Group gap="sm" justify="flex-end">
        <Button
          variant="default"
          size="xs"
          leftSection={<IconArrowBackUp size={14} aria-hidden />}
          disabled={!changed || disabled}
          onClick={onDiscard}
        >
          Discard changes
        </Button>
        <Anchor href="#/publish" fz="sm">
          {changed ? 'Close — unsaved changes wait here' : 'Done'}
        </Anchor>
      </Group>
    </Stack>
  )
}

/** Said at the top when edits held from an earlier visit come back. */
export function RestoredEdit({ editedAt, stale }: { editedAt: string; stale: boolean }) {
  return (
    <Alert color="brand" variant="light" title="Your unsaved changes are back">
      You edited this post on {formatInstant(editedAt)} and did not save.{' '}
      {stale ? 'The post has changed since; saving replaces it with your version. ' : ''}Save changes to use them, or
      discard them.
    </Alert>
  )
}
