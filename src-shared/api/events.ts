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
  /** An organization's sync status changed, or (orgId null) that of the person's own data. */
  | { type: 'sync.status'; orgId: string | null }
  /** The server kept its own values over some of this device's changes (orgId null: the person's own data); say why. */
  | { type: 'sync.refused'; orgId: string | null; reasons: string[] }
  /** This device lost access to an organization (removed from it) and dropped its data. */
  | { type: 'sync.removed'; orgId: string; name: string }
