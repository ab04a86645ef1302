/**
 * Re-planning the queue after the organization's time zone changed, on request only: each channel still
 * posting in another zone takes the organization's zone with the same clock times, and the queued posts
 * that sat on its slots move, in their order, onto the slots in the new zone. A post at a chosen time (not on
 * a slot) keeps its instant, as do posts on channels already in the organization's zone.
 */
import { eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import { nextSlots, WEEKDAYS, type PostingSchedule } from '../../src-shared/scheduling/posting-schedule'
import type { ServiceContext } from '../core/context'
import { socialAccounts } from '../db/schema/org'
import { listStoredChannels } from '../platforms/channel-store'
import type { Change } from '../sync/outbox'
import { scheduleFromMeta } from './channel-schedule'
import { mutateOrg } from './org-mutation'
import { requireManager } from './org-access'
import { movePost } from './post-placement'
import { channelQueue } from './post-timing'

/** Whether `iso` falls on one of the schedule's slots, read as a clock time in the schedule's zone. */
function onSlot(schedule: PostingSchedule, iso: string): boolean {
  const wall = DateTime.fromISO(iso, { zone: schedule.timezone })
  const day = WEEKDAYS[wall.weekday - 1]!
  return schedule.slots[day].includes(wall.toFormat('HH:mm'))
}

export function replanQueue(ctx: ServiceContext, input: ApiParsedInput<'replanQueue'>): ApiOutput<'replanQueue'> {
  return mutateOrg(
    ctx,
    input.orgId,
    { allow: requireManager, changed: ['channels', 'posts', 'schedule'] },
    ({ org, db, tx, now, record }) => {
      const changes: Change[] = []
      let channels = 0
      let moved = 0
      const updatedAt = now.toISOString()
      for (const stored of listStoredChannels(db)) {
        const old = scheduleFromMeta(stored.meta, org.timezone)
        if (old.timezone === org.timezone) continue
        channels += 1
        const schedule: PostingSchedule = { ...old, timezone: org.timezone }
        const meta: JsonObject = { ...stored.meta, schedule }
        tx.update(socialAccounts).set({ meta }).where(eq(socialAccounts.id, stored.id)).run()
        changes.push({ table: socialAccounts, rowId: stored.id, values: { meta } })

        const upcoming = channelQueue(tx, stored.id).filter((p) => Date.parse(p.scheduledAt) > now.getTime())
        const slotted = upcoming.filter((p) => onSlot(old, p.scheduledAt))
        // Chosen times stay where they are, so the slots they fall on are taken.
        const kept = upcoming.filter((p) => !slotted.includes(p)).map((p) => new Date(p.scheduledAt))
        const slots = nextSlots(schedule, now, slotted.length, kept)
        slotted.forEach((post, i) => {
          const to = slots[i]
          if (!to || to.toISOString() === new Date(post.scheduledAt).toISOString()) return
          changes.push(...movePost(tx, org.id, post.id, to, updatedAt))
          moved += 1
        })
      }
      record(changes, {
        action: 'queue.replanned',
        entityType: 'organization',
        entityId: org.id,
        meta: { timezone: org.timezone, channels, moved },
      })
      return { channels, moved }
    },
  )
}
