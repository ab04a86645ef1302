/** "?" in the inbox: every shortcut it has, so all of triage works without a mouse. */
import { Group, Kbd, Modal, Table, Text } from '@mantine/core'

export const INBOX_SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['J', '↓'], what: 'Next comment' },
  { keys: ['K', '↑'], what: 'Previous comment' },
  { keys: ['Enter'], what: 'Open the conversation' },
  { keys: ['X'], what: 'Select or unselect (actions apply to the selection)' },
  { keys: ['R'], what: 'Reply' },
  { keys: ['E'], what: 'Mark done' },
  { keys: ['A'], what: 'Assign to a teammate' },
  { keys: ['T'], what: 'Add or remove tags' },
  { keys: ['S'], what: 'Snooze (then 1: an hour, 2: tomorrow 9:00, 3: next week, 4: pick a time)' },
  { keys: ['/'], what: 'Search' },
  { keys: ['Esc'], what: 'Leave the search or the reply box; clear the selection' },
  { keys: ['?'], what: 'Show this list' },
]

export function HelpOverlay({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Inbox shortcuts" size="md">
      <Table verticalSpacing={6} withRowBorders={false}>
        <Table.Tbody>
          {INBOX_SHORTCUTS.map((shortcut) => (
            <Table.Tr key={shortcut.what}>
              <Table.Td>{shortcut.what}</Table.Td>
              <Table.Td ta="right">
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  {shortcut.keys.map((key, i) => (
                    <Group key={key} gap={4} wrap="nowrap">
                      {i > 0 && (
                        <Text fz="xs" c="dimmed">
                          or
                        </Text>
                      )}
                      <Kbd>{key}</Kbd>
                    </Group>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fz="sm" c="dimmed" mt="sm">
        Shortcuts pause while you type in a field. The app’s own (G then a letter to change screens) work here too.
      </Text>
    </Modal>
  )
}
