/** "t": add tags to the selected comments, or take off ones they have. */
import { Button, Chip, Group, Modal, Stack, TagsInput, Text } from '@mantine/core'
import { useState } from 'react'

interface Props {
  opened: boolean
  count: number
  /** Tags the selected comments have now. */
  current: string[]
  known: string[]
  onClose: () => void
  onTag: (change: { add: string[]; remove: string[] }) => void
}

export function TagDialog({ opened, count, current, known, onClose, onTag }: Props) {
  const [add, setAdd] = useState<string[]>([])
  const [remove, setRemove] = useState<string[]>([])
  const close = () => {
    setAdd([])
    setRemove([])
    onClose()
  }
  return (
    <Modal opened={opened} onClose={close} title={count === 1 ? 'Tag the comment' : `Tag ${count} comments`}>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (add.length === 0 && remove.length === 0) return
          onTag({ add, remove })
          setAdd([])
          setRemove([])
        }}
      >
        <Stack>
          <TagsInput
            label="Add tags"
            description="Type a tag and press Enter; press Enter again on an empty field to save."
            data={known}
            value={add}
            onChange={setAdd}
            data-autofocus
            onKeyDown={(event) => {
              if (event.key === 'Enter' && event.currentTarget.value === '' && (add.length || remove.length)) {
                event.currentTarget.form?.requestSubmit()
              }
            }}
            comboboxProps={{ withinPortal: false }}
          />
          {current.length > 0 && (
            <Stack gap={6}>
              <Text fz="sm" fw={500}>
                Take off
              </Text>
              <Chip.Group multiple value={remove} onChange={setRemove}>
                <Group gap={6}>
                  {current.map((tag) => (
                    <Chip key={tag} value={tag} size="xs" color="red" variant="outline">
                      #{tag}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={add.length === 0 && remove.length === 0}>
              Save tags
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
