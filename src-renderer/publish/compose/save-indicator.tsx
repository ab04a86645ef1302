/** Where the composer's writing stands: a draft saving, saved, or not saved and why; a held edit, not saved yet. */
import { Group, Loader, Text } from '@mantine/core'
import { IconCheck, IconCloudOff } from '@tabler/icons-react'
import { errorMessage } from '../../ui/errors'
import type { SaveStatus } from './compose-state'
import classes from './compose.module.css'

export function SaveIndicator({ status, error }: { status: SaveStatus; error: unknown }) {
  const text =
    status === 'saving' ? 'Saving…' : status === 'saved' ? 'Draft saved' : status === 'error' ? 'Not saved' : ''
  return (
    <Group gap={6} role="status" aria-live="polite" mih={20}>
      {status === 'saving' && <Loader size={12} aria-hidden />}
      {status === 'saved' && <IconCheck size={14} aria-hidden color="var(--mantine-color-teal-7)" />}
      {status === 'error' && <IconCloudOff size={14} aria-hidden color="var(--mantine-color-error)" />}
      <Text
        fz="xs"
        c={status === 'error' ? 'var(--mantine-color-error)' : 'dimmed'}
        title={error ? errorMessage(error) : undefined}
      >
        {text}
        {status === 'error' && error ? `: ${errorMessage(error)}` : ''}
      </Text>
    </Group>
  )
}

/** A post that has its place is written only by Save changes: this says whether there is anything to save. */
export function HeldIndicator({ changed }: { changed: boolean }) {
  return (
    <Group gap={6} role="status" aria-live="polite" mih={20}>
      <Text
        fz="xs"
        c={changed ? undefined : 'dimmed'}
        className={changed ? classes.warning : undefined}
        fw={changed ? 600 : undefined}
      >
        {changed ? 'Unsaved changes' : 'No changes yet'}
      </Text>
    </Group>
  )
}
