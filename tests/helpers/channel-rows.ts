/** Channel rows (integration + social account) written the way services write them, for scheduling tests. */
import { v7 as uuidv7 } from 'uuid'
import { integrations, socialAccounts } from '../../src-main/db/schema/org'
import type { Platform } from '../../src-shared/entities/enums'
import type { PostingSchedule } from '../../src-shared/scheduling/posting-schedule'
import type { TestCore } from './core'
import { writeRows } from './write-rows'

export function addChannel(
  core: TestCore,
  orgId: string,
  {
    platform = 'sandbox',
    username = 'acme',
    schedule,
  }: { platform?: Platform; username?: string; schedule?: PostingSchedule } = {},
): string {
  const integrationId = uuidv7()
  const channelId = uuidv7()
  writeRows(
    core,
    orgId,
    [
      { table: integrations, rowId: integrationId, values: { id: integrationId, orgId, platform, meta: {} } },
      {
        table: socialAccounts,
        rowId: channelId,
        values: {
          id: channelId,
          orgId,
          integrationId,
          platformUserId: `user-${channelId}`,
          username,
          meta: schedule ? { displayName: username, schedule } : { displayName: username },
        },
      },
    ],
    'channel.connected',
  )
  return channelId
}

/** Every day at the given local times. */
export function dailySchedule(timezone: string, slots: string[], paused = false): PostingSchedule {
  return {
    timezone,
    slots: { mon: slots, tue: slots, wed: slots, thu: slots, fri: slots, sat: slots, sun: slots },
    paused,
  }
}

/** Moves a test core's manual clock to `iso`. */
export function setNow(core: TestCore, iso: string): void {
  core.clock.advance(Date.parse(iso) - core.clock.now().getTime())
}
