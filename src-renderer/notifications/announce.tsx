/**
 * Telling the person as a notification arrives: an in-app toast always, and
 * in browser mode a desktop notification from the browser when the window is
 * not in front (Electron's main process shows native ones itself, so the
 * renderer never duplicates them there).
 */
import { Button, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { QueryClient } from '@tanstack/react-query'
import type { AppInfo, AppNotification } from '../../src-shared/entities/models'
import { KIND_INFO, KindIcon } from './kinds'
import { openNotification, toastId } from './open-notification'

export const webNotificationsSupported = () => typeof window !== 'undefined' && 'Notification' in window

function showDesktop(client: QueryClient, notification: AppNotification): void {
  if (!webNotificationsSupported() || Notification.permission !== 'granted') return
  // The toast already says it to someone looking at the window.
  if (document.visibilityState === 'visible' && document.hasFocus()) return
  const shown = new Notification(notification.title, { body: notification.body, tag: notification.id })
  shown.onclick = () => {
    window.focus()
    shown.close()
    void openNotification(client, notification)
  }
}

export function announce(client: QueryClient, notification: AppNotification, host: AppInfo['host'] | undefined): void {
  const id = toastId(notification)
  notifications.show({
    id,
    color: KIND_INFO[notification.kind].color,
    icon: <KindIcon kind={notification.kind} size={28} />,
    title: notification.title,
    message: (
      <Stack gap={6} align="flex-start">
        <Text fz="sm" inherit lineClamp={3}>
          {notification.body}
        </Text>
        {notification.postId && (
          <Button size="compact-xs" variant="light" onClick={() => void openNotification(client, notification)}>
            Open post
          </Button>
        )}
      </Stack>
    ),
    autoClose: 8000,
    closeButtonProps: { 'aria-label': 'Dismiss notification' },
  })
  if (host === 'web') showDesktop(client, notification)
}
