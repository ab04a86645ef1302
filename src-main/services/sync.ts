/**
 * Connecting this device to a sync server: signing in or up, attaching a
 * local-only organization (its data is uploaded), joining one by
 * invitation (its data is downloaded), inviting teammates, and the status
 * that Settings and the top bar show.
 */
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import { ServerClient, SyncRequestError } from '../../src-shared/sync/server-client'
import type { Organization } from '../../src-shared/entities/models'
import type { OrgSyncStatus } from '../../src-shared/entities/sync-status'
import { adoptUserId, yieldProfileToAccount } from '../sync/adopt-user-id'
import { clearSession, saveSession, serverClient } from '../sync/session'
import { attachedServer, markAttached } from '../sync/sync-state'
import type { ServiceContext } from '../core/context'
import { getOrganization } from './org-access'
import { listOrganizations } from './organizations'
import { requireProfile } from './profile'
import type { syncApi } from '../../src-shared/api/sync'
import type { HandlersFor } from '../core/handlers'

/** Server refusals become API errors with the server's own words. */
export async function talk<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!(error instanceof SyncRequestError)) throw error
    const code =
      error.code === 'network'
        ? 'unavailable'
        : error.code === 'unauthorized' || error.code === 'signed_out'
          ? 'unauthorized'
          : error.code === 'not_found'
            ? 'not_found'
            : error.code === 'forbidden' || error.code === 'not_a_member'
              ? 'forbidden'
              : error.code === 'conflict'
                ? 'conflict'
                : 'invalid_input'
    // The server names the field it refused (the password of a new account, say): the form shows it there.
    const { field } = error.details
    throw new AppError(code, error.message, field ? [{ path: field, message: error.message }] : undefined)
  }
}

function requireSession(ctx: ServiceContext) {
  const session = ctx.sync.currentSession
  if (!session) throw new AppError('conflict', 'Sign in to a sync server first (Settings → Sync).')
  return session
}

export const client = (ctx: ServiceContext) => serverClient(requireSession(ctx))

export function getSyncOverview(ctx: ServiceContext): ApiOutput<'getSyncOverview'> {
  const session = ctx.sync.currentSession
  const orgs: OrgSyncStatus[] = findProfileOrgs(ctx).map((org) => ctx.sync.status(org.id))
  return {
    server: session ? { url: session.serverUrl, email: session.email, userId: session.userId } : null,
    orgs,
    ownData: ctx.sync.ownDataStatus(),
  }
}

function findProfileOrgs(ctx: ServiceContext): Organization[] {
  try {
    return listOrganizations(ctx)
  } catch {
    return []
  }
}

export async function connectServer(ctx: ServiceContext, input: ApiParsedInput<'connectServer'>) {
  const profile = requireProfile(ctx)
  const serverUrl = new URL(input.serverUrl).origin
  const anonymous = new ServerClient({ baseUrl: serverUrl })
  const answer = await talk(() =>
    input.mode === 'signup'
      ? anonymous.call('signup', {
          body: { id: profile.id, name: profile.name, email: input.email, password: input.password },
        })
      : anonymous.call('signin', { body: { email: input.email, password: input.password } }),
  )
  if (answer.user.id !== profile.id) {
    // Signing in to an account made elsewhere: this device's work becomes that person's, and its profile the account's.
    adoptUserId(ctx.dbs.account.$client, profile.id, answer.user.id)
    yieldProfileToAccount(ctx.dbs.account.$client)
    for (const orgId of ctx.dbs.listOrgIds()) adoptUserId(ctx.dbs.org(orgId).$client, profile.id, answer.user.id)
  }
  const session = { serverUrl, userId: answer.user.id, email: answer.user.email, token: answer.token }
  await saveSession(ctx.dbs.account.$client, ctx.secrets, session)
  ctx.sync.useSession(session)
  await downloadMemberOrganizations(ctx)
  ctx.emit({ type: 'profile.changed' })
  ctx.emit({ type: 'organizations.changed' })
  return getSyncOverview(ctx)
}

/**
 * A second device of the same person: every organization the account
 * belongs to on the server, and not yet on this device, is downloaded.
 */
async function downloadMemberOrganizations(ctx: ServiceContext): Promise<void> {
  const session = requireSession(ctx)
  const { orgs } = await talk(() => client(ctx).call('me'))
  const local = new Set(ctx.dbs.listOrgIds())
  for (const org of orgs.filter((o) => !local.has(o.id))) {
    markAttached(ctx.dbs.org(org.id, { create: true }).$client, session.serverUrl)
    // A failed download stays visible in the sync status and is retried with backoff.
    await ctx.sync.syncNow(org.id).catch(() => undefined)
  }
}

export function disconnectServer(ctx: ServiceContext) {
  clearSession(ctx.dbs.account.$client)
  ctx.sync.useSession(null)
  ctx.emit({ type: 'organizations.changed' })
  return getSyncOverview(ctx)
}

