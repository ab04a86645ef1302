/**
 * Bulk upload through the real dispatch on real SQLite: a CSV with one bad row writes nothing (no posts, no
 * jobs, no outbox entry, no audit row) and names each bad row; a good one schedules every row in one
 * transaction and one synced mutation, queue rows taking the channel's slots in order; a contributor's rows
 * wait for approval. Media by address come from a real HTTP server on loopback; media by file name are the
 * files picked with the CSV, kept by importMedia.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Organization } from '../../src-shared/entities/models'
import { addChannel, dailySchedule, setNow } from '../helpers/channel-rows'
import { startOnboardedCore, type TestCore } from '../helpers/core'
import { onePixelPng } from '../helpers/png'

let core: TestCore
let org: Organization
let files: Server
let base: string
afterEach(() => core?.dispose())

beforeAll(async () => {
  files = createServer((req, res) => {
    if (req.url === '/latte.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(onePixelPng())
    } else if (req.url === '/notes.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('not an image')
    } else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => files.close(() => resolve())))

const db = () => core.ctx.dbs.org(org.id).$client
const rows = (table: string) => db().prepare(`SELECT * FROM ${table}`).all()
const written = () => ({
  posts: rows('posts'),
  jobs: rows('schedule_jobs'),
  outbox: rows('outbox'),
  audit: rows('audit_logs'),
})

async function start() {
  ;({ core, org } = await startOnboardedCore())
  setNow(core, '2026-03-02T06:00:00Z')
  const paris = addChannel(core, org.id, {
    username: 'acme',
    schedule: dailySchedule('Europe/Paris', ['09:00', '15:00']),
  })
  return { paris }
}

const picked = async (fileName: string) =>
  core.ok('importMedia', {
    orgId: org.id,
    fileName,
    mimeType: 'image/png',
    data: onePixelPng().toString('base64'),
    altText: 'A latte',
  })

describe('bulk upload', () => {
  it('writes nothing while any row is bad, and names each bad row', async () => {
    await start()
    const csv = [
      'text,channel,time,media,tags',
      'Fine,acme,queue,,',
      'Missing,acme,queue,gone.png,',
      `Broken link,acme,queue,${base}/missing.png,`,
      `Not an image,acme,queue,${base}/notes.txt,`,
      'Plain web,acme,queue,http://example.com/a.png,',
      'Who,Acme Tea,2026-03-03 10:00,,',
    ].join('\n')
    const checked = await core.ok('checkBulkPosts', { orgId: org.id, csv })
    expect(checked.rows.map((r) => r.problems.length)).toEqual([0, 1, 1, 1, 1, 1])
    const before = written()
    const refused = await core.fails('scheduleBulkPosts', { orgId: org.id, csv })
    expect(refused.code).toBe('invalid_input')
    expect(refused.message).toBe(
      'Nothing was scheduled: 5 rows need fixing. ' +
        'Row 3: No file called “gone.png” was picked with the CSV; add it with the media files, or fix the name. ' +
        `Row 4: ${base}/missing.png answered 404 instead of a file; check the address. ` +
        `Row 5: ${base}/notes.txt is not an image or video this app can post (it takes PNG, JPG, WEBP, GIF, MP4, WEBM). ` +
        'Row 6: http://example.com/a.png is not an https:// address; put the file online over https, or pick it with the CSV. ' +
        'Row 7: There is no channel “Acme Tea”; use one of acme.',
    )
    expect(written()).toEqual(before)
  })

  it('schedules every row in one transaction and one synced mutation, media by address and by file name', async () => {
    const { paris } = await start()
    const latte = await picked('latte.png')
    const csv = [
      'text,channel,time,media,tags',
      'First in the queue,acme,queue,latte.png,"menu, spring"',
      `Second in the queue,acme,queue,${base}/latte.png,`,
      // 10:00 in Paris (UTC+1) on March 3rd.
      'At a time,acme,2026-03-03 10:00,,events',
    ].join('\n')
    const outbox = rows('outbox').length
    const { posts } = await core.ok('scheduleBulkPosts', { orgId: org.id, csv, files: [latte] })
    expect(posts.map((p) => [p.caption, p.status, p.scheduledAt, p.socialAccountId, p.tags])).toEqual([
      ['First in the queue', 'scheduled', '2026-03-02T08:00:00.000Z', paris, ['menu', 'spring']],
      ['Second in the queue', 'scheduled', '2026-03-02T14:00:00.000Z', paris, []],
      ['At a time', 'scheduled', '2026-03-03T09:00:00.000Z', paris, ['events']],
    ])
    expect(posts[0]!.mediaUrls).toEqual([latte])
    expect(posts[1]!.mediaUrls).toEqual([expect.objectContaining({ url: latte.url, fileName: 'latte.png' })])
    expect(rows('outbox').length - outbox).toBe(1)
    const jobs = db().prepare("SELECT post_id FROM schedule_jobs WHERE status = 'pending'").all()
    expect(jobs).toHaveLength(3)
    const audit = db().prepare("SELECT action, meta FROM audit_logs WHERE entity_type = 'bulk_upload'").all() as {
      action: string
      meta: string
    }[]
    expect(audit.map((a) => a.action)).toEqual(['post_bulk.scheduled'])
    expect(JSON.parse(audit[0]!.meta)).toMatchObject({ rows: 3, postIds: posts.map((p) => p.id) })
  })

  it('sends a contributor’s rows for approval, keeping a chosen time', async () => {
    await start()
    db().prepare('UPDATE memberships SET role = ?').run('contributor')
    const csv = 'text,channel,time\nQueued,acme,queue\nTimed,acme,2026-03-03 10:00\n'
    const { posts } = await core.ok('scheduleBulkPosts', { orgId: org.id, csv })
    expect(posts.map((p) => [p.caption, p.status, p.scheduledAt])).toEqual([
      ['Queued', 'needs_approval', null],
      ['Timed', 'needs_approval', '2026-03-03T09:00:00.000Z'],
    ])
    expect(db().prepare('SELECT * FROM schedule_jobs').all()).toEqual([])
    const audit = db().prepare("SELECT action FROM audit_logs WHERE entity_type = 'bulk_upload'").all()
    expect(audit).toEqual([{ action: 'post_bulk.approval_requested' }])
  })

  it('refuses a viewer, and a file without the columns it needs, writing nothing', async () => {
    await start()
    const bad = await core.fails('scheduleBulkPosts', { orgId: org.id, csv: 'words\nHello\n' })
    expect(bad.message).toMatch(/^Nothing was scheduled\. The header row has no text, channel, time columns/)
    db().prepare('UPDATE memberships SET role = ?').run('viewer')
    const before = written()
    expect(
      (await core.fails('checkBulkPosts', { orgId: org.id, csv: 'text,channel,time\nHi,acme,queue\n' })).code,
    ).toBe('forbidden')
    expect(written()).toEqual(before)
  })
})
