/**
 * A channel as scheduling sees it: its platform and its posting schedule
 * (social_accounts.meta.schedule). A channel saved without a valid schedule
 * gets the default one in the organization's zone, so the queue always has
 * slots to fill until someone changes them.
 */
import { and, eq, isNull } from 'drizzle-orm'
import type { Platform } from '../../src-shared/entities/enums'
import { postingScheduleSchema, type PostingSchedule } from '../../src-shared/scheduling/posting-schedule'
import { integrations, organizations, socialAccounts } from '../db/schema/org'
import type { Tx } from '../db/open'

const WEEKDAY_SLOTS = ['09:00', '12:30', '17:00']

/** Monday to Friday at 09:00, 12:30 and 17:00 in `timezone`. */
export function defaultSchedule(timezone: string): PostingSchedule {
  return {
    timezone,
    slots: {
      mon: WEEKDAY_SLOTS,
      tue: WEEKDAY_SLOTS,
      wed: WEEKDAY_SLOTS,
      thu: WEEKDAY_SLOTS,
      fri: WEEKDAY_SLOTS,
      sat: [],
      sun: [],
    },
    paused: false,
  }
}

/** The schedule kept in a social account's meta, or the default in the org's zone when it is missing or broken. */
export function scheduleFromMeta(
  meta: Record<string, unknown> | null | undefined,
  orgTimezone: string,
): PostingSchedule {
  const parsed = postingScheduleSchema.safeParse(meta?.schedule)
  return parsed.success ? parsed.data : defaultSchedule(orgTimezone)
}

export interface ScheduledChannel {
  id: string
  platform: Platform
  username: string
  schedule: PostingSchedule
}

/** A live (not disconnected) channel of the org with its schedule; undefined when there is none. */
export function readScheduledChannel(db: Tx, channelId: string | null): ScheduledChannel | undefined {
  if (!channelId) return undefined
  const row = db
    .select({
      id: socialAccounts.id,
      orgId: socialAccounts.orgId,
      platform: integrations.platform,
      username: socialAccounts.username,
      meta: socialAccounts.meta,
    })
    .from(socialAccounts)
    .innerJoin(integrations, eq(integrations.id, socialAccounts.integrationId))
    .where(and(eq(socialAccounts.id, channelId), isNull(socialAccounts.deletedAt), isNull(integrations.deletedAt)))
    .get()
  if (!row) return undefined
  const org = db
    .select({ timezone: organizations.timezone })
    .from(organizations)
    .where(eq(organizations.id, row.orgId))
    .get()
  return {
    id: row.id,
    platform: row.platform,
    username: row.username,
    schedule: scheduleFromMeta(row.meta, org?.timezone ?? 'UTC'),
  }
}
