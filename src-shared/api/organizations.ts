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
  /** Answers the profile, whose preferences now name the organization. */
  setActiveOrganization: method(z.object({ orgId: id }).strict(), profileSchema),
  deleteOrganization: method(z.object({ orgId: id }).strict(), z.object({ deleted: z.literal(true) })),
}
