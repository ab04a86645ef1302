/**
 * Connecting this device to a sync server: signing in or up, attaching and
 * joining organizations, invitations and members, and the sync status.
 */
import { z } from 'zod'
import { ROLES } from '../entities/enums'
import { organizationSchema } from '../entities/models'
import { orgSyncStatusSchema, ownDataSyncStatusSchema } from '../entities/sync-status'
import { empty, id, method } from './fields'

const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  createdAt: z.string(),
})

const syncOverviewSchema = z.object({
  server: z.object({ url: z.string(), email: z.string(), userId: z.string() }).nullable(),
  orgs: z.array(orgSyncStatusSchema),
  /** The person's own data (profile, preferences, Start Pages …) between their devices. */
  ownData: ownDataSyncStatusSchema,
})

export const syncApi = {
  getSyncOverview: method(empty, syncOverviewSchema),
  connectServer: method(
    z
      .object({
        serverUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }),
        email: z.email('must be an email address'),
        password: z.string().min(1, 'is required').max(1024),
        mode: z.enum(['signin', 'signup']),
      })
      .strict(),
    syncOverviewSchema,
  ),
  disconnectServer: method(empty, syncOverviewSchema),
  attachOrganization: method(z.object({ orgId: id }).strict(), organizationSchema),
  joinOrganization: method(
    z.object({ code: z.string().trim().min(1, 'is required').max(200) }).strict(),
    organizationSchema,
  ),
  createInvitation: method(
    z
      .object({
        orgId: id,
        role: z.enum(ROLES).exclude(['owner']),
        email: z
          .email('must be an email address, such as sam@example.com')
          .max(320, 'must be 320 characters or fewer')
          .optional(),
      })
      .strict(),
    z.object({
      code: z.string(),
      url: z.string(),
      role: z.enum(ROLES),
      expiresAt: z.string(),
      email: z.string().nullable(),
      /** With an email: sent, or why not (this server has no email set up; it could not send). */
      emailStatus: z.enum(['sent', 'not_configured', 'failed']).nullable(),
    }),
  ),
  listMembers: method(z.object({ orgId: id }).strict(), z.array(memberSchema)),
  changeMemberRole: method(z.object({ orgId: id, userId: id, role: z.enum(ROLES) }).strict(), z.array(memberSchema)),
  removeMember: method(z.object({ orgId: id, userId: id }).strict(), z.array(memberSchema)),
  syncNow: method(z.object({ orgId: id }).strict(), orgSyncStatusSchema),
}
