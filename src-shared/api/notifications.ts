/** What this device told its person: the list behind the bell. */
import { z } from 'zod'
import { notificationSchema } from '../entities/models'
import { id, method } from './fields'

export const notificationsApi = {
  listNotifications: method(
    z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.array(notificationSchema),
  ),
  markNotificationsRead: method(
    z.object({ ids: z.array(id).max(200).optional() }).strict(),
    z.object({ unread: z.number() }),
  ),
}
