/**
 * Bulk upload: a CSV of posts (src-shared/bulk/csv-posts.ts reads and checks it) scheduled in one org
 * mutation. Every row is checked before anything is written; a single bad row refuses the whole file with
 * each bad row's sentence. Then each row becomes a post on its channel, placed as the composer places one
 * (post-placement.ts: queue slot or chosen time; a contributor's rows wait for approval), all in one
 * transaction, so the file is scheduled whole or not at all, and syncs as one mutation.
 *
 * Media named by an address are downloaded here and kept like a picked file (importMedia, which checks what
 * the bytes are); media named by a file name are the files picked with the CSV.
 */
import { basename } from 'node:path'
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { bulkUploadApi } from '../../src-shared/api/bulk-upload'
import {
  checkPostRows,
  mediaRefs,
  parsePostsCsv,
  type BulkChannel,
  type MediaAnswer,
} from '../../src-shared/bulk/csv-posts'
import type { MediaItem } from '../../src-shared/entities/json-shapes'
import type { Post } from '../../src-shared/entities/models'
import { MEDIA_MAX_BYTES, sniffFormat } from '../../src-shared/media/media-types'
import type { ServiceContext } from '../core/context'
import type { HandlersFor } from '../core/handlers'
import { newId } from '../core/ids'
import type { Change } from '../sync/outbox'
import { listChannels } from './channels'
import { importMedia } from './media'
import { hasMediaFile, parseMediaUrl } from './media-files'
import { getOrganization } from './org-access'
import { mutateOrg, type OrgMutation } from './org-mutation'
import { placePost } from './post-placement'
import { insertDraft, readPost, requireWriter } from './posts'

type Upload = ApiParsedInput<'checkBulkPosts'>

const DOWNLOAD_TIMEOUT_MS = 30_000
const PARALLEL_DOWNLOADS = 4

/** Addresses the main process fetches: https anywhere, plain http only from this machine (a local file server). */
function fetchable(address: string): boolean {
  try {
    const url = new URL(address)
    if (url.protocol === 'https:') return true
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  } catch {
    return false
  }
}

async function readCapped(response: Response, cap: number): Promise<Uint8Array | null> {
  const reader = response.body?.getReader()
  if (!reader) return new Uint8Array()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > cap) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

