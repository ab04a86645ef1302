/** The top bar's bell: the unread count, and the latest notifications in a popover. */
import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Text,
  Tooltip,
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconBell, IconChecks } from '@tabler/icons-react'
import { Link } from 'wouter'
import { useAppInfo } from '../app/queries'
import { DesktopNotificationsButton } from './desktop-permission'
import { NotificationList } from './notification-list'
import { useMarkRead, useNotifications } from './queries'

export function NotificationBell() {
  const [opened, popover] = useDisclosure(false)
  const list = useNotifications()
  // Loaded here, always on screen, so a notification event knows at once whether this is browser mode.
  useAppInfo()
  const markRead = useMarkRead()
  const unread = list.data?.filter((notification) => !notification.readAt).length ?? 0
  const label = unread ? `Notifications, ${unread} unread` : 'Notifications'

  return (
    <Indicator label={unread > 99 ? '99+' : unread} size={16} offset={6} disabled={!unread} color="red">
      <Popover
        opened={opened}
        onChange={(open) => (open ? popover.open() : popover.close())}
        position="bottom-end"
        width={400}
        shadow="md"
        withArrow
        trapFocus
      >
        {/* A controlled popover leaves the click to us; the target only positions the dropdown. */}
        <Popover.Target>
          <Tooltip label="Notifications" disabled={opened}>
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={label} onClick={popover.toggle}>
              <IconBell size={20} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
        </Popover.Target>
        <Popover.Dropdown p={0} role="dialog" aria-label="Notifications">
          <Group justify="space-between" px="md" py="sm">
            <Text fw={600} fz="sm">
              Notifications
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconChecks size={14} aria-hidden />}
              disabled={!unread}
              loading={markRead.isPending}
              onClick={() => markRead.mutate(undefined)}
            >
              Mark all read
            </Button>
          </Group>
          <Divider />
          <ScrollArea.Autosize mah={420} type="auto">
            <Box p={6}>
              <NotificationList notifications={list.data?.slice(0, 20) ?? []} onOpened={popover.close} />
            </Box>
          </ScrollArea.Autosize>
          <Divider />
          <Group justify="space-between" px="md" py="sm" gap="xs">
            <Anchor component={Link} href="/notifications" fz="sm" onClick={popover.close}>
              See all
            </Anchor>
            <DesktopNotificationsButton size="compact-xs" />
          </Group>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  )
}
