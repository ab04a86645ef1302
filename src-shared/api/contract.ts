/**
 * The one API between the renderer and the main process: method name → zod
 * input and output. The Electron IPC handlers, the preload bridge, browser
 * mode's HTTP bridge and the tests are all typed from this object, so a
 * method cannot exist in one place and not another.
 */
import { IANAZone } from 'luxon'
import { z } from 'zod'
import { appInfoSchema, auditEntrySchema, organizationSchema, postSchema, profileSchema } from '../entities/models'
import { POST_STATUSES, ROLES, THEME_PREFERENCES } from '../entities/enums'
import { orgSyncStatusSchema } from '../entities/sync-status'
import { API_METHOD_NAMES, type ApiMethodName } from './methods'

const id = z.string().min(1, 'is required').max(64)
const name = (what: string) =>
  z.string().trim().min(1, `${what} cannot be empty`).max(80, `${what} must be 80 characters or fewer`)
const timezone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Paris')
const empty = z.object({}).strict()

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
})

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output })

export const contract = {
  getAppInfo: method(empty, appInfoSchema),

  getProfile: method(empty, profileSchema.nullable()),
  createProfile: method(
    z.object({ name: name('Your name'), email: z.email('must be an email address').nullable().default(null) }).strict(),
    profileSchema,
  ),
  updatePreferences: method(z.object({ theme: z.enum(THEME_PREFERENCES) }).strict(), profileSchema),

  listOrganizations: method(empty, z.array(organizationSchema)),
  createOrganization: method(
    z.object({ name: name('Organization name'), timezone: timezone.default('UTC') }).strict(),
    organizationSchema,
  ),
  renameOrganization: method(z.object({ orgId: id, name: name('Organization name') }).strict(), organizationSchema),
  setActiveOrganization: method(z.object({ orgId: id }).strict(), profileSchema),
  deleteOrganization: method(z.object({ orgId: id }).strict(), z.object({ deleted: z.literal(true) })),

  listPosts: method(
    z
      .object({
        orgId: id,
        status: z.enum(POST_STATUSES).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    z.array(postSchema),
  ),
  createDraft: method(
    z
      .object({
        orgId: id,
        caption: z.string().max(10_000, 'must be 10,000 characters or fewer'),
        tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
      })
      .strict(),
    postSchema,
  ),

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
    z.object({ orgId: id, role: z.enum(ROLES).exclude(['owner']) }).strict(),
    z.object({ code: z.string(), url: z.string(), role: z.enum(ROLES), expiresAt: z.string() }),
  ),
  listMembers: method(z.object({ orgId: id }).strict(), z.array(memberSchema)),
  changeMemberRole: method(z.object({ orgId: id, userId: id, role: z.enum(ROLES) }).strict(), z.array(memberSchema)),
  removeMember: method(z.object({ orgId: id, userId: id }).strict(), z.array(memberSchema)),
  syncNow: method(z.object({ orgId: id }).strict(), orgSyncStatusSchema),

  updateDraft: method(
    z
      .object({
        orgId: id,
        postId: id,
        caption: z.string().max(10_000, 'must be 10,000 characters or fewer').optional(),
        tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
      })
      .strict(),
    postSchema,
  ),

  listAuditLog: method(
    z.object({ orgId: id, limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.array(auditEntrySchema),
  ),
} as const

export type Contract = typeof contract
export type ApiMethod = keyof Contract
export type ApiInput<M extends ApiMethod> = z.input<Contract[M]['input']>
export type ApiParsedInput<M extends ApiMethod> = z.output<Contract[M]['input']>
export type ApiOutput<M extends ApiMethod> = z.output<Contract[M]['output']>

// Both lists must name the same methods: a method missing from either is a type error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameMethods: Same<ApiMethod, ApiMethodName> = true
void sameMethods

export const API_METHODS: readonly ApiMethod[] = API_METHOD_NAMES
