/** How each platform is named and drawn, everywhere a channel appears. */
import { Avatar, Indicator, type MantineColor } from '@mantine/core'
import { IconBrandBluesky, IconBrandMastodon, IconFlask } from '@tabler/icons-react'
import type { Platform } from '../../src-shared/entities/enums'
import type { Channel } from '../../src-shared/entities/models'

export const PLATFORM_INFO: Record<Platform, { label: string; icon: typeof IconFlask; color: MantineColor }> = {
  sandbox: { label: 'Sandbox', icon: IconFlask, color: 'grape' },
  bluesky: { label: 'Bluesky', icon: IconBrandBluesky, color: 'blue' },
  mastodon: { label: 'Mastodon', icon: IconBrandMastodon, color: 'violet' },
}

/** The channel's initial with its platform's mark on the corner, as Buffer draws channel avatars. */
export function ChannelAvatar({ channel, size = 40 }: { channel: Channel; size?: number }) {
  const { icon: Icon, color, label } = PLATFORM_INFO[channel.platform]
  return (
    <Indicator
      inline
      size={size * 0.45}
      offset={size * 0.12}
      position="bottom-end"
      color={color}
      withBorder
      label={<Icon size={size * 0.3} stroke={2} aria-label={label} role="img" />}
    >
      <Avatar name={channel.displayName || channel.username} color={color} radius="xl" size={size} variant="light" />
    </Indicator>
  )
}