/** Downloads one address and keeps it as a picked file would be kept; the answer's problem names the address. */
async function download(ctx: ServiceContext, orgId: string, address: string): Promise<MediaAnswer> {
  if (!fetchable(address)) {
    return {
      problem: `${address} is not an https:// address; put the file online over https, or pick it with the CSV.`,
    }
  }
  let response: Response
  try {
    response = await fetch(address, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
  } catch {
    return { problem: `${address} could not be reached; check the address and your connection, then check again.` }
  }
  if (!response.ok) {
    return { problem: `${address} answered ${response.status} instead of a file; check the address.` }
  }
  const bytes = await readCapped(response, MEDIA_MAX_BYTES).catch(() => undefined)
  if (bytes === undefined) return { problem: `${address} stopped sending before the whole file arrived; check again.` }
  if (bytes === null) return { problem: `${address} is larger than 100 MB; use a smaller file.` }
  if (bytes.byteLength === 0) return { problem: `${address} sent an empty file; check the address.` }
  const fileName = decodeURIComponent(basename(new URL(address).pathname)) || 'download'

  const format = sniffFormat(bytes)
  try {
    const item = importMedia(ctx, {
      orgId,
      fileName,
      // The bytes say what the file is; importMedia refuses what is not an image or video it takes.
      mimeType: format?.mimeType ?? 'application/octet-stream',
      data: Buffer.from(bytes).toString('base64'),
    })
    return { item }
  } catch (error) {
    if (error instanceof AppError) return { problem: error.message.replace(fileName, address) }
    throw error
  }
}

async function resolveMedia(ctx: ServiceContext, input: Upload, addresses: string[], fileNames: string[]) {
  const answers = new Map<string, MediaAnswer>()
  const picked = new Map<string, MediaItem>()
  for (const file of input.files) {
    if (!file.fileName || !parseMediaUrl(file.url) || !hasMediaFile(ctx.dbs.dataDir, file.url)) continue
    picked.set(file.fileName, file)
    picked.set(file.fileName.toLowerCase(), file)
  }
  for (const name of fileNames) {
    const item = picked.get(name) ?? picked.get(name.toLowerCase())
    if (item) answers.set(name, { item })
  }
  const queue = [...addresses]
  const worker = async () => {
    for (let address = queue.shift(); address !== undefined; address = queue.shift()) {
      answers.set(address, await download(ctx, input.orgId, address))
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker))
  return answers
}

export async function checkBulkPosts(ctx: ServiceContext, input: Upload): Promise<ApiOutput<'checkBulkPosts'>> {
  const org = getOrganization(ctx, input.orgId)
  requireWriter(org)
  const parsed = parsePostsCsv(input.csv)
  if (parsed.problem) return { problem: parsed.problem, rows: [] }
  const { addresses, fileNames } = mediaRefs(parsed.rows)
  const media = await resolveMedia(ctx, input, addresses, fileNames)
  const channels: BulkChannel[] = listChannels(ctx, { orgId: org.id }).map((c) => ({
    id: c.id,
    platform: c.platform,
    username: c.username,
    displayName: c.displayName,
    timezone: c.schedule.timezone,
  }))
  return { problem: null, rows: checkPostRows(parsed.rows, { channels, now: ctx.clock.now(), media }) }
}

const bulkWrite: OrgMutation = { allow: requireWriter, changed: ['posts', 'schedule'] }

export async function scheduleBulkPosts(ctx: ServiceContext, input: Upload): Promise<{ posts: Post[] }> {
  const checked = await checkBulkPosts(ctx, input)
  if (checked.problem) throw new AppError('invalid_input', `Nothing was scheduled. ${checked.problem}`)
  const bad = checked.rows.filter((r) => r.problems.length > 0)
  if (bad.length > 0) {
    const problems = bad.flatMap((r) => r.problems)
    throw new AppError(
      'invalid_input',
      `Nothing was scheduled: ${bad.length === 1 ? 'one row needs' : `${bad.length} rows need`} fixing. ${problems.join(' ')}`,
      problems.map((message, i) => ({ path: `row ${bad[i]?.row ?? ''}`.trim(), message })),
    )
  }
  return mutateOrg(ctx, input.orgId, bulkWrite, (w) => {
    const changes: Change[] = []
    const ids: string[] = []
    let direct = true
    for (const row of checked.rows) {
      try {
        const draft = insertDraft(w, {
          caption: row.text,
          tags: row.tags,
          mediaUrls: row.media,
          socialAccountId: row.channelId,
          groupId: null,
        })
        changes.push(draft)
        const placed = placePost(w, readPost(w.tx, draft.rowId), row.when!)
        changes.push(...placed.changes)
        direct &&= placed.direct
        ids.push(draft.rowId)
      } catch (error) {
        // Checked a moment ago, so only a change in between lands here (a channel removed, a slot taken).
        if (error instanceof AppError)
          throw new AppError(error.code, `Nothing was scheduled. Row ${row.row}: ${error.message}`)
        throw error
      }
    }
    const uploadId = newId()
    w.record(changes, {
      action: direct ? 'post_bulk.scheduled' : 'post_bulk.approval_requested',
      entityType: 'bulk_upload',
      entityId: uploadId,
      meta: { postIds: ids, rows: ids.length },
    })
    return { posts: ids.map((postId) => readPost(w.tx, postId)) }
  })
}

export const bulkUploadHandlers = {
  checkBulkPosts: (ctx, input) => checkBulkPosts(ctx, input),
  scheduleBulkPosts: (ctx, input) => scheduleBulkPosts(ctx, input),
} satisfies HandlersFor<typeof bulkUploadApi>
