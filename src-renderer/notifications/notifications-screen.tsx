/** Everything the app told you about: approvals asked and decided, posts published or failed. */
import { Button, Group, Loader, Paper } from '@mantine/core'
import { IconChecks } from '@tabler/icons-react'
import { PageHeader } from '../ui/page-header'
import { DesktopNotificationsButton } from './desktop-permission'
import { NotificationList } from './notification-list'
import { useMarkRead, useNotifications } from './queries'

export function NotificationsScreen() {
  const list = useNotifications()
  const markRead = useMarkRead()
  const unread = list.data?.filter((notification) => !notification.readAt).length ?? 0
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Approval requests and decisions, and how your posts did, in every organization on this device."
        actions={
          <Button
            variant="default"
            leftSection={<IconChecks size={16} aria-hidden />}
            disabled={!unread}
            loading={markRead.isPending}
            onClick={() => markRead.mutate(undefined)}
          >
            Mark all read
          </Button>
        }
      />
      <Group mb="md">
        <DesktopNotificationsButton />
      </Group>
      <Paper withBorder radius="lg" p={6} maw={760}>
        {list.isPending ? (
          <Group justify="center" py="xl">
            <Loader size="sm" aria-label="Loading notifications" />
          </Group>
        ) : (
          <NotificationList notifications={list.data ?? []} />
        )}
      </Paper>
    </>
  )
}
