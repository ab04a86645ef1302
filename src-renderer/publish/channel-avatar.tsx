/** A channel as a small avatar with its platform's mark, and as a name line; one look for every Publish view. */
import { Avatar, Group, Indicator, Text, type AvatarProps } from '@mantine/core'
import { IconBrandBluesky, IconBrandMastodon, IconFlask } from '@tabler/icons-react'
import type { Platform } from '../../src-shared/entities/enums'
import type { Channel } from '../../src-shared/entities/models'

export const PLATFORM_NAMES: Record<Platform, string> = { sandbox: 'Sandbox', bluesky: 'Bluesky', mastodon: 'Mastodon' }
const PLATFORM_COLORS: Record<Platform, string> = { sandbox: 'grape', bluesky: 'blue', mastodon: 'violet' }
const ICONS = { sandbox: IconFlask, bluesky: IconBrandBluesky, mastodon: IconBrandMastodon }

export function PlatformIcon({ platform, size = 14 }: { platform: Platform; size?: number }) {
  const Icon = ICONS[platform]
  return <Icon size={size} stroke={1.8} aria-hidden />
}

export function ChannelAvatar({ channel, size = 32, ...props }: { channel: Channel; size?: number } & AvatarProps) {
  const initials = (channel.displayName || channel.username).slice(0, 2).toUpperCase()
  return (
    <Indicator
      label={<PlatformIcon platform={channel.platform} size={10} />}
      size={16}
      offset={4}
      position="bottom-end"
      color={PLATFORM_COLORS[channel.platform]}
      withBorder
      zIndex={1}
    >
      <Avatar size={size} radius="xl" color={PLATFORM_COLORS[channel.platform]} variant="light" {...props}>
        {initials}
      </Avatar>
    </Indicator>
  )
}

export function channelLabel(channel: Channel): string {
  return `${channel.displayName || channel.username} (${PLATFORM_NAMES[channel.platform]})`
}

export function ChannelName({ channel, dimmed }: { channel: Channel | undefined; dimmed?: boolean }) {
  if (!channel) {
    return (
      <Text fz="sm" c="dimmed">
        No channel
      </Text>
    )
  }
  return (
    <Group gap={6} wrap="nowrap">
      <PlatformIcon platform={channel.platform} />
      <Text fz="sm" fw={500} c={dimmed ? 'dimmed' : undefined} truncate>
        {channel.displayName || channel.username}
      </Text>
    </Group>
  )
}
