/** Channels: connected social accounts, their tokens (encrypted, kept on this device) and posting schedules. */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import type { Channel, Organization, SandboxFeedPart } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { PLATFORM_DISPLAY_NAMES, PlatformError, type PlatformSession } from '../../src-shared/platforms/adapter'
import type { SandboxPost } from '../../src-shared/platforms/sandbox'
import { sandboxFeedUrl } from '../../src-shared/platforms/sandbox-http'
import { threadSandboxFeed } from '../../src-shared/platforms/sandbox-threads'
import { newId } from '../core/ids'
import type { OrgDb } from '../db/open'
import { integrations, posts, scheduleJobs, socialAccounts } from '../db/schema/org'
import { adapterFor, sandboxFor } from '../platforms/adapters'
import {
  encryptTokens,
  hasTokenHere,
  listStoredChannels,
  readStoredChannel,
  serviceOf,
  type StoredChannel,
} from '../platforms/channel-store'
import { attachedServer } from '../sync/sync-state'
import { scheduleFromMeta, defaultSchedule } from './channel-schedule'
import type { Change } from '../sync/outbox'
import type { ServiceContext } from '../core/context'
import { getOrganization } from './org-access'
import { mutateOrg, type OrgMutation } from './org-mutation'
import type { channelsApi } from '../../src-shared/api/channels'
import type { HandlersFor } from '../core/handlers'

function requireManager(org: Organization): void {
  if (!can(org.role, 'channels.manage')) {
    throw new AppError(
      'forbidden',
      `As a ${org.role} in "${org.name}" you cannot manage channels; ask an admin or editor.`,
    )
  }
}

/** Connecting and editing channels: those who manage them; windows look at the channels again. */
const channelWrite: OrgMutation = { allow: requireManager, changed: ['channels'] }

/** Disconnecting also sends the channel's scheduled posts back to drafts. */
const disconnecting: OrgMutation = { allow: requireManager, changed: ['channels', 'posts', 'schedule'] }

function profileUrlOf(platform: string, handle: string, service: string, sandboxFeed: string | null): string | null {
  if (platform === 'bluesky') return `https://bsky.app/profile/${handle}`
  if (platform === 'mastodon') return service ? `${service.replace(/\/$/, '')}/@${handle.split('@')[0]}` : null
  return sandboxFeed
}

function toChannel(ctx: ServiceContext, org: Organization, stored: StoredChannel): Channel {
  const service = serviceOf(stored)
  const serverUrl = attachedServer(ctx.dbs.org(org.id).$client)
  const sandboxFeed = serverUrl ? sandboxFeedUrl(serverUrl, stored.id) : null
  return {
    id: stored.id,
    orgId: org.id,
    platform: stored.platform,
    username: stored.username,
    displayName: typeof stored.meta.displayName === 'string' ? stored.meta.displayName : stored.username,
    service,
    schedule: scheduleFromMeta(stored.meta, org.timezone),
    canPublishHere: hasTokenHere(stored),
    needsReconnect: stored.meta.needsReconnect === true,
    profileUrl:
      typeof stored.meta.profileUrl === 'string'
        ? stored.meta.profileUrl
        : profileUrlOf(stored.platform, stored.username, service, sandboxFeed),
  }
}

export function listChannels(ctx: ServiceContext, input: ApiParsedInput<'listChannels'>): ApiOutput<'listChannels'> {
  const org = getOrganization(ctx, input.orgId)
  return listStoredChannels(ctx.dbs.org(org.id))
    .map((stored) => toChannel(ctx, org, stored))
    .sort((a, b) => a.username.localeCompare(b.username))
}

/** The org's channel, unless it is unknown or disconnected. */
function liveChannel(db: OrgDb, org: Organization, channelId: string): StoredChannel {
  const stored = readStoredChannel(db, channelId)
  if (!stored || stored.deleted) {
    throw new AppError('not_found', `There is no channel with id "${channelId}" in "${org.name}".`)
  }
  return stored
}

export function getChannel(ctx: ServiceContext, org: Organization, channelId: string): Channel {
  return toChannel(ctx, org, liveChannel(ctx.dbs.org(org.id), org, channelId))
}

