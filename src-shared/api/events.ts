import type { AppNotification } from '../entities/models'

/** Events the main process pushes to every window: something changed, look again. */
export type AppEvent =
  | { type: 'profile.changed' }
  | { type: 'organizations.changed' }
  | { type: 'posts.changed'; orgId: string }
  | { type: 'audit.changed'; orgId: string }
  | { type: 'channels.changed'; orgId: string }
  /** Something to tell the person: hosts show it natively (Electron) or with the web Notification API. */
  | { type: 'notification'; notification: AppNotification }
  | { type: 'notifications.changed' }
  | { type: 'sync.status'; orgId: string }
  /** The server kept its own values over some of this device's changes; say why. */
  | { type: 'sync.refused'; orgId: string; reasons: string[] }
  /** This device lost access to an organization (removed from it) and dropped its data. */
  | { type: 'sync.removed'; orgId: string; name: string }
