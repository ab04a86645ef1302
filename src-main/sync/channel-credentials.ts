/**
 * Handing channel sign-ins to the sync server, so its publishing loop posts
 * while every desktop is closed (docs/sync-protocol.md#server-side-publishing).
 *
 * After every sync round that ends well (the core calls this from the
 * engine's onRoundDone; the round pushed the org's settings and channels
 * first) this device makes the server's copy match: when the org has
 * serverPublishing on, each Bluesky or Mastodon channel it holds a token
 * for is uploaded (again when its tokens changed here: a reconnect, a
 * refresh); when it is off, or a channel was disconnected, what this device
 * uploaded is deleted. A failure is kept, shown in Settings → Publishing and
 * tried again after the next round. What was uploaded is remembered in the
 * org file's sync state as a fingerprint of the encrypted tokens.
 *
 * The server refreshes the sessions it holds; Bluesky rotates refresh
 * tokens, so this device leaves those channels' jobs to the server
 * (`serverHoldsChannel`) instead of refreshing the same session too.
 */
import { createHash } from 'node:crypto'
import type { ServerClient } from '../../src-shared/sync/server-client'
import type { OrgDb } from '../db/open'
import { listStoredChannels, sessionOf, type StoredChannel } from '../platforms/channel-store'
import type { ServiceContext } from '../core/context'
import { readPublishingSettings } from '../services/stored-settings'
import { serverClient } from './session'
import { attachedServer, orgState, readState, writeState, type ServerCredentialsState } from './sync-state'

function readUploads(db: OrgDb): ServerCredentialsState {
  const saved = readState(db.$client, orgState.serverCredentials) ?? {}
  return { uploaded: saved.uploaded ?? {}, problem: saved.problem ?? null, server: saved.server ?? {} }
}

/** Changes whenever the tokens are saved again (each encryption has a fresh IV); reveals nothing of them. */
const fingerprint = (channel: Pick<StoredChannel, 'accessTokenEnc' | 'refreshTokenEnc'>) =>
  createHash('sha256')
    .update(`${channel.accessTokenEnc ?? ''}\n${channel.refreshTokenEnc ?? ''}`)
    .digest('base64url')

const wantsServer = (channel: StoredChannel) => channel.platform !== 'sandbox' && Boolean(channel.accessTokenEnc)

/** Whether the server publishes this channel's posts with the sign-in this device gave it (so this device does not). */
export function serverHoldsChannel(db: OrgDb, orgId: string, channel: StoredChannel): boolean {
  if (!wantsServer(channel) || !readPublishingSettings(db, orgId).serverPublishing) return false
  return readUploads(db).uploaded[channel.id] === fingerprint(channel)
}

/** How many of the org's channels the server can publish (as of the last round), and why not the others. */
export function serverCredentialsSummary(db: OrgDb): { ready: number; total: number; problem: string | null } {
  const state = readUploads(db)
  const channels = listStoredChannels(db)
  const ready = channels.filter((c) => c.platform === 'sandbox' || state.server[c.id] === null).length
  const refused = channels
    .filter((c) => typeof state.server[c.id] === 'string')
    .map((c) => `${c.username} needs reconnecting (${state.server[c.id]})`)
  const missing = channels.filter((c) => c.platform !== 'sandbox' && !(c.id in state.server))
  const notHere = missing.filter((c) => !wantsServer(c)).map((c) => c.username)
  const problems = [
    ...(state.problem ? [state.problem] : []),
    ...refused,
    ...(notHere.length
      ? [`${notHere.join(', ')}: connected on another device, which hands it over when it syncs`]
      : []),
  ]
  return { ready, total: channels.length, problem: problems.length ? problems.join(' ') : null }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Whether sign-ins may be sent to this server: over HTTPS, or to this machine itself. */
export function isSecure(serverUrl: string): boolean {
  const url = new URL(serverUrl)
  return url.protocol === 'https:' || LOOPBACK.has(url.hostname)
}

const running = new Map<string, Promise<void>>()
const again = new Set<string>()

/** Makes the server's copy of this device's channel sign-ins match the org's settings; never throws. */
export function reconcileChannelCredentials(ctx: ServiceContext, orgId: string): Promise<void> {
  const current = running.get(orgId)
  if (current) {
    again.add(orgId)
    return current
  }
  const run = reconcile(ctx, orgId)
    .catch(() => undefined)
    .finally(() => {
      running.delete(orgId)
      if (again.delete(orgId)) void reconcileChannelCredentials(ctx, orgId)
    })
  running.set(orgId, run)
  return run
}

async function reconcile(ctx: ServiceContext, orgId: string): Promise<void> {
  const db = ctx.dbs.org(orgId)
  const serverUrl = attachedServer(db.$client)
  const session = ctx.sync.currentSession
  if (!serverUrl || !session) return
  const state = readUploads(db)
  const before = JSON.stringify(state)
  const on = readPublishingSettings(db, orgId).serverPublishing
  const channels = on ? listStoredChannels(db).filter(wantsServer) : []
  if (!on && Object.keys(state.uploaded).length === 0) return
  const problems: string[] = []
  const server = serverClient({ ...session, serverUrl })
  // Sign-ins travel only over HTTPS (or to this machine itself, for a server run locally).
  const secure = isSecure(serverUrl)
  if (!secure && channels.length) problems.push(`${serverUrl} is not an https:// address, so no sign-in is sent to it`)
  for (const channel of secure ? channels : []) {
    const print = fingerprint(channel)
    if (state.uploaded[channel.id] === print) continue
    const signIn = await sessionOf(ctx.secrets, channel)
    // The Sandbox needs no sign-in (wantsServer leaves it out already).
    if (!signIn || signIn.platform === 'sandbox') continue
    try {
      await server.call('putChannelCredentials', {
        params: { orgId, channelId: channel.id },
        body: {
          platform: signIn.platform,
          service: signIn.service,
          accountId: signIn.accountId,
          handle: signIn.handle,
          accessToken: signIn.accessToken,
          ...(signIn.refreshToken ? { refreshToken: signIn.refreshToken } : {}),
          ...(signIn.accessExpiresAt ? { accessExpiresAt: signIn.accessExpiresAt } : {}),
        },
      })
      state.uploaded[channel.id] = print
    } catch (error) {
      problems.push(`${channel.username}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  // Turned off, or the channel is gone: take back what this device handed over.
  const keep = new Set(channels.map((c) => c.id))
  for (const channelId of Object.keys(state.uploaded)) {
    if (keep.has(channelId)) continue
    try {
      await server.call('deleteChannelCredentials', { params: { orgId, channelId } })
      delete state.uploaded[channelId]
    } catch (error) {
      problems.push(`removing a channel's sign-in: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  state.problem = problems.length ? `The sync server could not take every sign-in (${problems.join('; ')}).` : null
  state.server = on ? await heldByServer(server, orgId).catch(() => state.server) : {}
  writeState(db.$client, orgState.serverCredentials, state)
  // Settings → Publishing shows what the server can publish: tell windows when that changed.
  if (JSON.stringify(state) !== before) ctx.emit({ type: 'organizations.changed' })
}

/** What the server holds for the org (from any device): channel id → why it is refused, or null. */
async function heldByServer(server: ServerClient, orgId: string): Promise<Record<string, string | null>> {
  const { channels } = await server.call('listChannelCredentials', { params: { orgId } })
  return Object.fromEntries(channels.map((c) => [c.channelId, c.invalidReason]))
}
