/**
 * Carrying a local-only org's Sandbox to its sync server. Before an org syncs, its Sandbox posts live in the
 * org file (`sandbox_posts`, platforms/sandbox-sqlite.ts); once it is attached, the app reads its Sandbox from the
 * server (platforms/adapters.ts). So that nothing published before vanishes, each round after the org is put on
 * the server publishes every local post there under its own key, id and time (the server's publish is idempotent
 * by key), oldest first so a reply follows the post it answers, and remembers which ones the server has taken.
 * Sent's links (`sandbox://<org>/<channel>/posts/<id>`) then find the same post id in the server's feed.
 */
import type Database from 'better-sqlite3'
import { type ServerClient, SyncRequestError } from '../../src-shared/sync/server-client'
import { orgState, readState, writeState } from './sync-state'

interface LocalSandboxRow {
  id: string
  account_id: string
  idempotency_key: string
  text: string
  content_warning: string | null
  media: string
  reply_to: string | null
  published_at: string
}

type Media = { mimeType: string; altText?: string; byteLength: number; file?: string }

function mediaOf(json: string): Media[] {
  try {
    const list = JSON.parse(json) as Media[]
    return Array.isArray(list) ? list : []
  } catch {
    // A malformed list carries the post without its attachments rather than not at all.
    return []
  }
}

/** The org file's Sandbox posts the server has not taken yet, oldest first. */
export function uncarriedSandboxPosts(sqlite: Database.Database): LocalSandboxRow[] {
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sandbox_posts'").get()
  if (!hasTable) return []
  return sqlite
    .prepare<[], LocalSandboxRow>('SELECT * FROM sandbox_posts ORDER BY published_at, id')
    .all()
    .filter((row) => !readState(sqlite, orgState.sandboxCarried(row.id)))
}

/**
 * Publishes the local Sandbox posts the server lacks; answers how many it took this time. A post the server
 * refuses for good (its account belongs to another org, say) is logged and not tried again; a failure to reach
 * the server leaves it for the next round.
 */
export async function carryLocalSandboxPosts(
  sqlite: Database.Database,
  server: ServerClient,
  orgId: string,
  log: (error: unknown) => void = () => undefined,
): Promise<number> {
  let carried = 0
  for (const row of uncarriedSandboxPosts(sqlite)) {
    try {
      const media = mediaOf(row.media).map((m) => ({
        mimeType: m.mimeType,
        byteLength: m.byteLength,
        ...(m.altText ? { altText: m.altText } : {}),
        ...(m.file ? { file: m.file } : {}),
      }))
      await server.call('publishSandboxPost', {
        params: { orgId },
        body: {
          accountId: row.account_id,
          idempotencyKey: row.idempotency_key,
          text: row.text,
          ...(row.content_warning ? { contentWarning: row.content_warning } : {}),
          media,
          ...(row.reply_to ? { replyTo: row.reply_to } : {}),
          id: row.id,
          publishedAt: row.published_at,
        },
      })
      carried++
    } catch (error) {
      if (!permanent(error)) {
        log(new Error(`Carrying a Sandbox post to the sync server failed; it is tried again: ${messageOf(error)}`))
        // The server is unreachable or busy: the rest would fail the same way.
        return carried
      }
      log(new Error(`The sync server refused a Sandbox post published before syncing: ${messageOf(error)}`))
    }
    // The device may have closed the org file while the call ran.
    if (!sqlite.open) return carried
    writeState(sqlite, orgState.sandboxCarried(row.id), 'yes')
  }
  return carried
}

/** A refusal that the same request would get again (not the network, not a busy or restarting server). */
function permanent(error: unknown): boolean {
  if (!(error instanceof SyncRequestError)) return false
  if (error.code === 'network' || error.code === 'signed_out') return false
  const status = error.details.status
  return status !== undefined && status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))