/** A platform's refusal in its own words, with what to do about it; nothing has been written. */
function connectError(input: ApiParsedInput<'connectChannel'>, error: unknown): AppError {
  if (!(error instanceof PlatformError)) {
    return new AppError(
      'internal',
      'Connecting failed unexpectedly and nothing was saved. Try again; if it keeps failing, restart the app.',
    )
  }
  if (input.platform === 'bluesky' && (error.kind === 'auth' || error.status === 401)) {
    // The adapter's words already say what to check and where to make a new app password.
    const message = `Bluesky refused the app password for @${input.identifier.replace(/^@/, '')}. ${error.message}`
    return new AppError('invalid_input', message, [{ path: 'appPassword', message }])
  }
  if (input.platform === 'mastodon' && (error.kind === 'auth' || error.status === 401 || error.status === 403)) {
    const message =
      `${input.service} refused the access token (${error.message}); create a new one under ` +
      'Preferences → Development → New application with the read and write scopes, and paste its access token.'
    return new AppError('invalid_input', message, [{ path: 'accessToken', message }])
  }
  // Unreachable: the adapter's sentence already says what to check.
  if (error.code === 'network') return new AppError('unavailable', error.message)
  const said = `${PLATFORM_DISPLAY_NAMES[error.platform]} said: ${error.message.replace(/[.!?]?$/, '.')}`
  if (error.kind === 'transient') {
    return new AppError('unavailable', `${said} Check the server address and your connection, then try again.`)
  }
  return new AppError('invalid_input', said.charAt(0).toUpperCase() + said.slice(1))
}

async function sessionFor(ctx: ServiceContext, org: Organization, input: ApiParsedInput<'connectChannel'>) {
  if (input.platform === 'sandbox') {
    const session: PlatformSession = {
      platform: 'sandbox',
      service: '',
      accountId: newId(),
      handle: input.name,
      displayName: input.name,
      accessToken: '',
    }
    return session
  }
  const adapter = adapterFor(ctx, org.id, input.platform)
  const service = input.service.replace(/\/+$/, '')
  try {
    if (input.platform === 'bluesky') {
      const identifier = input.identifier.replace(/^@/, '')
      return await adapter.connect({ kind: 'app_password', service, identifier, password: input.appPassword })
    }
    return await adapter.connect({ kind: 'access_token', service, accessToken: input.accessToken })
  } catch (error) {
    throw connectError(input, error)
  }
}

export async function connectChannel(
  ctx: ServiceContext,
  input: ApiParsedInput<'connectChannel'>,
): Promise<ApiOutput<'connectChannel'>> {
  // Checked before the platform is asked: someone who may not connect channels never sends a password anywhere.
  const found = getOrganization(ctx, input.orgId)
  requireManager(found)
  const session = await sessionFor(ctx, found, input)
  const tokens = await encryptTokens(ctx.secrets, session)
  return mutateOrg(ctx, input.orgId, channelWrite, ({ org, tx, record }) => {
    // The same platform account connected again (a new app password, another device) updates its channel.
    const existing = tx
      .select({ id: socialAccounts.id, integrationId: socialAccounts.integrationId, meta: socialAccounts.meta })
      .from(socialAccounts)
      .innerJoin(integrations, eq(integrations.id, socialAccounts.integrationId))
      .where(and(eq(integrations.platform, session.platform), eq(socialAccounts.platformUserId, session.accountId)))
      .get()
    const channelId = existing?.id ?? newId()
    const integrationId = existing?.integrationId ?? newId()
    const accountMeta: JsonObject = {
      ...(existing?.meta ?? { schedule: defaultSchedule(org.timezone) }),
      displayName: session.displayName ?? session.handle,
      service: session.service,
      needsReconnect: false,
    }
    const integration = {
      id: integrationId,
      orgId: org.id,
      platform: session.platform,
      ...tokens,
      meta: { service: session.service },
      deletedAt: null,
    }
    const account = {
      id: channelId,
      orgId: org.id,
      integrationId,
      platformUserId: session.accountId,
      username: session.handle,
      meta: accountMeta,
      deletedAt: null,
    }
    if (existing) {
      tx.update(integrations).set(integration).where(eq(integrations.id, integrationId)).run()
      tx.update(socialAccounts).set(account).where(eq(socialAccounts.id, channelId)).run()
    } else {
      tx.insert(integrations).values(integration).run()
      tx.insert(socialAccounts).values(account).run()
    }
    record(
      [
        { table: integrations, rowId: integrationId, values: integration },
        { table: socialAccounts, rowId: channelId, values: account },
      ],
      {
        action: existing ? 'channel.reconnected' : 'channel.connected',
        entityType: 'channel',
        entityId: channelId,
        meta: { platform: session.platform, username: session.handle },
      },
    )
    return getChannel(ctx, org, channelId)
  })
}

