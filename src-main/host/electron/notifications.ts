/**
 * Native desktop notifications, shown by the main process (the renderer
 * never needs the web Notification permission for them).
 */
import { app, Notification } from 'electron'

/** Equals `appId` in electron-builder.yml: Windows shows notifications only for an app id it knows. */
export const APP_USER_MODEL_ID = 'com.buffer-clone.app'

export interface NotificationRequest {
  title: string
  body: string
  /** Runs when the person clicks the notification, e.g. to focus the window and open the post. */
  onClick?: () => void
}

// A Notification that is garbage collected loses its click handler, so each
// is held until it is clicked or closed (and never more than a few).
const live = new Set<Notification>()
const MAX_LIVE = 50

/** Call once at start, before the first notification. */
export function prepareNotifications(): void {
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)
}

/** Shows a notification; false where the system has none (some Linux desktops). */
export function showNotification({ title, body, onClick }: NotificationRequest): boolean {
  if (!Notification.isSupported()) return false
  const notification = new Notification({ title, body })
  const forget = () => live.delete(notification)
  notification.on('click', () => {
    forget()
    onClick?.()
  })
  notification.on('close', forget)
  notification.on('failed', forget)
  live.add(notification)
  if (live.size > MAX_LIVE) live.delete(live.values().next().value as Notification)
  notification.show()
  return true
}
