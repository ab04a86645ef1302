/** What can be done to the selected comments, for the mouse; each button names its key. */
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
        <Group gap={4}>
          <Button size="compact-sm" variant="light" onClick={on.onDone}>
            Done (E)
          </Button>
          <Button size="compact-sm" variant="default" onClick={on.onAssign}>
            Assign (A)
          </Button>
          <Button size="compact-sm" variant="default" onClick={on.onTag}>
            Tag (T)
          </Button>
          <Button size="compact-sm" variant="default" onClick={on.onSnooze}>
            Snooze (S)
          </Button>
          <Button size="compact-sm" variant="subtle" color="gray" onClick={on.onClear}>
            Clear (Esc)
          </Button>
        </Group>
      </Group>
    </Paper>
  )
}
