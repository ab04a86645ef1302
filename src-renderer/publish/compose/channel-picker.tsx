/** Which channels this post goes to: one toggle per connected channel, or the way to connect one. */
import { Alert, Anchor, Chip, Group, Skeleton, Text } from '@mantine/core'
import { IconPlugConnected } from '@tabler/icons-react'
import type { Channel } from '../../../src-shared/entities/models'
import { PLATFORM_NAMES, PlatformIcon } from '../channel-avatar'
import classes from './compose.module.css'

interface Props {
  channels: Channel[] | undefined
  value: string[]
  onChange: (ids: string[]) => void
}

export function ChannelPicker({ channels, value, onChange }: Props) {
  if (!channels) return <Skeleton h={36} radius="xl" aria-label="Loading channels" />
  if (channels.length === 0) {
    return (
      <Alert variant="light" color="brand" icon={<IconPlugConnected size={18} aria-hidden />} title="No channel yet">
        <Text fz="sm">
          Your words are saved as a draft. To schedule them, <Anchor href="#/channels">connect a channel</Anchor> — the
          Sandbox needs no account.
        </Text>
      </Alert>
    )
  }
  const blocked = channels.filter((c) => value.includes(c.id) && (c.needsReconnect || !c.canPublishHere))
  return (
    <div role="group" aria-labelledby="compose-channels-label">
      <Text id="compose-channels-label" fz="sm" fw={500} mb={8}>
        Channels
      </Text>
      <Chip.Group multiple value={value} onChange={onChange}>
        <Group gap="xs">
          {channels.map((channel) => (
            <Chip key={channel.id} value={channel.id} variant="outline" radius="xl">
              <Group gap={6} wrap="nowrap" component="span">
                <PlatformIcon platform={channel.platform} />
                <span>{channel.displayName || channel.username}</span>
                <Text component="span" fz="xs" c="dimmed">
                  {PLATFORM_NAMES[channel.platform]}
                </Text>
              </Group>
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {blocked.map((channel) => (
        <Text key={channel.id} fz="xs" className={classes.warning} mt={6}>
          {channel.needsReconnect
            ? `${channel.displayName} needs to be reconnected before it can publish.`
            : `${channel.displayName} was connected on another device; its posts are published from there.`}
        </Text>
      ))}
    </div>
  )
}
