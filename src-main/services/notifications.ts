/**
 * What this device told its person: the in-app list behind the native
 * notifications. Rows live in account.sqlite and never sync: each device
 * decides for itself what to tell (approval requests, decisions, publish
 * outcomes), like the native notifications they mirror.
 */
import { and, desc, inArray, isNull, sql } from 'drizzle-orm'
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import type { AppNotification, NotificationKind } from '../../src-shared/entities/models'
import { newId } from '../core/ids'
import { notifications } from '../db/schema/account'
import type { ServiceContext } from '../core/context'
import type { notificationsApi } from '../../src-shared/api/notifications'
import type { HandlersFor } from '../core/handlers'

export interface NotifyInput {
  orgId: string
  kind: NotificationKind
  title: string
  body: string
  postId: string | null
}

/** Stores a notification and tells every window (the Electron host shows it natively). Local-only: no outbox. */
export function notify(ctx: ServiceContext, input: NotifyInput): AppNotification {
  const notification: AppNotification = {
    id: newId(),
    orgId: input.orgId,
    kind: input.kind,
    title: input.title,
    body: input.body,
    postId: input.postId,
    createdAt: ctx.clock.now().toISOString(),
    readAt: null,
  }
  ctx.dbs.account.insert(notifications).values(notification).run()
  ctx.emit({ type: 'notification', notification })
  ctx.emit({ type: 'notifications.changed' })
  return notification
}

export function listNotifications(
  ctx: ServiceContext,
  input: ApiParsedInput<'listNotifications'>,
): ApiOutput<'listNotifications'> {
  return ctx.dbs.account
    .select()
    .from(notifications)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(input.limit)
    .all()
}

export function unreadCount(ctx: ServiceContext): number {
  const row = ctx.dbs.account
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(isNull(notifications.readAt))
    .get()
  return row?.n ?? 0
}

/** Marks the given notifications (or all of them) read; answers how many are still unread. */
export function markNotificationsRead(
  ctx: ServiceContext,
  input: ApiParsedInput<'markNotificationsRead'>,
): ApiOutput<'markNotificationsRead'> {
  const readAt = ctx.clock.now().toISOString()
  const unread = isNull(notifications.readAt)
  const where = input.ids ? and(unread, inArray(notifications.id, input.ids)) : unread
  const changed = ctx.dbs.account.update(notifications).set({ readAt }).where(where).run().changes
  if (changed > 0) ctx.emit({ type: 'notifications.changed' })
  return { unread: unreadCount(ctx) }
}

export const notificationsHandlers = {
  listNotifications: (ctx, input) => listNotifications(ctx, input),
  markNotificationsRead: (ctx, input) => markNotificationsRead(ctx, input),
} satisfies HandlersFor<typeof notificationsApi>
