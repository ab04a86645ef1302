/** Organizations on this device: listing, creating, renaming, choosing the active one, deleting. */
import { z } from 'zod'
import { organizationSchema, profileSchema } from '../entities/models'
import { empty, id, method, name, timezone } from './fields'

export const organizationsApi = {
  listOrganizations: method(empty, z.array(organizationSchema)),
  createOrganization: method(
    z.object({ name: name('Organization name'), timezone: timezone.default('UTC') }).strict(),
    organizationSchema,
  ),
  renameOrganization: method(z.object({ orgId: id, name: name('Organization name') }).strict(), organizationSchema),
  /**
   * The zone the organization plans in. Posts keep their instants; channels keep their schedules until
   * replanQueue is asked for.
   */
  setOrganizationTimezone: method(z.object({ orgId: id, timezone }).strict(), organizationSchema),
  /**
   * Moves the channels that still post in another zone than the organization's onto its zone (same clock
   * times), and their queued posts onto those slots in order. Posts at a chosen time keep it.
   */
  replanQueue: method(
    z.object({ orgId: id }).strict(),
    z.object({ channels: z.number().int(), moved: z.number().int() }),
  ),
  /** Answers the profile, whose preferences now name the organization. */
  setActiveOrganization: method(z.object({ orgId: id }).strict(), profileSchema),
  deleteOrganization: method(z.object({ orgId: id }).strict(), z.object({ deleted: z.literal(true) })),
}
