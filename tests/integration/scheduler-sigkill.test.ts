/**
 * The crash test: a desktop whose loop is killed (SIGKILL) while a
 * post is on its way must not publish it twice when it starts again. The
 * loop runs in a child process; the "Mastodon instance" is a server in this
 * process that takes the status POST and never answers. After the kill, the
 * restarted loop finds the job still running, asks the platform (Mastodon
 * cannot look a status up by idempotency key), so the post needs attention
 * and the person is told, and the instance still has exactly one POST.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { newId } from '../../src-main/core/ids'
import { posts, scheduleJobs } from '../../src-main/db/schema/org'
import { makeTempDir, repoRoot, startTestCore } from '../helpers/core'
import { startFakeMastodon, type FakeMastodon } from '../helpers/fake-mastodon'
import { writeRows } from '../helpers/write-rows'

const children: ChildProcess[] = []
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

function startChild(dataDir: string): { child: ChildProcess; stderr: () => string; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join('tests', 'helpers', 'publishing-child.ts'), dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)))
  child.stdout!.resume()
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return { child, stderr: () => stderr, exited }
}

/** Waits for `check` to hold, polling; fails after `ms` with what was last seen. */
async function waitFor<T>(what: string, ms: number, check: () => T | undefined | false): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const value = check()
    if (value) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string, detail: () => string): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; child stderr: ${detail()}`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/** Sets up a data folder: a profile, an org, a Mastodon channel on `instance`, and a post due now. */
async function prepare(instance: FakeMastodon) {
  const dataDir = makeTempDir()
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const core = startTestCore(dataDir)
  try {
    await core.ok('createProfile', { name: 'Ana Ruiz', email: null })
    const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    const channel = await core.ok('connectChannel', {
      orgId: org.id,
      platform: 'mastodon',
      service: instance.url,
      accessToken: instance.token,
    })
    const post = await core.ok('createDraft', {
      orgId: org.id,
      caption: 'Only once, please',
      socialAccountId: channel.id,
    })
    // Due by the child's clock (the real one), well inside the publish-late window.
    const runAt = new Date().toISOString()
    const job = { id: newId(), orgId: org.id, postId: post.id, runAt, status: 'pending' as const }
    writeRows(
      core,
      org.id,
      [
        { table: posts, rowId: post.id, values: { status: 'scheduled', scheduledAt: runAt } },
        { table: scheduleJobs, rowId: job.id, values: job },
      ],
      'post.scheduled',
    )
    return { dataDir, orgId: org.id, postId: post.id, jobId: job.id }
  } finally {
    core.close()
  }
}

function readState(dataDir: string, orgId: string, postId: string, jobId: string) {
  const org = new Database(join(dataDir, 'orgs', `${orgId}.sqlite`), { readonly: true })
  const account = new Database(join(dataDir, 'account.sqlite'), { readonly: true })
  try {
    const post = org.prepare('SELECT status FROM posts WHERE id = ?').get(postId) as { status: string }
    const job = org.prepare('SELECT status, last_error FROM schedule_jobs WHERE id = ?').get(jobId) as {
      status: string
      last_error: string | null
    }
    const notes = account.prepare('SELECT kind, post_id FROM notifications').all() as {
      kind: string
      post_id: string
    }[]
    return { post: post.status, job: job.status, lastError: job.last_error, notes }
  } finally {
    org.close()
    account.close()
  }
}

describe('a loop killed mid-publish', () => {
  it('does not publish again after a restart: the post needs attention and the person is told', async () => {
    const instance = await startFakeMastodon()
    cleanups.push(() => instance.close())
    instance.mode = 'hang'
    const ids = await prepare(instance)

    const first = startChild(ids.dataDir)
    await withTimeout(instance.nextStatus(), 30_000, 'the status POST', first.stderr)
    // The instance has the post; the desktop is killed before it hears back.
    first.child.kill('SIGKILL')
    await withTimeout(first.exited, 10_000, 'the first child to die', first.stderr)
    expect(instance.statusPosts).toHaveLength(1)
    expect(readState(ids.dataDir, ids.orgId, ids.postId, ids.jobId)).toMatchObject({
      post: 'publishing',
      job: 'running',
    })

    instance.mode = 'answer'
    const second = startChild(ids.dataDir)
    const state = await waitFor('the restarted loop to settle the post', 30_000, () => {
      if (second.child.exitCode !== null) throw new Error(`the second child exited: ${second.stderr()}`)
      const now = readState(ids.dataDir, ids.orgId, ids.postId, ids.jobId)
      return now.post !== 'publishing' && now.notes.length > 0 && now
    })
    expect(state.post).toBe('needs_attention')
    expect(state.job).toBe('failed')
    expect(state.lastError).toMatch(/whether the post went out is unknown/)
    expect(state.notes).toEqual([{ kind: 'post.needs_attention', post_id: ids.postId }])
    // Never a blind retry: the instance still saw exactly one status POST.
    expect(instance.statusPosts).toHaveLength(1)
    expect(instance.statusPosts[0]!.idempotencyKey).toBe(ids.jobId)
    second.child.kill('SIGTERM')
    await withTimeout(second.exited, 10_000, 'the second child to stop', second.stderr)
  }, 90_000)
})
