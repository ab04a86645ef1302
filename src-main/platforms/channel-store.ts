/**
 * A channel as stored: its social_accounts row (synced: handle, schedule,
 * profile) joined with its integrations row (platform, and this device's
 * encrypted tokens), and the platform session those make.
 */
import { eq } from 'drizzle-orm'
import type { JsonObject } from '../../src-shared/entities/json-shapes'
import type { Platform } from '../../src-shared/entities/enums'
import type { PlatformSession } from '../../src-shared/platforms/adapter'
import type { OrgDb } from '../db/open'
import { integrations, socialAccounts } from '../db/schema/org'
import { decryptSecret, encryptSecret } from '../secrets/cipher'
import type { SecretStore } from '../secrets/secret-store'

export interface StoredChannel {
  id: string
  orgId: string
  integrationId: string
  platform: Platform
  platformUserId: string
  username: string
  meta: JsonObject
  integrationMeta: JsonObject
  accessTokenEnc: string | null
  refreshTokenEnc: string | null
  expiresAt: string | null
  deleted: boolean
}

export function readStoredChannel(db: OrgDb, channelId: string): StoredChannel | undefined {
  const row = db
    .select({
      id: socialAccounts.id,
      orgId: socialAccounts.orgId,
      integrationId: socialAccounts.integrationId,
      platform: integrations.platform,
      platformUserId: socialAccounts.platformUserId,
      username: socialAccounts.username,
      meta: socialAccounts.meta,
      integrationMeta: integrations.meta,
      accessTokenEnc: integrations.accessTokenEnc,
      refreshTokenEnc: integrations.refreshTokenEnc,
      expiresAt: integrations.expiresAt,
      accountDeleted: socialAccounts.deletedAt,
      integrationDeleted: integrations.deletedAt,
    })
    .from(socialAccounts)
    .innerJoin(integrations, eq(integrations.id, socialAccounts.integrationId))
    .where(eq(socialAccounts.id, channelId))
    .get()
  if (!row) return undefined
  const { accountDeleted, integrationDeleted, ...rest } = row
  return { ...rest, deleted: Boolean(accountDeleted || integrationDeleted) }
}

export function listStoredChannels(db: OrgDb): StoredChannel[] {
  const ids = db.select({ id: socialAccounts.id }).from(socialAccounts).all()
  return ids.map((r) => readStoredChannel(db, r.id)!).filter((c) => c && !c.deleted)
}

/** Whether this device can act for the channel: the sandbox needs nothing, the others this device's token. */
export const hasTokenHere = (channel: Pick<StoredChannel, 'platform' | 'accessTokenEnc'>): boolean =>
  channel.platform === 'sandbox' || Boolean(channel.accessTokenEnc)

export const serviceOf = (channel: Pick<StoredChannel, 'meta' | 'integrationMeta'>): string =>
  String(channel.integrationMeta.service ?? channel.meta.service ?? '')

/** The session the adapter needs, or null when this device holds no token (or cannot read it). */
export async function sessionOf(secrets: SecretStore, channel: StoredChannel): Promise<PlatformSession | null> {
  const base = {
    platform: channel.platform,
    service: serviceOf(channel),
    accountId: channel.platformUserId,
    handle: channel.username,
    displayName: typeof channel.meta.displayName === 'string' ? channel.meta.displayName : undefined,
  }
  if (channel.platform === 'sandbox') return { ...base, accessToken: '' }
  if (!channel.accessTokenEnc) return null
  const key = await secrets.dataKey()
  try {
    return {
      ...base,
      accessToken: decryptSecret(key, channel.accessTokenEnc),
      refreshToken: channel.refreshTokenEnc ? decryptSecret(key, channel.refreshTokenEnc) : undefined,
      accessExpiresAt: channel.expiresAt ?? undefined,
    }
  } catch {
    // Written with another key (a restored backup): reconnecting is the way out.
    return null
  }
}

export interface EncryptedTokens {
  accessTokenEnc: string | null
  refreshTokenEnc: string | null
  expiresAt: string | null
}

export async function encryptTokens(secrets: SecretStore, session: PlatformSession): Promise<EncryptedTokens> {
  if (session.platform === 'sandbox') return { accessTokenEnc: null, refreshTokenEnc: null, expiresAt: null }
  const key = await secrets.dataKey()
  return {
    accessTokenEnc: encryptSecret(key, session.accessToken),
    refreshTokenEnc: session.refreshToken ? encryptSecret(key, session.refreshToken) : null,
    expiresAt: session.accessExpiresAt ?? null,
  }
}

/** After a token refresh: local-only fields, so a plain write (no op, nothing to audit). */
export async function saveRefreshedTokens(
  db: OrgDb,
  secrets: SecretStore,
  integrationId: string,
  session: PlatformSession,
): Promise<void> {
  const tokens = await encryptTokens(secrets, session)
  db.update(integrations).set(tokens).where(eq(integrations.id, integrationId)).run()
}