export async function attachOrganization(ctx: ServiceContext, orgId: string): Promise<Organization> {
  const org = getOrganization(ctx, orgId)
  const session = requireSession(ctx)
  if (org.role !== 'owner') throw new AppError('forbidden', `Only the owner can put "${org.name}" on a sync server.`)
  const db = ctx.dbs.org(orgId).$client
  const attached = attachedServer(db)
  if (attached && attached !== session.serverUrl) {
    throw new AppError('conflict', `"${org.name}" already syncs with ${attached}; sign in there instead.`)
  }
  const membership = db
    .prepare('SELECT id FROM memberships WHERE org_id = ? AND user_id = ?')
    .get(orgId, session.userId) as { id: string } | undefined
  await talk(() =>
    client(ctx).call('createOrg', {
      body: {
        id: org.id,
        name: org.name,
        timezone: org.timezone,
        membershipId: membership?.id,
        createdAt: org.createdAt,
      },
    }),
  )
  markAttached(db, session.serverUrl)
  // The first round uploads everything the outbox holds since the org was made.
  await ctx.sync.syncNow(orgId)
  ctx.emit({ type: 'organizations.changed' })
  return getOrganization(ctx, orgId)
}

/** People paste either the code or the whole invitation link. */
export function invitationCode(input: string): string {
  const match = /\/invite\/([^/?#\s]+)/.exec(input)
  return match ? decodeURIComponent(match[1]!) : input.trim()
}

export async function joinOrganization(ctx: ServiceContext, pasted: string): Promise<Organization> {
  const session = requireSession(ctx)
  const code = invitationCode(pasted)
  const { org } = await talk(() => client(ctx).call('acceptInvitation', { body: { code } }))
  const db = ctx.dbs.org(org.id, { create: true }).$client
  markAttached(db, session.serverUrl)
  const status = await ctx.sync.syncNow(org.id)
  if (status.state !== 'idle')
    throw new AppError(
      'unavailable',
      `Joined "${org.name}", but its data did not download yet: ${status.message ?? 'try Sync now'}.`,
    )
  ctx.emit({ type: 'organizations.changed' })
  return getOrganization(ctx, org.id)
}

export async function createInvitation(ctx: ServiceContext, input: ApiParsedInput<'createInvitation'>) {
  const org = getOrganization(ctx, input.orgId)
  if (!attachedServer(ctx.dbs.org(org.id).$client)) {
    throw new AppError(
      'conflict',
      `"${org.name}" is on this device only. Put it on your sync server first (Settings → Sync), then invite people.`,
    )
  }
  const invitation = await talk(() =>
    client(ctx).call('createInvitation', {
      params: { orgId: org.id },
      body: { role: input.role, ...(input.email ? { email: input.email } : {}) },
    }),
  )
  const { code, url, role, expiresAt, email, emailStatus } = invitation
  return { code, url, role, expiresAt, email, emailStatus }
}

export async function listMembers(ctx: ServiceContext, orgId: string) {
  const org = getOrganization(ctx, orgId)
  if (!attachedServer(ctx.dbs.org(org.id).$client)) {
    // A local-only organization has one member: its owner, on this device.
    const profile = requireProfile(ctx)
    return [{ userId: profile.id, name: profile.name, email: profile.email, role: org.role, createdAt: org.createdAt }]
  }
  const { members } = await talk(() => client(ctx).call('listMembers', { params: { orgId: org.id } }))
  return members.map(({ userId, name, email, role, createdAt }) => ({ userId, name, email, role, createdAt }))
}

export async function changeMemberRole(ctx: ServiceContext, input: ApiParsedInput<'changeMemberRole'>) {
  const org = getOrganization(ctx, input.orgId)
  await talk(() =>
    client(ctx).call('changeMemberRole', {
      params: { orgId: org.id, userId: input.userId },
      body: { role: input.role },
    }),
  )
  await ctx.sync.syncNow(org.id)
  return listMembers(ctx, org.id)
}

export async function removeMember(ctx: ServiceContext, input: ApiParsedInput<'removeMember'>) {
  const org = getOrganization(ctx, input.orgId)
  await talk(() => client(ctx).call('removeMember', { params: { orgId: org.id, userId: input.userId } }))
  await ctx.sync.syncNow(org.id)
  return listMembers(ctx, org.id)
}

export async function syncNow(ctx: ServiceContext, orgId: string): Promise<OrgSyncStatus> {
  getOrganization(ctx, orgId)
  return ctx.sync.syncNow(orgId)
}

export const syncHandlers = {
  getSyncOverview: (ctx) => getSyncOverview(ctx),
  connectServer: (ctx, input) => connectServer(ctx, input),
  disconnectServer: (ctx) => disconnectServer(ctx),
  attachOrganization: (ctx, input) => attachOrganization(ctx, input.orgId),
  joinOrganization: (ctx, input) => joinOrganization(ctx, input.code),
  createInvitation: (ctx, input) => createInvitation(ctx, input),
  listMembers: (ctx, input) => listMembers(ctx, input.orgId),
  changeMemberRole: (ctx, input) => changeMemberRole(ctx, input),
  removeMember: (ctx, input) => removeMember(ctx, input),
  syncNow: (ctx, input) => syncNow(ctx, input.orgId),
} satisfies HandlersFor<typeof syncApi>
