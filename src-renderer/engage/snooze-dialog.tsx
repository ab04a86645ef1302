/**
 * "s": snooze the selected comments until a time; they come back to Open by themselves then. 1, 2 and 3 pick a
 * choice at once; 4 (or Tab) goes to a time of your own.
 */
import { Button, Group, Kbd, Modal, Stack, Text, TextInput } from '@mantine/core'
import { DateTime } from 'luxon'
import { useState } from 'react'
import { snoozeChoices } from './comment-words'

interface Props {
  opened: boolean
  count: number
  onClose: () => void
  onSnooze: (until: string) => void
}

export function SnoozeDialog({ opened, count, onClose, onSnooze }: Props) {
  const [picked, setPicked] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const choices = snoozeChoices()
  const pickOwn = () => {
    const at = DateTime.fromISO(picked)
    if (!at.isValid || at <= DateTime.now()) {
      setProblem('Choose a time in the future.')
      return
    }
    setProblem(null)
    onSnooze(at.toUTC().toISO()!)
  }
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={count === 1 ? 'Snooze the comment until…' : `Snooze ${count} comments until…`}
    >
      <Stack
        gap="xs"
        onKeyDown={(event) => {
          if ((event.target as HTMLElement).tagName === 'INPUT') return
          const choice = choices.find((c) => c.key === event.key)
          if (choice) {
            event.preventDefault()
            onSnooze(choice.until.toUTC().toISO()!)
          } else if (event.key === '4') {
            event.preventDefault()
            document.getElementById('snooze-own-time')?.focus()
          }
        }}
      >
        {choices.map((choice, i) => (
          <Button
            key={choice.key}
            variant="default"
            justify="space-between"
            rightSection={<Kbd>{choice.key}</Kbd>}
            onClick={() => onSnooze(choice.until.toUTC().toISO()!)}
            data-autofocus={i === 0 || undefined}
          >
            {choice.label}
            <Text span fz="xs" c="dimmed" ml="xs">
              {choice.until.toFormat('ccc d LLL, HH:mm')}
            </Text>
          </Button>
        ))}
        <form
          onSubmit={(event) => {
            event.preventDefault()
            pickOwn()
          }}
        >
          <Group align="flex-end" gap="xs" mt="xs">
            <TextInput
              id="snooze-own-time"
              type="datetime-local"
              label={
                <>
                  Pick a time <Kbd size="xs">4</Kbd>
                </>
              }
              value={picked}
              onChange={(event) => setPicked(event.currentTarget.value)}
              error={problem}
              style={{ flex: 1 }}
            />
            <Button type="submit" variant="light" disabled={!picked}>
              Snooze
            </Button>
          </Group>
        </form>
      </Stack>
    </Modal>
  )
}
