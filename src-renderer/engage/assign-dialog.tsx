/** "a": hand the selected comments to a teammate (they are told on their device), or to nobody. */
import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core'
import { useState } from 'react'

interface Props {
  opened: boolean
  count: number
  members: { value: string; label: string }[]
  onClose: () => void
  onAssign: (userId: string | null) => void
}

const NOBODY = '__nobody__'

export function AssignDialog({ opened, count, members, onClose, onAssign }: Props) {
  const [value, setValue] = useState<string | null>(null)
  const submit = (chosen: string | null) => {
    if (!chosen) return
    onAssign(chosen === NOBODY ? null : chosen)
    setValue(null)
  }
  return (
    <Modal opened={opened} onClose={onClose} title={count === 1 ? 'Assign the comment' : `Assign ${count} comments`}>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          submit(value)
        }}
      >
        <Stack>
          <Select
            label="Teammate"
            placeholder="Type a name"
            data={[...members, { value: NOBODY, label: 'Nobody (unassign)' }]}
            value={value}
            onChange={(next) => {
              // Choosing is the decision: Enter on a name assigns, with no second step.
              setValue(next)
              submit(next)
            }}
            searchable
            selectFirstOptionOnChange
            data-autofocus
            defaultDropdownOpened
            comboboxProps={{ withinPortal: false }}
          />
          <Text fz="xs" c="dimmed">
            They see it in their inbox and get a notification on their device.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!value}>
              Assign
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
