/**
 * Channel credentials members hand to the server (routes/credentials.ts) so
 * its publishing loop can post for them. Tokens are sealed with AES-256-GCM
 * under the server's own key, bound to their org and channel, and leave this
 * module only as a PlatformSession for the loop: never in an answer or a log.
 *
 * The key: SERVER_SECRET_KEY, else `server-secret.key` (0600) in DATA_DIR,
 * made on first use. With DATABASE_URL there is no such fallback: several
 * processes share the database and must share the key, so it must be set.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { and, asc, eq, isNull } from 'drizzle-orm'
import type { PlatformId, PlatformSession } from '../../src-shared/platforms/adapter'
import type { ChannelCredentials, CredentialsStatus } from '../../src-shared/sync/routes/credentials'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { channelCredentials, integrations, socialAccounts } from '../db/schema'
import { HttpError } from '../errors'

export const KEY_FILE = 'server-secret.key'
const VERSION = 'v1'

/** What a device hands over (the route's body), and what anyone may see about stored credentials: never the tokens. */
export type CredentialsInput = ChannelCredentials
export type { CredentialsStatus }

const keys = new Map<string, Buffer>()

/** The server's sealing key (see the file comment); a 503 that says what to set when there is none. */
export function serverKey(ctx: Pick<ServerContext, 'config'>): Buffer {
  const { serverSecretKey, databaseUrl, dataDir } = ctx.config
  if (serverSecretKey) return serverSecretKey
  if (databaseUrl) {
    throw new HttpError(
      'unavailable',
      'This server keeps no key for channel credentials: with DATABASE_URL, set SERVER_SECRET_KEY ' +
        '(32 random bytes in base64, the same for every server process) and restart it.',
    )
  }
  const path = join(dataDir, KEY_FILE)
  let key = keys.get(path)
  if (key) return key
  try {
    key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    mkdirSync(dataDir, { recursive: true })
    const fresh = randomBytes(32)
    try {
      // 'wx': if another start made one meanwhile, use theirs.
      writeFileSync(path, `${fresh.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
      key = fresh
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced
      key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')
    }
  }
  if (key.length !== 32)
    throw new Error(`${path} does not hold a 32-byte key in base64; move it away to make a new one`)
  keys.set(path, key)
  return key
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url); the org and channel are bound in, so a row moved elsewhere will not open. */
export function seal(key: Buffer, plain: string, bound: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(bound))
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [VERSION, iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.')
}

export function unseal(key: Buffer, sealed: string, bound: string): string {
  const [version, iv, tag, data] = sealed.split('.')
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not a sealed credential')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(bound))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
}

const boundOf = (orgId: string, channelId: string) => `${orgId}/${channelId}`

/** The live channel and its platform, or a 404 / 400 saying why these credentials do not belong to it. */
async function requireChannel(db: Db, orgId: string, channelId: string, input?: CredentialsInput) {
  const [row] = await db
    .select({ platform: integrations.platform, platformUserId: socialAccounts.platformUserId })
    .from(socialAccounts)
    .innerJoin(
      integrations,
      and(eq(integrations.orgId, socialAccounts.orgId), eq(integrations.id, socialAccounts.integrationId)),
    )
    .where(
      and(
        eq(socialAccounts.orgId, orgId),
        eq(socialAccounts.id, channelId),
        isNull(socialAccounts.deletedAt),
        isNull(integrations.deletedAt),
      ),
    )
  if (!row) {
    throw new HttpError(
      'not_found',
      `There is no channel "${channelId}" in this organization on the server; sync the channel first, then send its credentials.`,
    )
  }
  if (input && row.platform !== input.platform) {
    throw new HttpError(
      'invalid_request',
      `Channel "${channelId}" is a ${row.platform} channel, not ${input.platform}.`,
      {
        field: 'platform',
      },
    )
  }
  if (input && row.platformUserId && row.platformUserId !== input.accountId) {
    throw new HttpError(
      'invalid_request',
      `These credentials are for account "${input.accountId}", but channel "${channelId}" is account "${row.platformUserId}".`,
      { field: 'accountId' },
    )
  }
}

export async function putCredentials(
  ctx: ServerContext,
  orgId: string,
  channelId: string,
  userId: string,
  input: CredentialsInput,
): Promise<CredentialsStatus> {
  await requireChannel(ctx.db, orgId, channelId, input)
  const key = serverKey(ctx)
  const bound = boundOf(orgId, channelId)
  const now = ctx.clock.now()
  const values = {
    platform: input.platform,
    service: input.service,
    accountId: input.accountId,
    handle: input.handle,
    accessTokenEnc: seal(key, input.accessToken, bound),
    refreshTokenEnc: input.refreshToken ? seal(key, input.refreshToken, bound) : null,
    accessExpiresAt: input.accessExpiresAt ? new Date(input.accessExpiresAt) : null,
    uploadedBy: userId,
    uploadedAt: now,
    refreshedAt: null,
    invalidAt: null,
    lastError: null,
  }
  await ctx.db
    .insert(channelCredentials)
    .values({ orgId, channelId, ...values })
    .onConflictDoUpdate({ target: [channelCredentials.orgId, channelCredentials.channelId], set: values })
  ctx.log.info({ orgId, channelId, platform: input.platform, userId }, 'channel credentials stored')
  return statusOf({ channelId, ...values })
}

export async function deleteCredentials(ctx: ServerContext, orgId: string, channelId: string): Promise<boolean> {
  const deleted = await ctx.db
    .delete(channelCredentials)
    .where(and(eq(channelCredentials.orgId, orgId), eq(channelCredentials.channelId, channelId)))
    .returning({ channelId: channelCredentials.channelId })
  if (deleted.length) ctx.log.info({ orgId, channelId }, 'channel credentials deleted')
  return deleted.length > 0
}

type Row = Pick<
  typeof channelCredentials.$inferSelect,
  'channelId' | 'platform' | 'handle' | 'uploadedAt' | 'refreshedAt' | 'lastError' | 'invalidAt'
>

const statusOf = (row: Row): CredentialsStatus => ({
  channelId: row.channelId,
  platform: row.platform,
  handle: row.handle,
  uploadedAt: row.uploadedAt.toISOString(),
  refreshedAt: row.refreshedAt?.toISOString() ?? null,
  invalidReason: row.invalidAt ? (row.lastError ?? 'refused by the platform') : null,
})

export async function listCredentials(db: Db, orgId: string): Promise<CredentialsStatus[]> {
  const rows = await db
    .select()
    .from(channelCredentials)
    .where(eq(channelCredentials.orgId, orgId))
    .orderBy(asc(channelCredentials.channelId))
  return rows.map(statusOf)
}

/** The session the publishing loop uses for a channel, or null when nobody handed one over (or it was refused). */
export async function sessionFor(
  ctx: ServerContext,
  orgId: string,
  channelId: string,
): Promise<PlatformSession | null> {
  const [row] = await ctx.db
    .select()
    .from(channelCredentials)
    .where(and(eq(channelCredentials.orgId, orgId), eq(channelCredentials.channelId, channelId)))
  if (!row || row.invalidAt) return null
  const key = serverKey(ctx)
  const bound = boundOf(orgId, channelId)
  try {
    return {
      platform: row.platform as PlatformId,
      service: row.service,
      accountId: row.accountId,
      handle: row.handle,
      accessToken: unseal(key, row.accessTokenEnc, bound),
      refreshToken: row.refreshTokenEnc ? unseal(key, row.refreshTokenEnc, bound) : undefined,
      accessExpiresAt: row.accessExpiresAt?.toISOString(),
    }
  } catch {
    // Sealed under another key (SERVER_SECRET_KEY changed, the key file replaced): a device must send them again.
    await markInvalid(ctx, orgId, channelId, 'sealed with a key this server no longer has; connect the channel again')
    return null
  }
}

/** The loop refreshed the session itself: keep the new tokens (a rotated refresh token replaces the old). */
export async function saveRefreshed(
  ctx: ServerContext,
  orgId: string,
  channelId: string,
  session: PlatformSession,
): Promise<void> {
  const key = serverKey(ctx)
  const bound = boundOf(orgId, channelId)
  await ctx.db
    .update(channelCredentials)
    .set({
      accessTokenEnc: seal(key, session.accessToken, bound),
      refreshTokenEnc: session.refreshToken ? seal(key, session.refreshToken, bound) : null,
      accessExpiresAt: session.accessExpiresAt ? new Date(session.accessExpiresAt) : null,
      refreshedAt: ctx.clock.now(),
    })
    .where(and(eq(channelCredentials.orgId, orgId), eq(channelCredentials.channelId, channelId)))
}

/** The platform refused them even after a refresh: kept (for the status) but no longer used. */
export async function markInvalid(ctx: ServerContext, orgId: string, channelId: string, reason: string): Promise<void> {
  await ctx.db
    .update(channelCredentials)
    .set({ invalidAt: ctx.clock.now(), lastError: reason })
    .where(and(eq(channelCredentials.orgId, orgId), eq(channelCredentials.channelId, channelId)))
}
