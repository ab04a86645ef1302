/**
 * What to do with the post once written: Add to queue (the main action, also Ctrl/⌘+Enter), or from the menu
 * Share next, Share now, or Schedule for a chosen time in the channel's zone. A contributor's words say that the
 * post goes to an approver first. Editing a post that already has its place, the main action is Save changes
 * (it keeps that place) and Add to queue moves to the menu.
 */
import { Alert, Button, Group, Menu, Modal, Stack, Text } from '@mantine/core'
import { DatePickerInput, TimePicker } from '@mantine/dates'
import {
  IconBolt,
  IconCalendarEvent,
  IconChevronDown,
  IconDeviceFloppy,
  IconListNumbers,
  IconStack2,
} from '@tabler/icons-react'
import { DateTime } from 'luxon'
import { useRef, useState } from 'react'
import type { When } from '../../../src-shared/api/contract'
import { usesTwelveHours } from '../../../src-shared/time-format'
import { errorMessage } from '../../ui/errors'
import { pickedTime, utcToWall, whenLabel, zoneAbbreviation } from '../time'

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
  /** A time chosen before writing (a calendar slot): the main action schedules for it, the queue moves to the menu. */
  slotAt?: string | null
}

export function ScheduleActions(props: Props) {
  const { needsApproval, zone, zoneNote, disabled, pending, error, onSchedule, onSave, errorTitle, slotAt } = props
  const currentAt = props.currentAt ?? slotAt
  const [picking, setPicking] = useState(false)
  const here = DateTime.now().setZone(zone)
  const minDate = here.toFormat('yyyy-MM-dd')
  // Picking a day fills in a time a little ahead, so today's date is never already in the past.
  const soon = here.plus({ minutes: 15 - (here.minute % 5) }).toFormat('HH:mm')
  // The day and the time are two fields, each kept exactly as picked or typed: Mantine's combined picker joined
  // them in this computer's own zone (moving a time that zone skips) and reset a half-typed hour, so "18" became
  // "08". The time is read as a clock time in the channel's zone only when both are there.
  const [day, setDay] = useState<string | null>(() => (currentAt ? utcToWall(currentAt, zone).slice(0, 10) : null))
  const [typed, setTyped] = useState(() => (currentAt ? utcToWall(currentAt, zone).slice(11, 16) : soon))
  const hours = useRef<HTMLInputElement>(null)
  const dayJustPicked = useRef(false)
  // A day without a time (the field cleared) is not a time yet.
  const asPicked = day && typed ? `${day} ${typed.slice(0, 5)}` : null
  const picked = asPicked ? pickedTime(asPicked, zone) : null
  const at = picked?.at ?? null
  const past = at !== null && DateTime.fromISO(at) <= DateTime.now()
  const problem = picked?.problem ?? (past ? 'That time has passed: pick a later one.' : null)
  const verb = needsApproval ? 'Ask to' : ''
  const label = (words: string) => (verb ? `${verb} ${words.charAt(0).toLowerCase()}${words.slice(1)}` : words)
  const queueWords = needsApproval ? 'Send for approval' : 'Add to queue'
  const slot = !onSave && slotAt && DateTime.fromISO(slotAt) > DateTime.now() ? slotAt : null
  const main = onSave
    ? { words: 'Save changes', run: onSave, kind: 'save' as const }
    : slot
      ? {
          words: `${needsApproval ? 'Ask to schedule' : 'Schedule'} for ${whenLabel(slot, zone)}`,
          run: () => onSchedule({ kind: 'at', at: slot }),
          kind: 'at' as const,
        }
      : { words: queueWords, run: () => onSchedule({ kind: 'queue' }), kind: 'queue' as const }

  return (
    <Stack gap="xs" align="flex-end">
      {needsApproval && (
        <Text fz="xs" c="dimmed">
          An approver reviews your post before it goes out.
        </Text>
      )}
      <Group gap={0} wrap="nowrap">
        <Button
          onClick={main.run}
          disabled={disabled}
          loading={pending === main.kind}
          leftSection={onSave ? <IconDeviceFloppy size={18} aria-hidden /> : undefined}
          style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
        >
          {main.words}
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
            {main.kind !== 'queue' && (
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
          <Text fz="sm" c="dimmed">
            {zoneNote}
          </Text>
          <Group align="flex-start" gap="sm" wrap="nowrap">
            <DatePickerInput
              label="Date"
              placeholder="Pick a day"
              value={day}
              onChange={(next) => {
                setDay(next)
                dayJustPicked.current = next !== null
              }}
              // Enter (or a click) on a day goes on to the hours, the next thing to type.
              onDropdownClose={() => {
                if (!dayJustPicked.current) return
                dayJustPicked.current = false
                requestAnimationFrame(() => hours.current?.focus())
              }}
              minDate={minDate}
              previousLabel="Previous month"
              nextLabel="Next month"
              valueFormat="ddd D MMM YYYY"
              // The calendar hands focus on to the hours itself; Mantine's return to the date field came after.
              popoverProps={{ withinPortal: true, returnFocus: false }}
              style={{ flex: 1 }}
              data-autofocus
            />
            <TimePicker
              label={`Time (${zoneAbbreviation(zone)})`}
              value={typed}
              onChange={setTyped}
              format={usesTwelveHours() ? '12h' : '24h'}
              hoursInputLabel="Hours"
              minutesInputLabel="Minutes"
              amPmInputLabel="AM or PM"
              hoursRef={hours}
              error={Boolean(problem)}
              aria-describedby={problem ? 'schedule-time-problem' : undefined}
              w={usesTwelveHours() ? 150 : 120}
            />
          </Group>
          {problem && (
            <Text id="schedule-time-problem" fz="sm" c="red" role="alert">
              {problem}
            </Text>
          )}
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
