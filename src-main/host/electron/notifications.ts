/**
 * Native desktop notifications, shown by the main process (the renderer
 * never needs the web Notification permission for them): one for each
 * `notification` event of the core; clicking it brings the window forward
 * on the post.
 */
import { app, Notification } from 'electron'
import type { AppEvent } from '../../../src-shared/api/events'

/** Equals `appId` in electron-builder.yml: Windows shows notifications only for an app id it knows. */
export const APP_USER_MODEL_ID = 'com.buffer-clone.app'

export interface NotificationRequest {
  title: string
  body: string
  /** Runs when the person clicks the notification, e.g. to focus the window and open the post. */
  onClick?: () => void
}

/** The part of Electron's Notification used here, so tests can hand in a stand-in. */
export interface NativeNotification {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown
  show(): void
}
export interface NotificationApi {
  isSupported(): boolean
  new (options: { title: string; body: string }): NativeNotification
}

// A Notification that is garbage collected loses its click handler, so each
// is held until it is clicked or closed (and never more than a few).
const live = new Set<NativeNotification>()
const MAX_LIVE = 50

/** Call once at start, before the first notification. */
export function prepareNotifications(): void {
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)
}

/** Shows a notification; false where the system has none (some Linux desktops). */
export function showNotification(
  { title, body, onClick }: NotificationRequest,
  api: NotificationApi = Notification,
): boolean {
  if (!api.isSupported()) return false
  const notification = new api({ title, body })
  const forget = () => live.delete(notification)
  notification.on('click', () => {
    forget()
    onClick?.()
  })
  notification.on('close', forget)
  notification.on('failed', forget)
  live.add(notification)
  if (live.size > MAX_LIVE) live.delete(live.values().next().value as NativeNotification)
  notification.show()
  return true
}

/** The renderer route of a post's view. */
export const postRoute = (postId: string): string => `#/publish/post/${encodeURIComponent(postId)}`

/** What a click needs of the window: bring it forward and move the app to a route. */
export interface NavigableWindow {
  isDestroyed(): boolean
  isMinimized(): boolean
  restore(): void
  show(): void
  focus(): void
  webContents: { executeJavaScript(code: string): Promise<unknown> }
}

/** Focuses the window and sets the page's hash, which the hash router follows without a reload. */
export function openRoute(window: NavigableWindow, route: string): void {
  if (window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
  window.webContents.executeJavaScript(`location.hash = ${JSON.stringify(route)}`).catch(() => undefined)
}

/**
 * Shows every `notification` event of the core natively; a click opens its
 * post (or the notification list) in the window `currentWindow` returns.
 * Returns the function that stops listening.
 */
export function showCoreNotifications(
  core: { onEvent(listener: (event: AppEvent) => void): () => void },
  currentWindow: () => NavigableWindow | null,
  api: NotificationApi = Notification,
): () => void {
  return core.onEvent((event) => {
    if (event.type !== 'notification') return
    const { title, body, postId } = event.notification
    showNotification(
      {
        title,
        body,
        onClick: () => {
          const window = currentWindow()
          if (window) openRoute(window, postId ? postRoute(postId) : '#/notifications')
        },
      },
      api,
    )
  })
}
