/** One connected channel: who it is, where it stands, when it posts next, and what can be done with it. */
import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Text } from '@mantine/core'
import { IconClock, IconDots, IconExternalLink, IconPlugConnectedX, IconRefresh } from '@tabler/icons-react'
import { Link } from 'wouter'
import type { Channel, Organization } from '../../src-shared/entities/models'
import { useAppInfo } from '../app/queries'
import { openExternally } from '../ui/external-link'
import { zoneName } from '../../src-shared/time-format'
import { ChannelAvatar, PLATFORM_INFO } from './platforms'
import { slotsPerWeek, upcoming } from './schedule'

interface Props {
  channel: Channel
  org: Organization
  canManage: boolean
  onEditSchedule: () => void
  onReconnect: () => void
  onDisconnect: () => void
}

/** Where the channel's posts can be seen: the in-app feed for a local sandbox, else the public page. */
export function feedLink(channel: Channel, org: Organization): { href: string; inApp: boolean } | null {
  if (channel.platform === 'sandbox' && org.syncMode === 'local') {
    return { href: `/sandbox/${org.id}/${channel.id}`, inApp: true }
  }
  return channel.profileUrl ? { href: channel.profileUrl, inApp: false } : null
}

function Status({ channel }: { channel: Channel }) {
  return (
    <Group gap={6}>
      {channel.needsReconnect && (
        <Badge color="red" variant="light">
          Needs reconnecting
        </Badge>
      )}
      {!channel.canPublishHere && (
        <Badge color="gray" variant="light">
          Connected on another device
        </Badge>
      )}
      {channel.schedule.paused && (
        <Badge color="yellow" variant="light">
          Paused
        </Badge>
      )}
    </Group>
  )
}

function NextSlot({ channel }: { channel: Channel }) {
  const perWeek = slotsPerWeek(channel.schedule)
  const [next] = upcoming(channel.schedule, 1)
  const zone = zoneName(channel.schedule.timezone)
  let text: string
  if (perWeek === 0) text = `No posting times yet · ${zone}`
  else if (channel.schedule.paused) text = `${perWeek} posting times a week, paused · ${zone}`
  else text = `${perWeek} posting ${perWeek === 1 ? 'time' : 'times'} a week · next ${next} · ${zone}`
  return (
    <Group gap={6} wrap="nowrap" c="dimmed">
      <IconClock size={14} aria-hidden style={{ flexShrink: 0 }} />
      <Text fz="xs" inherit>
        {text}
      </Text>
    </Group>
  )
}

export function ChannelCard({ channel, org, canManage, onEditSchedule, onReconnect, onDisconnect }: Props) {
  const host = useAppInfo().data?.host
  const feed = feedLink(channel, org)
  const name = channel.displayName || channel.username
  return (
    <Paper withBorder radius="lg" p="md" component="article" aria-label={name}>
      <Group justify="space-between" wrap="nowrap" gap="md" align="flex-start">
        <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
          <ChannelAvatar channel={channel} />
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Group gap={8} wrap="wrap">
              <Text fw={600} truncate="end">
                {name}
              </Text>
              <Status channel={channel} />
            </Group>
            <Text fz="sm" c="dimmed" truncate="end">
              {PLATFORM_INFO[channel.platform].label}
              {channel.username && channel.username !== name ? ` · ${channel.username}` : ''}
            </Text>
            <NextSlot channel={channel} />
          </Stack>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {channel.needsReconnect && canManage && (
            <Button
              size="xs"
              color="red"
              variant="light"
              leftSection={<IconRefresh size={14} aria-hidden />}
              onClick={onReconnect}
            >
              Reconnect
            </Button>
          )}
          {canManage && (
            <Button size="xs" variant="default" onClick={onEditSchedule}>
              Posting schedule
            </Button>
          )}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`More for ${name}`}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {feed &&
                (feed.inApp ? (
                  <Menu.Item component={Link} href={feed.href} leftSection={<IconExternalLink size={14} aria-hidden />}>
                    View sandbox feed
                  </Menu.Item>
                ) : (
                  <Menu.Item
                    leftSection={<IconExternalLink size={14} aria-hidden />}
                    onClick={() => openExternally(feed.href, host)}
                  >
                    View profile
                  </Menu.Item>
                ))}
              {canManage && channel.platform !== 'sandbox' && (
                <Menu.Item leftSection={<IconRefresh size={14} aria-hidden />} onClick={onReconnect}>
                  Reconnect
                </Menu.Item>
              )}
              {canManage && (
                <Menu.Item
                  color="red"
                  leftSection={<IconPlugConnectedX size={14} aria-hidden />}
                  onClick={onDisconnect}
                >
                  Disconnect…
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
    </Paper>
  )
}
