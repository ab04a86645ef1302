/**
 * Media bodies refused before they are read (docs/sync-protocol.md#media),
 * measured on the real sync server in a child process (sync-server/main.ts,
 * PGlite): eight uploads at once of MEDIA_MB (95) MB each, streamed from
 * generated zeros over raw sockets (tests/helpers/raw-upload.ts), never held
 * in the bench's memory —
 * - anonymous video, with Content-Length and chunked: 401 before the body;
 * - the org's owner, an image over the 20 MB image cap, with Content-Length
 *   (413 before the body) and chunked (413 at the cap: up to 20 MB each is
 *   read first, the most the server holds for one refused upload).
 * Each is reported as the rise of the server's resident memory (its peak
 * during the uploads over its level before them), and the bytes the server
 * process read from anywhere (/proc/<pid>/io rchar) per upload, which also
 * counts what it drops while lingering after the answer (unread-body.ts).
 *
 * Baseline: the same eight at once, tiny (1 kB anonymous; a 1-pixel PNG
 * stored by the owner), in the same server.
 * `MEDIA_MB=10 npx tsx tests/bench/media-bodies.ts` runs it alone.
 */
import { createHash, randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { v7 as uuidv7 } from 'uuid'
import { freshPgliteDir } from '../helpers/databases'
import { onePixelPng, pngHeader } from '../helpers/png'
import { rawUpload, type RawUpload } from '../helpers/raw-upload'
import { uniqueEmail } from '../helpers/sync-server'
import { printTable, type Row } from './measure'
import { mb, startServerProcess, type ServerProcess } from './server-process'

const MB = 1_000_000
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read by their documented shape
type Json = any
const AT_ONCE = 8

interface Phase {
  /** Peak RSS during the uploads over RSS just before them. */
  rise: number
  /** Bytes the server process read per upload. */
  readEach: number
  statuses: number[]
}

const pause = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait))

/** Eight uploads at once; `make(i)` gives the i-th. */
async function phase(server: ServerProcess, make: (i: number) => Omit<RawUpload, 'port'>): Promise<Phase> {
  // Let what came before settle, so the rise is this phase's.
  await server.quiet()
  const before = server.rss()
  const read = server.bytesRead()
  const watch = server.watchPeak()
  const answers = await Promise.all(
    Array.from({ length: AT_ONCE }, (_, i) =>
      // A connection that ends with no answer is reported as status 0, a problem, not a crash of the bench.
      rawUpload({ port: server.port, ...make(i) }).catch(() => ({ status: 0 })),
    ),
  )
  // The server lingers up to 2 s after a refusal (unread-body.ts), reading and dropping.
  await pause(2_500)
  const peak = watch.stop()
  return {
    rise: Math.max(0, peak - before),
    readEach: (server.bytesRead() - read) / AT_ONCE,
    statuses: answers.map((a) => a.status),
  }
}

async function json(server: ServerProcess, path: string, token: string | null, body: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return response.json()
}

export async function mediaBodiesBench(sizeMb = Number(process.env.MEDIA_MB || 95)): Promise<{
  rows: Row[]
  problems: string[]
}> {
  const dataDir = await freshPgliteDir()
  const server = await startServerProcess('sync-server/main.ts', {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SERVER_PUBLISHING: 'false',
  })
  const problems: string[] = []
  try {
    const owner: Json = await json(server, '/v1/auth/signup', null, {
      name: 'Olga',
      email: uniqueEmail('olga'),
      password: 'correct horse battery',
    })
    const orgId = uuidv7()
    await json(server, '/v1/orgs', owner.token, { id: orgId, name: 'Media', timezone: 'UTC' })
    const path = (ext: string) => `/v1/orgs/${orgId}/media/${randomBytes(32).toString('hex')}.${ext}`
    const length = sizeMb * MB
    const video = (framing: RawUpload['framing']) => () => ({
      path: path('mp4'),
      headers: { 'Content-Type': 'video/mp4' },
      length,
      framing,
    })
    const image = (framing: RawUpload['framing']) => () => ({
      path: path('png'),
      headers: { 'Content-Type': 'image/png', Authorization: `Bearer ${owner.token}` },
      leading: pngHeader(),
      length,
      framing,
    })
    const png = onePixelPng()
    const pngName = `${createHash('sha256').update(png).digest('hex')}.png`

    const tinyAnonymous = await phase(server, () => ({ ...video('declared')(), length: 1_000 }))
    const tinyOwner = await phase(server, () => ({
      path: `/v1/orgs/${orgId}/media/${pngName}`,
      headers: { 'Content-Type': 'image/png', Authorization: `Bearer ${owner.token}` },
      leading: png,
      length: png.length,
      framing: 'declared',
    }))
    const measured = [
      {
        what: `anonymous ${sizeMb} MB video, Content-Length`,
        expect: 401,
        ours: await phase(server, video('declared')),
        base: tinyAnonymous,
      },
      {
        what: `anonymous ${sizeMb} MB video, chunked`,
        expect: 401,
        ours: await phase(server, video('chunked')),
        base: tinyAnonymous,
      },
      {
        what: `owner's ${sizeMb} MB image, Content-Length`,
        expect: 413,
        ours: await phase(server, image('declared')),
        base: tinyOwner,
      },
      {
        what: `owner's ${sizeMb} MB image, chunked`,
        expect: 413,
        ours: await phase(server, image('chunked')),
        base: tinyOwner,
      },
    ]
    const tinyWhat = (base: Phase) => (base === tinyAnonymous ? '8 tiny anonymous' : "8 owner's 1-pixel PNGs")
    const rows: Row[] = measured.map(({ what, expect, ours, base }) => {
      if (ours.statuses.some((status) => status !== expect)) {
        problems.push(`${what}: answered ${ours.statuses.join(', ')} (0: no answer), not ${expect}`)
      }
      return {
        measure: `${what}, ${AT_ONCE} at once: server RSS rise, read each`,
        ours: `+${mb(ours.rise)}, ${mb(ours.readEach)} each (${ours.statuses[0]})`,
        baseline: `+${mb(base.rise)}, ${mb(base.readEach)} each (${tinyWhat(base)}, ${base.statuses[0]})`,
        // A baseline rise under a megabyte is noise; a megabyte keeps the ratio finite and honest.
        ratio: (ours.rise / Math.max(base.rise, MB)).toFixed(1),
      }
    })
    return { rows, problems }
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, problems } = await mediaBodiesBench()
  printTable(rows)
  if (problems.length > 0) {
    console.error(`\nMedia bodies bench failed: ${problems.join('; ')}`)
    process.exitCode = 1
  }
}
