/** What can be done to the selected comments, for the mouse; each button says its key to assistive technology. */
import { Button, Group, Paper, Text } from '@mantine/core'

interface Props {
  count: number
  onDone: () => void
  onAssign: () => void
  onTag: () => void
  onSnooze: () => void
  onClear: () => void
}

export function SelectionBar({ count, ...on }: Props) {
  if (count === 0) return null
  return (
    <Paper withBorder p={6} radius="md" mb="xs" aria-label="Selection" component="section">
      <Group gap="xs" justify="space-between">
        <Text fz="sm" fw={500} px={6} aria-live="polite">
          {count} selected
        </Text>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-sm" variant="light" onClick={on.onDone} aria-keyshortcuts="E">
            Done
          </Button>
          <Button size="compact-sm" variant="default" onClick={on.onAssign} aria-keyshortcuts="A">
            Assign
          </Button>
          <Button size="compact-sm" variant="default" onClick={on.onTag} aria-keyshortcuts="T">
            Tag
          </Button>
          <Button size="compact-sm" variant="default" onClick={on.onSnooze} aria-keyshortcuts="S">
            Snooze
          </Button>
          <Button size="compact-sm" variant="subtle" color="gray" onClick={on.onClear} aria-keyshortcuts="Escape">
            Clear
          </Button>
        </Group>
      </Group>
    </Paper>
  )
}