export function updateChannel(ctx: ServiceContext, input: ApiParsedInput<'updateChannel'>): ApiOutput<'updateChannel'> {
  return mutateOrg(ctx, input.orgId, channelWrite, ({ org, db, tx, record }) => {
    const stored = liveChannel(db, org, input.channelId)
    const meta = { ...stored.meta, schedule: input.schedule }
    tx.update(socialAccounts).set({ meta }).where(eq(socialAccounts.id, stored.id)).run()
    record([{ table: socialAccounts, rowId: stored.id, values: { meta } }], {
      action: 'channel.schedule_changed',
      entityType: 'channel',
      entityId: stored.id,
    })
    return getChannel(ctx, org, stored.id)
  })
}

/**
 * Tombstones the channel and forgets this device's tokens. Its scheduled
 * posts go back to drafts (their jobs cancelled), so nothing is left waiting
 * to fail at publish time.
 */
export function disconnectChannel(
  ctx: ServiceContext,
  input: ApiParsedInput<'disconnectChannel'>,
): ApiOutput<'disconnectChannel'> {
  return mutateOrg(ctx, input.orgId, disconnecting, ({ org, db, tx, now, record }) => {
    const stored = liveChannel(db, org, input.channelId)
    const at = now.toISOString()
    const scheduled = tx
      .select({ id: posts.id })
      .from(posts)
      .where(and(eq(posts.socialAccountId, stored.id), eq(posts.status, 'scheduled'), isNull(posts.deletedAt)))
      .all()
      .map((p) => p.id)
    const jobs = scheduled.length
      ? tx
          .select({ id: scheduleJobs.id })
          .from(scheduleJobs)
          .where(and(inArray(scheduleJobs.postId, scheduled), eq(scheduleJobs.status, 'pending')))
          .all()
          .map((j) => j.id)
      : []
    const changes: Change[] = [
      { table: socialAccounts, rowId: stored.id, values: { deletedAt: at } },
      {
        table: integrations,
        rowId: stored.integrationId,
        values: { deletedAt: at, accessTokenEnc: null, refreshTokenEnc: null },
      },
    ]
    for (const id of scheduled)
      changes.push({ table: posts, rowId: id, values: { status: 'draft', scheduledAt: null, updatedAt: at } })
    for (const id of jobs) {
      changes.push({
        table: scheduleJobs,
        rowId: id,
        values: { status: 'cancelled', lastError: 'the channel was disconnected' },
      })
    }
    for (const change of changes) {
      tx.update(change.table)
        .set(change.values)
        .where(sql`id = ${change.rowId}`)
        .run()
    }
    record(changes, {
      action: 'channel.disconnected',
      entityType: 'channel',
      entityId: stored.id,
      meta: { platform: stored.platform, username: stored.username, unscheduled: scheduled.length },
    })
    return { deleted: true as const }
  })
}

export async function listSandboxFeed(
  ctx: ServiceContext,
  input: ApiParsedInput<'listSandboxFeed'>,
): Promise<ApiOutput<'listSandboxFeed'>> {
  const org = getOrganization(ctx, input.orgId)
  const channel = getChannel(ctx, org, input.channelId)
  if (channel.platform !== 'sandbox') {
    throw new AppError('invalid_input', `${channel.username} is a ${channel.platform} channel, not a sandbox one.`)
  }
  const stored = readStoredChannel(ctx.dbs.org(org.id), channel.id)!
  const place = sandboxFor(ctx, org.id)
  const feed = await place.backend.list(stored.platformUserId, { limit: input.limit })
  const entry = (post: SandboxPost): SandboxFeedPart => ({
    id: post.id,
    text: post.text,
    contentWarning: post.contentWarning ?? null,
    mediaCount: post.media.length,
    // The app shows a picture by its media: name (readMedia), here or fetched from the org's server.
    media: post.media.map((m) => ({
      url: m.file ? `media:${m.file}` : null,
      mimeType: m.mimeType,
      altText: m.altText ?? null,
    })),
    publishedAt: post.publishedAt,
    url: `${place.feedUrl(channel.id)}/posts/${encodeURIComponent(post.id)}`,
  })
  // The channel's own replies to its posts go under the post they continue, as the public page shows them.
  return threadSandboxFeed(feed).map(({ post, thread }) => ({
    ...entry(post),
    ...(thread.length ? { thread: thread.map((part) => ({ ...entry(part), replyTo: part.replyTo! })) } : {}),
  }))
}

export const channelsHandlers = {
  listChannels: (ctx, input) => listChannels(ctx, input),
  connectChannel: (ctx, input) => connectChannel(ctx, input),
  updateChannel: (ctx, input) => updateChannel(ctx, input),
  disconnectChannel: (ctx, input) => disconnectChannel(ctx, input),
  listSandboxFeed: (ctx, input) => listSandboxFeed(ctx, input),
} satisfies HandlersFor<typeof channelsApi>
