/**
 * The issue's fault test for the desktop: a core writing posts through its
 * services (draft, edit, schedule: each a transaction of rows, field clocks,
 * an outbox entry and an audit row) in a child process, killed with SIGKILL
 * at a random point of its loop. Reopened, the files pass SQLite's integrity
 * check and every transaction is there whole or not at all: the clocks are
 * exactly the outbox's, each outbox entry has its audit row and each row its
 * ops' values; and the core goes on working.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { isCollabValue } from '../../src-shared/sync/collab-text'
import type { SyncOp } from '../../src-shared/sync/ops'
import { addChannel } from '../helpers/channel-rows'
import { makeTempDir, repoRoot, startTestCore } from '../helpers/core'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function prepare() {
  const dataDir = makeTempDir()
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const core = startTestCore(dataDir)
  try {
    await core.ok('createProfile', { name: 'Ana Ruiz', email: null })
    const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    return { dataDir, orgId: org.id, channelId: addChannel(core, org.id) }
  } finally {
    core.close()
  }
}

/** Starts the writing loop; `rounds()` is the last round it reported done. */
function startWriter(dataDir: string, orgId: string, channelId: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join('tests', 'helpers', 'writing-child.ts'), dataDir, orgId, channelId],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let stderr = ''
  let rounds = 0
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)))
  createInterface({ input: child.stdout! }).on('line', (line) => (rounds = Number(line)))
  return { child, exited, rounds: () => rounds, stderr: () => stderr }
}

async function waitFor(what: string, ms: number, check: () => boolean, detail: () => string) {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; child stderr: ${detail()}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** What a service writes together, checked on the org's file as the kill left it. */
function checkOrgFile(path: string) {
  const db = new Database(path, { readonly: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
    const entries = (
      db.prepare('SELECT mutation_id, ops FROM outbox ORDER BY mutation_id').all() as {
        mutation_id: number
        ops: string
      }[]
    ).map((row) => ({ id: row.mutation_id, ops: JSON.parse(row.ops) as SyncOp[] }))
    // Never pushed: the outbox holds every mutation, numbered 1… up to the last id given out.
    const last = db.prepare(`SELECT value FROM sync_state WHERE key = 'last_mutation_id'`).get() as { value: string }
    expect(entries.map((entry) => entry.id)).toEqual(Array.from({ length: Number(last.value) }, (_, i) => i + 1))

    // Each entry carries exactly one audit row, and the audit table holds exactly those.
    const audited = entries.map((entry) => {
      const rows = new Set(entry.ops.filter((op) => op.table === 'audit_logs').map((op) => op.rowId))
      expect(rows.size, `outbox entry ${entry.id}`).toBe(1)
      return [...rows][0]!
    })
    const auditRows = (db.prepare('SELECT id FROM audit_logs').all() as { id: string }[]).map((row) => row.id)
    expect(auditRows.sort()).toEqual([...audited].sort())

    // The field clocks are exactly the newest clock the outbox gave each field.
    const newest = new Map<string, SyncOp>()
    for (const op of entries.flatMap((entry) => entry.ops)) {
      const key = `${op.table}|${op.rowId}|${op.field}`
      const seen = newest.get(key)
      if (!seen || seen.hlc < op.hlc) newest.set(key, op)
    }
    const clocks = db.prepare('SELECT table_name, row_id, field, hlc FROM field_clocks').all() as {
      table_name: string
      row_id: string
      field: string
      hlc: string
    }[]
    expect(new Map(clocks.map((c) => [`${c.table_name}|${c.row_id}|${c.field}`, c.hlc]))).toEqual(
      new Map([...newest].map(([key, op]) => [key, op.hlc])),
    )

    // Every row holds the value of its fields' newest ops (collaborative text is a Yjs update: its clock is enough).
    for (const op of newest.values()) {
      if (isCollabValue(op.value)) continue
      const row = db.prepare(`SELECT "${op.field}" AS value FROM "${op.table}" WHERE id = ?`).get(op.rowId) as
        { value: unknown } | undefined
      expect(row, `${op.table} ${op.rowId}`).toBeDefined()
      const stored = op.value !== null && typeof op.value === 'object' ? JSON.parse(String(row!.value)) : row!.value
      expect(stored, `${op.table} ${op.rowId} ${op.field}`).toEqual(op.value)
    }
    const posts = db.prepare('SELECT id, status, caption FROM posts').all() as {
      id: string
      status: string
      caption: string
    }[]
    // A scheduled post has its pending job: schedulePost writes both.
    for (const post of posts.filter((p) => p.status === 'scheduled')) {
      const jobs = db
        .prepare(
          `SELECT count(*) AS n FROM schedule_jobs WHERE post_id = ? AND status = 'pending' AND deleted_at IS NULL`,
        )
        .get(post.id) as { n: number }
      expect(jobs.n, post.id).toBe(1)
    }
    return posts
  } finally {
    db.close()
  }
}

describe('a desktop killed with SIGKILL mid-write', () => {
  it('reopens with every transaction whole or absent, and keeps working', async () => {
    const { dataDir, orgId, channelId } = await prepare()
    const writer = startWriter(dataDir, orgId, channelId)
    // A random point in the loop: after a few rounds, then a random moment inside the next ones.
    const after = 3 + Math.floor(Math.random() * 8)
    await waitFor(
      `round ${after}`,
      40_000,
      () => writer.rounds() >= after || writer.child.exitCode !== null,
      writer.stderr,
    )
    expect(writer.child.exitCode, writer.stderr()).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 100))
    writer.child.kill('SIGKILL')
    await writer.exited
    const reported = writer.rounds()
    expect(reported).toBeGreaterThanOrEqual(after)

    const account = new Database(join(dataDir, 'account.sqlite'), { readonly: true })
    expect(account.pragma('integrity_check', { simple: true })).toBe('ok')
    account.close()
    const posts = checkOrgFile(join(dataDir, 'orgs', `${orgId}.sqlite`))
    // Every round it reported is there; at most the one it was in when killed is there in part.
    const ofLoop = posts.filter((post) => post.caption.startsWith('Round '))
    expect(ofLoop.length - reported).toBeGreaterThanOrEqual(0)
    expect(ofLoop.length - reported).toBeLessThanOrEqual(1)
    for (let round = 1; round <= reported; round++) {
      expect(ofLoop, `round ${round}`).toContainEqual(
        expect.objectContaining({ caption: `Round ${round}, edited`, status: 'scheduled' }),
      )
    }

    // The core opens the files and goes on: the same posts, and new writes.
    const core = startTestCore(dataDir)
    cleanups.push(() => core.close())
    expect((await core.ok('listPosts', { orgId, limit: 1000 })).length).toBe(posts.length)
    const draft = await core.ok('createDraft', { orgId, caption: 'After the crash', socialAccountId: channelId })
    const scheduled = await core.ok('schedulePost', {
      orgId,
      postId: draft.id,
      when: { kind: 'at', at: '2031-01-01T09:00:00.000Z' },
    })
    expect(scheduled.status).toBe('scheduled')
    core.close()
    cleanups.pop()
    expect(checkOrgFile(join(dataDir, 'orgs', `${orgId}.sqlite`))).toHaveLength(posts.length + 1)
  }, 60_000)
})
