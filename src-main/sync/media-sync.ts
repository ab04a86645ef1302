/**
 * Post media in an org that syncs (docs/sync-protocol.md#media): each sync
 * round uploads the files this device holds for the org's posts that the
 * server has not acknowledged yet, and a device that needs a file it does
 * not have (a preview, a publish) fetches it, checks its hash and keeps it.
 * Acknowledged names are remembered in the org file's sync state.
 */
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { ServiceContext } from '../core/context'
import { parseMediaUrl, readMediaBytes, writeMediaFile } from '../services/media-files'
import { attachedServer, orgState, readState, writeState } from './sync-state'

const TIMEOUT_MS = 120_000

export interface MediaServer {
  serverUrl: string
  orgId: string
  token: string
}

const mediaUrlOf = (server: MediaServer, name: string) =>
  `${server.serverUrl.replace(/\/+$/, '')}/v1/orgs/${encodeURIComponent(server.orgId)}/media/${name}`

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

async function answerText(response: Response): Promise<string> {
  const text = await response.text()
  try {
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text
  } catch {
    return text || `HTTP ${response.status}`
  }
}

/**
 * Uploads the org's media this device holds and the server lacks; answers how
 * many were uploaded. A failure is logged and the file tried again next round.
 */
export async function uploadPendingMedia(
  sqlite: Database.Database,
  dataDir: string,
  server: MediaServer,
  log: (error: unknown) => void = () => undefined,
): Promise<number> {
  let uploaded = 0
  for (const url of referencedMedia(sqlite)) {
    const { name, format } = parseMediaUrl(url)!
    if (readState(sqlite, orgState.mediaUploaded(name))) continue
    const bytes = readMediaBytes(dataDir, url)
    // Attached on another device: that one uploads it.
    if (!bytes) continue
    const headers = { authorization: `Bearer ${server.token}` }
    try {
      const head = await fetch(mediaUrlOf(server, name), {
        method: 'HEAD',
        headers,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
      if (head.status === 404) {
        const put = await fetch(mediaUrlOf(server, name), {
          method: 'PUT',
          headers: { ...headers, 'content-type': format.mimeType },
          body: bytes,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        })
        if (!put.ok) throw new Error(`Uploading ${name} failed (HTTP ${put.status}): ${await answerText(put)}`)
        uploaded++
      } else if (!head.ok) {
        throw new Error(`Checking ${name} on the sync server failed (HTTP ${head.status})`)
      }
      // The device may have closed the org file while the upload ran.
      if (!sqlite.open) return uploaded
      writeState(sqlite, orgState.mediaUploaded(name), 'yes')
    } catch (error) {
      log(error)
    }
  }
  return uploaded
}

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
  let response: Response
  try {
    response = await fetch(mediaUrlOf({ serverUrl, orgId, token }, parsed.name), {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch {
    return { ok: false, reason: `the sync server at ${serverUrl} cannot be reached`, why: 'unreachable' }
  }
  if (!response.ok) {
    const reason = await answerText(response)
    return { ok: false, reason, why: response.status === 404 ? 'missing' : 'unreachable' }
  }
  const bytes = new Uint8Array(await response.arrayBuffer())
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
