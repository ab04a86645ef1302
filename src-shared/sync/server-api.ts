/**
 * The sync server's account and team API (everything but push, pull and the
 * live socket, which are in protocol.ts): request and response shapes that
 * the route table (routes/) puts on its routes, so the server validates
 * with them and the desktop's ServerClient parses with them.
 * docs/sync-protocol.md has examples.
 */
import { IANAZone } from 'luxon'
import { z } from 'zod'
import { ROLES } from '../entities/enums'
import { userPreferencesSchema } from '../entities/json-shapes'
import { newPasswordProblem } from './password-rule'

/** Ids are made by clients (UUIDv7); the server accepts any short URL-safe id. */
export const serverIdSchema = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be 1 to 64 letters, digits, "-" or "_"')
export const emailSchema = z
  .email('must be an email address')
  .max(254)
  .transform((email) => email.toLowerCase())
/** The one password rule (password-rule.ts), which the sign-up form also checks as you type. */
export const newPasswordSchema = z.string().superRefine((password, ctx) => {
  const problem = newPasswordProblem(password)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})
const personName = z.string().trim().min(1, 'cannot be empty').max(80, 'must be 80 characters or fewer')
const orgName = personName
const timezone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Paris')
export const roleSchema = z.enum(ROLES)

export const signupRequestSchema = z.object({
  // The local profile's id, kept so the desktop's data stays attributed to the same person.
  id: serverIdSchema.optional(),
  name: personName,
  email: emailSchema,
  password: newPasswordSchema,
})
export type SignupRequest = z.input<typeof signupRequestSchema>

export const signinRequestSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'is required').max(1024),
})
export type SigninRequest = z.input<typeof signinRequestSchema>

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1, 'is required').max(1024),
  newPassword: newPasswordSchema,
})

export const accountUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  preferences: userPreferencesSchema,
  createdAt: z.string(),
})
export type AccountUser = z.infer<typeof accountUserSchema>

/** Answer to signup and signin: a bearer token for `Authorization: Bearer <token>`. */
export const sessionResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: accountUserSchema,
})
export type SessionResponse = z.infer<typeof sessionResponseSchema>

export const orgSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  ownerId: z.string(),
  role: roleSchema,
  membershipId: z.string(),
})
export type OrgSummary = z.infer<typeof orgSummarySchema>

export const meResponseSchema = z.object({ user: accountUserSchema, orgs: z.array(orgSummarySchema) })
export type MeResponse = z.infer<typeof meResponseSchema>

export const createOrgRequestSchema = z.object({
  id: serverIdSchema,
  name: orgName,
  timezone: timezone.default('UTC'),
  // The id of the creator's membership row in the desktop's org file, so both sides name it the same.
  membershipId: serverIdSchema.optional(),
  // When the organization was made on the desktop (ISO 8601); defaults to now.
  createdAt: z.iso.datetime({ offset: true }).optional(),
})
export type CreateOrgRequest = z.input<typeof createOrgRequestSchema>

export const orgResponseSchema = z.object({ org: orgSummarySchema })

export const memberSchema = z.object({
  membershipId: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  createdAt: z.string(),
})
export type Member = z.infer<typeof memberSchema>
export const membersResponseSchema = z.object({ members: z.array(memberSchema) })

export const createInvitationRequestSchema = z.object({
  role: roleSchema,
  expiresInDays: z.number().int().min(1, 'must be at least 1').max(30, 'must be 30 or fewer').default(7),
  /** Sent by email when the server has SMTP set up. */
  email: z.email('must be an email address').max(320).optional(),
})
export type CreateInvitationRequest = z.input<typeof createInvitationRequestSchema>

export const invitationSchema = z.object({
  id: z.string(),
  role: roleSchema,
  expiresAt: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  email: z.string().nullable().default(null),
  emailSentAt: z.string().nullable().default(null),
})
/** The code is shown once, when the invitation is made; the server keeps only its hash. */
export const createdInvitationSchema = invitationSchema.extend({
  code: z.string(),
  url: z.string(),
  /** With an email: whether it went out ('not_configured': this server has no SMTP; 'failed': it could not send). */
  emailStatus: z.enum(['sent', 'not_configured', 'failed']).nullable().default(null),
})
export const invitationsResponseSchema = z.object({ invitations: z.array(invitationSchema) })

export const acceptInvitationRequestSchema = z.object({ code: z.string().trim().min(1, 'is required').max(200) })

export const changeRoleRequestSchema = z.object({ role: roleSchema })

export const healthResponseSchema = z.object({ ok: z.literal(true), database: z.enum(['pglite', 'postgres']) })
