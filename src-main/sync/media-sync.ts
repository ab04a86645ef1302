/**
 * Post media in an org that syncs (docs/sync-protocol.md#media): each sync
 * round uploads the files this device holds for the org's posts that the
 * server has not acknowledged yet, and a device that needs a file it does
 * not have (a preview, a publish) fetches it, checks its hash and keeps it.
 * Acknowledged names are remembered in the org file's sync state.
 */
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import { ServerClient, SyncRequestError } from '../../src-shared/sync/server-client'
import type { ServiceContext } from '../core/context'
import { parseMediaUrl, readMediaBytes, writeMediaFile } from '../services/media-files'
import { attachedServer, orgState, readState, writeState } from './sync-state'

/** Every `media:` name the org's live posts refer to. */
function referencedMedia(sqlite: Database.Database): string[] {
  const rows = sqlite
    .prepare<[], { media_urls: string }>(
      "SELECT media_urls FROM posts WHERE deleted_at IS NULL AND media_urls IS NOT NULL AND media_urls <> '[]'",
    )
    .all()
  const urls = new Set<string>()
  for (const row of rows) {
    try {
      for (const item of JSON.parse(row.media_urls) as { url?: unknown }[]) {
        if (typeof item?.url === 'string' && parseMediaUrl(item.url)) urls.add(item.url)
      }
    } catch {
      // A malformed list has nothing to upload.
    }
  }
  return [...urls]
}

/**
 * Uploads the org's media this device holds and the server lacks; answers how
 * many were uploaded. A failure is logged and the file tried again next round.
 */
export async function uploadPendingMedia(
  sqlite: Database.Database,
  dataDir: string,
  server: ServerClient,
  orgId: string,
  log: (error: unknown) => void = () => undefined,
): Promise<number> {
  let uploaded = 0
  for (const url of referencedMedia(sqlite)) {
    try {
      if ((await uploadMediaFile(sqlite, dataDir, server, orgId, url)) === 'uploaded') uploaded++
    } catch (error) {
      log(error)
    }
    // The device may have closed the org file while the upload ran.
    if (!sqlite.open) return uploaded
  }
  return uploaded
}

/**
 * Makes sure the server holds one file of the org: `uploaded` now, `there` already (known or answered by HEAD), or
 * `not_here` when this device does not hold it (the device that attached it uploads it). Throws when the server
 * cannot be asked or refuses the upload. A Sandbox publish calls it first, so the public page never names a picture
 * the server has not got (platforms/adapters.ts).
 */
export async function uploadMediaFile(
  sqlite: Database.Database,
  dataDir: string,
  server: ServerClient,
  orgId: string,
  url: string,
): Promise<'uploaded' | 'there' | 'not_here'> {
  const parsed = parseMediaUrl(url)
  if (!parsed) return 'not_here'
  const { name, format } = parsed
  if (readState(sqlite, orgState.mediaUploaded(name))) return 'there'
  const bytes = readMediaBytes(dataDir, url)
  // Attached on another device: that one uploads it.
  if (!bytes) return 'not_here'
  const params = { orgId, name }
  let answer: 'uploaded' | 'there' = 'there'
  if (!(await isOnServer(server, params))) {
    try {
      await server.call('putMedia', { params, body: bytes, contentType: format.mimeType })
    } catch (error) {
      throw new Error(`Uploading ${name} failed: ${messageOf(error)}`, { cause: error })
    }
    answer = 'uploaded'
  }
  if (sqlite.open) writeState(sqlite, orgState.mediaUploaded(name), 'yes')
  return answer
}

/** HEAD: whether the server has the file; any answer but "not found" that is not a yes is an error. */
async function isOnServer(server: ServerClient, params: { orgId: string; name: string }): Promise<boolean> {
  try {
    await server.call('headMedia', { params })
    return true
  } catch (error) {
    if (error instanceof SyncRequestError && error.code === 'not_found') return false
    throw new Error(`Checking ${params.name} on the sync server failed: ${messageOf(error)}`, { cause: error })
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Why a file is not here: `local` (the org does not sync, so nowhere else has it), `missing` (the server does
 * not have it yet: the device that attached it has not uploaded it) or `unreachable` (try again later).
 */
export type MediaHere =
  { ok: true; bytes: Uint8Array } | { ok: false; reason: string; why: 'local' | 'missing' | 'unreachable' }

const inFlight = new Map<string, Promise<MediaHere>>()

/**
 * The file behind a `media:` name: from this device's folder, or else
 * fetched from the org's sync server, checked against its hash and kept.
 */
export function ensureMediaHere(ctx: ServiceContext, orgId: string, url: string): Promise<MediaHere> {
  const local = readMediaBytes(ctx.dbs.dataDir, url)
  if (local) return Promise.resolve({ ok: true, bytes: local })
  const key = `${ctx.dbs.dataDir}\n${orgId}\n${url}`
  let running = inFlight.get(key)
  if (!running) {
    running = download(ctx, orgId, url).finally(() => inFlight.delete(key))
    inFlight.set(key, running)
  }
  return running
}

async function download(ctx: ServiceContext, orgId: string, url: string): Promise<MediaHere> {
  const parsed = parseMediaUrl(url)
  if (!parsed) return { ok: false, reason: `"${url}" is not a media name`, why: 'local' }
  const serverUrl = attachedServer(ctx.dbs.org(orgId).$client)
  if (!serverUrl) return { ok: false, reason: 'this organization does not sync', why: 'local' }
  const token = ctx.sync.currentSession?.token
  if (!token) return { ok: false, reason: 'this device is signed out of the sync server', why: 'unreachable' }
  let bytes: Uint8Array
  try {
    bytes = await new ServerClient({ baseUrl: serverUrl, token }).call('getMedia', {
      params: { orgId, name: parsed.name },
    })
  } catch (error) {
    if (!(error instanceof SyncRequestError)) throw error
    if (error.code === 'network') {
      return { ok: false, reason: `the sync server at ${serverUrl} cannot be reached`, why: 'unreachable' }
    }
    return { ok: false, reason: error.message, why: error.code === 'not_found' ? 'missing' : 'unreachable' }
  }
  const hash = createHash('sha256').update(bytes).digest('hex')
  if (hash !== parsed.hash) {
    return {
      ok: false,
      reason: `the copy the sync server sent does not match its name (sha256 ${hash})`,
      why: 'unreachable',
    }
  }
  writeMediaFile(ctx.dbs.dataDir, parsed.name, bytes)
  return { ok: true, bytes }
}
