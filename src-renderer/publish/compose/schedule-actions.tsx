/**
 * What to do with the post once written: Add to queue (the main action, also Ctrl/⌘+Enter), or from the menu
 * Share next, Share now, or Schedule for a chosen time in the channel's zone. A contributor's words say that the
 * post goes to an approver first. Editing a post that already has its place, the main action is Save changes
 * (it keeps that place) and Add to queue moves to the menu.
 */
import { Alert, Button, Group, Menu, Modal, Stack, Text } from '@mantine/core'
import { DateTimePicker, type DateTimePickerProps } from '@mantine/dates'
import {
  IconBolt,
  IconCalendarEvent,
  IconChevronDown,
  IconDeviceFloppy,
  IconListNumbers,
  IconStack2,
} from '@tabler/icons-react'
import { DateTime } from 'luxon'
import { useState } from 'react'
import type { When } from '../../../src-shared/api/contract'
import { errorMessage } from '../../ui/errors'
import { pickedTime, utcToWall, zoneAbbreviation } from '../time'

interface Props {
  needsApproval: boolean
  zone: string
  zoneNote: string
  disabled: boolean
  pending: When['kind'] | 'save' | null
  error: unknown
  onSchedule: (when: When) => void
  /** Given when editing a scheduled or waiting post: the main action saves and keeps its time. */
  onSave?: () => void
  errorTitle?: string
  /** The time the post already has, when editing one: the picker starts there. */
  currentAt?: string | null
}

export function ScheduleActions(props: Props) {
  const { needsApproval, zone, zoneNote, disabled, pending, error, onSchedule, onSave, currentAt, errorTitle } = props
  const [picking, setPicking] = useState(false)
  const here = DateTime.now().setZone(zone)
  const minDate = here.toFormat('yyyy-MM-dd')
  // Picking a day fills in a time a little ahead, so today's date is never already in the past.
  const soon = here.plus({ minutes: 15 - (here.minute % 5) }).toFormat('HH:mm')
  const [wall, setWall] = useState<string | null>(() => (currentAt ? utcToWall(currentAt, zone) : null))
  // The time field shows, and the post takes, the time as typed. The picker joins it to the day in this
  // computer's own zone, which would move a time that zone skips (02:30 becomes 03:30, in its field too) before
  // the channel's zone could say that it does not exist; so the field is ours (its value is passed through the
  // picker's timePickerProps, which Mantine spreads over its own) and only the day is read from the picker.
  const [typed, setTyped] = useState(() => (currentAt ? utcToWall(currentAt, zone).slice(11) : soon))
  const timeField = {
    hoursInputLabel: 'Hours',
    minutesInputLabel: 'Minutes',
    value: typed,
    onChange: setTyped,
  } as DateTimePickerProps['timePickerProps']
  // A day without a time (the field cleared) is not a time yet.
  const asPicked = wall && typed ? `${wall.slice(0, 10)} ${typed}` : null
  const picked = asPicked ? pickedTime(asPicked, zone) : null
  const at = picked?.at ?? null
  const past = at !== null && DateTime.fromISO(at) <= DateTime.now()
  const verb = needsApproval ? 'Ask to' : ''
  const label = (words: string) => (verb ? `${verb} ${words.charAt(0).toLowerCase()}${words.slice(1)}` : words)
  const queueWords = needsApproval ? 'Send for approval' : 'Add to queue'

  return (
    <Stack gap="xs" align="flex-end">
      {needsApproval && (
        <Text fz="xs" c="dimmed">
          An approver reviews your post before it goes out.
        </Text>
      )}
      <Group gap={0} wrap="nowrap">
        <Button
          onClick={() => (onSave ? onSave() : onSchedule({ kind: 'queue' }))}
          disabled={disabled}
          loading={pending === (onSave ? 'save' : 'queue')}
          leftSection={onSave ? <IconDeviceFloppy size={18} aria-hidden /> : undefined}
          style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
        >
          {onSave ? 'Save changes' : queueWords}
        </Button>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              disabled={disabled}
              aria-label="More ways to share"
              px={8}
              style={{
                borderTopLeftRadius: 0,
                borderBottomLeftRadius: 0,
                borderLeft: '1px solid rgba(255,255,255,.35)',
              }}
            >
              <IconChevronDown size={18} aria-hidden />
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {onSave && (
              <Menu.Item
                leftSection={<IconStack2 size={16} aria-hidden />}
                onClick={() => onSchedule({ kind: 'queue' })}
              >
                {queueWords}
              </Menu.Item>
            )}
            <Menu.Item
              leftSection={<IconListNumbers size={16} aria-hidden />}
              onClick={() => onSchedule({ kind: 'next' })}
            >
              {label('Share next')}
            </Menu.Item>
            <Menu.Item leftSection={<IconBolt size={16} aria-hidden />} onClick={() => onSchedule({ kind: 'now' })}>
              {label('Share now')}
            </Menu.Item>
            <Menu.Item leftSection={<IconCalendarEvent size={16} aria-hidden />} onClick={() => setPicking(true)}>
              {label('Schedule for…')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      {Boolean(error) && (
        <Alert color="red" variant="light" role="alert" maw={420} title={errorTitle ?? 'Not scheduled'}>
          {typeof error === 'string' ? error : errorMessage(error)}
        </Alert>
      )}
      <Modal opened={picking} onClose={() => setPicking(false)} title="Schedule for a date and time">
        <Stack gap="md">
          <DateTimePicker
            label={`Date and time (${zoneAbbreviation(zone)})`}
            description={zoneNote}
            placeholder="Pick a date and time"
            value={wall}
            onChange={setWall}
            minDate={minDate}
            defaultTimeValue={soon}
            valueFormat="ddd D MMM YYYY, HH:mm"
            timePickerProps={timeField}
            submitButtonProps={{ 'aria-label': 'Use this date and time' }}
            error={picked?.problem ?? (past ? 'That time has passed: pick a later one.' : undefined)}
            popoverProps={{ withinPortal: true }}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPicking(false)}>
              Cancel
            </Button>
            <Button
              disabled={!at || past}
              loading={pending === 'at'}
              onClick={() => {
                if (!at) return
                setPicking(false)
                onSchedule({ kind: 'at', at })
              }}
            >
              {needsApproval ? 'Send for approval' : 'Schedule'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}
