/** The list of keyboard shortcuts, opened with "?" or from the top bar. */
import { Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core'
import { SCREENS } from './screens'

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="sm">
      <Stack gap="md">
        <Table verticalSpacing={8} withRowBorders={false}>
          <Table.Tbody>
            {SCREENS.map((screen) => (
              <Table.Tr key={screen.path}>
                <Table.Td>Go to {screen.label}</Table.Td>
                <Table.Td ta="right">
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Kbd>G</Kbd>
                    <Text fz="xs" c="dimmed">
                      then
                    </Text>
                    <Kbd>{screen.keyLabel}</Kbd>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>Create a post</Table.Td>
              <Table.Td ta="right">
                <Kbd>N</Kbd>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>Show this list</Table.Td>
              <Table.Td ta="right">
                <Kbd>?</Kbd>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Text fz="sm" c="dimmed">
          Shortcuts pause while you type in a field. Tab moves through everything; the first Tab offers a link straight
          to the content.
        </Text>
      </Stack>
    </Modal>
  )
}
