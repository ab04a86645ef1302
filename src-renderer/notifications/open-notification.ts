/**
 * Opening a notification: it is read now, its organization becomes the
 * active one (a post is shown in its own organization), and its post opens.
 * Plain functions, not hooks, because toasts and the browser's notifications
 * open them from outside React's tree.
 */
import { notifications } from '@mantine/notifications'
import type { QueryClient } from '@tanstack/react-query'
import type { AppNotification, Profile } from '../../src-shared/entities/models'
import { keys } from '../app/queries'
import { call } from '../platform/api'
import { notifyError } from '../ui/errors'

export const notificationPath = (notification: AppNotification) =>
  notification.postId ? `/publish/post/${notification.postId}` : '/publish'

/** The id of the toast that announced a notification, so opening it elsewhere can take the toast away. */
export const toastId = (notification: AppNotification) => `notification-${notification.id}`

export async function openNotification(client: QueryClient, notification: AppNotification): Promise<void> {
  notifications.hide(toastId(notification))
  try {
    if (!notification.readAt) {
      await call('markNotificationsRead', { ids: [notification.id] })
      void client.invalidateQueries({ queryKey: keys.notifications })
    }
    const profile = client.getQueryData<Profile | null>(keys.profile)
    if (profile && profile.preferences.activeOrgId !== notification.orgId) {
      client.setQueryData(keys.profile, await call('setActiveOrganization', { orgId: notification.orgId }))
    }
  } catch (error) {
    notifyError(error, 'Couldn’t open that notification')
    return
  }
  window.location.hash = `#${notificationPath(notification)}`
}
