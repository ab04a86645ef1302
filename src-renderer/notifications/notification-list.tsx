/** Notifications as a list of buttons: kind, title, body, when; unread ones marked. Clicking opens the post. */
import { Box, Group, Indicator, Stack, Text, UnstyledButton } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { IconBellOff } from '@tabler/icons-react'
import type { AppNotification } from '../../src-shared/entities/models'
import { RelativeTime } from '../ui/relative-time'
import { KindIcon } from './kinds'
import classes from './notifications.module.css'
import { openNotification } from './open-notification'

interface Props {
  notifications: AppNotification[]
  onOpened?: () => void
}

function Item({ notification, onOpened }: { notification: AppNotification; onOpened?: () => void }) {
  const client = useQueryClient()
  const unread = !notification.readAt
  return (
    <UnstyledButton
      className={classes.item}
      data-unread={unread || undefined}
      onClick={() => {
        onOpened?.()
        void openNotification(client, notification)
      }}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Indicator disabled={!unread} size={9} offset={3} position="top-start" color="blue" processing={false}>
          <KindIcon kind={notification.kind} />
        </Indicator>
        <Box style={{ minWidth: 0, flex: 1 }}>
          <Group justify="space-between" gap="xs" wrap="nowrap" align="baseline">
            <Text fz="sm" fw={unread ? 600 : 500} lineClamp={2}>
              {unread && <span className={classes.srOnly}>Unread: </span>}
              {notification.title}
            </Text>
            <RelativeTime iso={notification.createdAt} style={{ flexShrink: 0 }} />
          </Group>
          <Text fz="sm" c="dimmed" lineClamp={2}>
            {notification.body}
          </Text>
        </Box>
      </Group>
    </UnstyledButton>
  )
}

export function NotificationList({ notifications, onOpened }: Props) {
  if (notifications.length === 0) {
    return (
      <Stack align="center" gap={6} py="xl" c="dimmed">
        <IconBellOff size={28} stroke={1.5} aria-hidden />
        <Text fz="sm" inherit>
          Nothing yet. Approval requests, decisions and publishing results show up here.
        </Text>
      </Stack>
    )
  }
  return (
    <Stack component="ul" gap={2} m={0} p={0} style={{ listStyle: 'none' }}>
      {notifications.map((notification) => (
        <li key={notification.id}>
          <Item notification={notification} onOpened={onOpened} />
        </li>
      ))}
    </Stack>
  )
}
