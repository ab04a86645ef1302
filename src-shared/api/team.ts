/** Settings → Team: an organization's open invitations, and withdrawing one (members are in `api/sync.ts`). */
import { z } from 'zod'
import { ROLES } from '../entities/enums'
import { id, method } from './fields'

const invitationSchema = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  email: z.string().nullable(),
  emailSentAt: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
})

export const teamApi = {
  listInvitations: method(z.object({ orgId: id }).strict(), z.array(invitationSchema)),
  revokeInvitation: method(z.object({ orgId: id, invitationId: id }).strict(), z.array(invitationSchema)),
}
