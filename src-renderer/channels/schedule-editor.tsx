/**
 * A channel's posting schedule: its time zone, the times it posts on each
 * weekday, and a pause. The queue fills these slots in order; the preview
 * shows the next few as the channel's zone writes them.
 */
import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core'
import { TimeInput } from '@mantine/dates'
import { IconAlertCircle, IconCopy, IconPlus } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { WEEKDAYS, type PostingSchedule } from '../../src-shared/scheduling/posting-schedule'
import type { Channel } from '../../src-shared/entities/models'
import { errorMessage, notifySuccess } from '../ui/errors'
import { formatWallTime, zoneName } from '../../src-shared/time-format'
import { TimeZoneSelect } from '../ui/time-zone-select'
import { useUpdateChannel } from './queries'
import { addSlot, copyMondayToWeekdays, DAY_GROUPS, DAY_NAMES, removeSlot, upcoming } from './schedule'

interface Props {
  channel: Channel | null
  onClose: () => void
}

export function ScheduleEditorModal({ channel, onClose }: Props) {
  return (
    <Modal
      opened={channel !== null}
      onClose={onClose}
      title={channel ? `Posting schedule · ${channel.displayName || channel.username}` : ''}
      size="xl"
    >
      {channel && <ScheduleForm key={channel.id} channel={channel} onSaved={onClose} />}
    </Modal>
  )
}

function AddSlot({ onAdd }: { onAdd: (group: string, time: string) => void }) {
  const [group, setGroup] = useState('every')
  const [time, setTime] = useState('09:00')
  return (
    <Group align="flex-end" gap="sm">
      <Select
        label="Days"
        data={Object.entries(DAY_GROUPS).map(([value, { label }]) => ({ value, label }))}
        value={group}
        onChange={(value) => value && setGroup(value)}
        allowDeselect={false}
        comboboxProps={{ keepMounted: false }}
        w={160}
      />
      <TimeInput label="Time" value={time} onChange={(event) => setTime(event.currentTarget.value)} w={130} />
      <Button
        variant="light"
        leftSection={<IconPlus size={16} aria-hidden />}
        onClick={() => time && onAdd(group, time)}
        disabled={!time}
      >
        Add posting time
      </Button>
    </Group>
  )
}

function ScheduleForm({ channel, onSaved }: { channel: Channel; onSaved: () => void }) {
  const [schedule, setSchedule] = useState<PostingSchedule>(channel.schedule)
  const update = useUpdateChannel()
  const preview = upcoming(schedule, 5)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    update.mutate(
      { orgId: channel.orgId, channelId: channel.id, schedule },
      {
        onSuccess: () => {
          notifySuccess('Posting schedule saved')
          onSaved()
        },
      },
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Group align="flex-end" justify="space-between" gap="md">
          <TimeZoneSelect
            value={schedule.timezone}
            onChange={(timezone) => setSchedule({ ...schedule, timezone })}
            description="Posting times are clock times here, through daylight-saving changes."
            w={{ base: '100%', sm: 360 }}
          />
          <Switch
            label="Pause the queue"
            description="Nothing is published from the queue while paused."
            checked={schedule.paused}
            onChange={(event) => setSchedule({ ...schedule, paused: event.currentTarget.checked })}
          />
        </Group>

        <AddSlot onAdd={(group, time) => setSchedule((current) => addSlot(current, DAY_GROUPS[group]!.days, time))} />

        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={3} fz="sm">
              Posting times
            </Title>
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconCopy size={14} aria-hidden />}
              onClick={() => setSchedule(copyMondayToWeekdays)}
            >
              Copy Monday to weekdays
            </Button>
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 4, md: 7 }} spacing="xs">
            {WEEKDAYS.map((day) => (
              <Paper key={day} withBorder radius="md" p="xs" component="section" aria-label={DAY_NAMES[day]}>
                <Text fz="xs" fw={600} c="dimmed" tt="uppercase" mb={6} aria-hidden>
                  {DAY_NAMES[day].slice(0, 3)}
                </Text>
                <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                  {schedule.slots[day].map((time) => (
                    <Group key={time} component="li" gap={2} wrap="nowrap" justify="space-between">
                      <Text fz="sm" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                        {formatWallTime(time)}
                      </Text>
                      <CloseButton
                        size="sm"
                        aria-label={`Remove ${formatWallTime(time)} on ${DAY_NAMES[day]}`}
                        onClick={() => setSchedule((current) => removeSlot(current, day, time))}
                      />
                    </Group>
                  ))}
                  {schedule.slots[day].length === 0 && (
                    <Text component="li" fz="xs" c="dimmed">
                      No times
                    </Text>
                  )}
                </Stack>
              </Paper>
            ))}
          </SimpleGrid>
        </Stack>

        <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)">
          <Text fz="sm" fw={500} mb={4}>
            Next slots{' '}
            <Text span inherit c="dimmed" fw={400}>
              in {zoneName(schedule.timezone)}
            </Text>
          </Text>
          {schedule.paused ? (
            <Text fz="sm" c="dimmed">
              Paused: queued posts wait until you resume.
            </Text>
          ) : preview.length === 0 ? (
            <Text fz="sm" c="dimmed">
              No posting times yet: add one above, or queued posts have nowhere to go.
            </Text>
          ) : (
            <Group gap={6} aria-label="Next slots" role="list">
              {preview.map((slot) => (
                <Badge key={slot} variant="light" color="gray" radius="sm" tt="none" fw={500} role="listitem">
                  {slot}
                </Badge>
              ))}
            </Group>
          )}
        </Paper>

        {update.error && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />} title="Not saved">
            {errorMessage(update.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Save schedule
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
