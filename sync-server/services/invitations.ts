/**
 * Invitations by code or link. The code is shown once to whoever makes it;
 * the server keeps its SHA-256. One use each; they expire; managers can
 * revoke them. Accepting one makes (or restores) the membership through the
 * same merge as every other change, so the org's desktops learn of it.
 */
import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import type { z } from 'zod'
import type {
  createdInvitationSchema,
  createInvitationRequestSchema,
  invitationSchema,
  OrgSummary,
} from '../../src-shared/sync/server-api'
import { ROLE_WORDS } from '../../src-shared/entities/activity-words'
import { hashToken, newToken } from '../auth/secrets'
import type { ServerContext } from '../context'
import { invitations, memberships, organizations, users } from '../db/schema'
import { sendInvitationEmail } from './invitation-email'
import { HttpError } from '../errors'
import { newServerId } from '../ids'
import { pokeOrg, writeServerChange, type RowChange } from '../sync/server-changes'
import { lockOrg } from '../sync/store'
import { findMembership, orgExists, orgSummary, requireManager } from './memberships'
import type { Auth } from './sessions'

const DAY_MS = 24 * 60 * 60 * 1000
type Invitation = z.infer<typeof invitationSchema>
type InvitationRow = typeof invitations.$inferSelect

const present = (row: InvitationRow): Invitation => ({
  id: row.id,
  role: row.role as Invitation['role'],
  expiresAt: row.expiresAt.toISOString(),
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  email: row.email,
  emailSentAt: row.emailSentAt?.toISOString() ?? null,
})

/** Sends the invitation by email when the server can, and records when it went out. */
async function emailInvitation(ctx: ServerContext, auth: Auth, row: InvitationRow, url: string) {
  if (!row.email) return null
  const [inviter] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, auth.userId))
  const [org] = await ctx.db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, row.orgId))
  const outcome = await sendInvitationEmail(
    ctx.config,
    {
      to: row.email,
      orgName: org?.name ?? 'an organization',
      inviterName: inviter?.name || 'A teammate',
      roleLabel: ROLE_WORDS[row.role] ?? row.role,
      url,
      expiresAt: row.expiresAt,
    },
    (error) => ctx.log.warn({ err: error }, 'invitation email not sent'),
  )
  if (!outcome.sent) return { status: outcome.reason, row }
  const [sent] = await ctx.db
    .update(invitations)
    .set({ emailSentAt: ctx.clock.now() })
    .where(eq(invitations.id, row.id))
    .returning()
  return { status: 'sent' as const, row: sent! }
}

export async function createInvitation(
  ctx: ServerContext,
  auth: Auth,
  orgId: string,
  input: z.output<typeof createInvitationRequestSchema>,
  baseUrl: string,
): Promise<z.infer<typeof createdInvitationSchema>> {
  const actor = await requireManager(ctx.db, orgId, auth.userId)
  if (input.role === 'owner' && actor.role !== 'owner') {
    throw new HttpError('forbidden', 'Only an owner can invite another owner.', { field: 'role' })
  }
  const code = newToken()
  const now = ctx.clock.now()
  const [row] = await ctx.db
    .insert(invitations)
    .values({
      id: newServerId(),
      orgId,
      codeHash: hashToken(code),
      role: input.role,
      createdBy: auth.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
      email: input.email ?? null,
    })
    .returning()
  const url = `${baseUrl}/invite/${code}`
  const emailed = await emailInvitation(ctx, auth, row!, url)
  return { ...present(emailed?.row ?? row!), code, url, emailStatus: emailed?.status ?? null }
}

export async function listInvitations(ctx: ServerContext, auth: Auth, orgId: string): Promise<Invitation[]> {
  await requireManager(ctx.db, orgId, auth.userId)
  const rows = await ctx.db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, ctx.clock.now()),
      ),
    )
    .orderBy(desc(invitations.createdAt))
  return rows.map(present)
}

export async function revokeInvitation(ctx: ServerContext, auth: Auth, orgId: string, id: string): Promise<void> {
  await requireManager(ctx.db, orgId, auth.userId)
  const revoked = await ctx.db
    .update(invitations)
    .set({ revokedAt: ctx.clock.now() })
    .where(
      and(
        eq(invitations.id, id),
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id })
  if (revoked.length === 0) throw new HttpError('not_found', 'There is no open invitation with that id.')
}

function whyNotUsable(row: InvitationRow | undefined, now: Date): string | null {
  if (!row) return 'That invitation code is not valid; check it, or ask for a new invitation.'
  if (row.revokedAt) return 'That invitation was withdrawn; ask for a new one.'
  if (row.acceptedAt) return 'That invitation has already been used; ask for a new one.'
  if (row.expiresAt <= now) return 'That invitation has expired; ask for a new one.'
  return null
}

export async function acceptInvitation(
  ctx: ServerContext,
  auth: Auth,
  code: string,
): Promise<{ org: OrgSummary; joined: boolean }> {
  const codeHash = hashToken(code)
  const now = ctx.clock.now()
  const outcome = await ctx.db.transaction(async (tx) => {
    const [peek] = await tx.select().from(invitations).where(eq(invitations.codeHash, codeHash))
    if (!peek) throw new HttpError('not_found', whyNotUsable(undefined, now)!)
    const orgId = peek.orgId
    await lockOrg(tx, orgId)
    // Read again under the org lock: two people racing for one code cannot both use it.
    const [invitation] = await tx.select().from(invitations).where(eq(invitations.codeHash, codeHash)).for('update')
    const problem = whyNotUsable(invitation, now)
    if (problem) throw new HttpError('not_found', problem)
    if (!(await orgExists(tx, orgId))) throw new HttpError('not_found', 'That organization no longer exists.')
    if (await findMembership(tx, orgId, auth.userId)) return { orgId, seq: null }

    const [user] = await tx.select().from(users).where(eq(users.id, auth.userId))
    // Someone who left and comes back gets their old membership row back (the desktop keeps one row per person).
    const [previous] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, auth.userId)))
    const membershipId = previous?.id ?? newServerId()
    const change: RowChange = {
      table: 'memberships',
      rowId: membershipId,
      values: {
        ...(previous ? {} : { id: membershipId, org_id: orgId, user_id: auth.userId, created_at: now.toISOString() }),
        role: invitation!.role,
        user_name: user?.name ?? '',
        user_email: user?.email ?? null,
        deleted_at: null,
      },
    }
    await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: auth.userId })
      .where(eq(invitations.id, invitation!.id))
    const seq = await writeServerChange(tx, ctx, orgId, [change], {
      userId: auth.userId,
      action: 'member.joined',
      entityType: 'membership',
      entityId: membershipId,
      meta: { role: invitation!.role, invitationId: invitation!.id },
    })
    return { orgId, seq }
  })
  if (outcome.seq !== null) await pokeOrg(ctx, outcome.orgId, outcome.seq)
  return { org: await orgSummary(ctx.db, outcome.orgId, auth.userId), joined: outcome.seq !== null }
}
