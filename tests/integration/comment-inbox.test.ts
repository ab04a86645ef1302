/**
 * The inbox's query (issue 11, deliver 2's reads) on a real org SQLite file migrated as the app migrates it:
 * filters, the full-text search kept by triggers (text and author, diacritics folded, typed syntax harmless),
 * marked matches, corrections winning over computed insights, and cursors that neither repeat nor skip.
 */
import { eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { comments } from '../../src-main/db/schema/org'
import { queryInbox } from '../../src-main/services/comment-inbox'
import { commentInsights } from '../../src-shared/engage/insights'
import { addChannel } from '../helpers/channel-rows'
import { startOnboardedCore, type TestCore } from '../helpers/core'

let core: TestCore
let orgId: string
let bluesky: string
let sandbox: string

type CommentRow = typeof comments.$inferInsert

function addComment(values: Partial<CommentRow> & { text: string; timestamp: string }): string {
  const id = uuidv7()
  core.ctx.dbs
    .org(orgId)
    .insert(comments)
    .values({
      id,
      orgId,
      socialAccountId: values.socialAccountId ?? sandbox,
      platform: 'sandbox',
      platformCommentId: id,
      author: { name: 'Ana Ruiz', handle: 'ana.example' },
      aiInsights: { ...commentInsights(values.text) },
      ...values,
    })
    .run()
  return id
}

const page = (query: Parameters<typeof queryInbox>[2]) => queryInbox(core.ctx.dbs.org(orgId), orgId, query)
const texts = (query: Parameters<typeof queryInbox>[2]) => page(query).comments.map((c) => c.text)

beforeEach(async () => {
  const started = await startOnboardedCore()
  core = started.core
  orgId = started.org.id
  sandbox = addChannel(core, orgId)
  bluesky = addChannel(core, orgId, { platform: 'bluesky', username: 'acme.bsky.social' })
})
afterEach(() => core.dispose())

describe('the inbox query', () => {
  it('pages newest first with cursors that survive new arrivals', () => {
    for (let i = 0; i < 7; i++) addComment({ text: `Comment ${i}`, timestamp: `2026-12-01T10:0${i}:00.000Z` })
    const first = page({ limit: 3 })
    expect(first.comments.map((c) => c.text)).toEqual(['Comment 6', 'Comment 5', 'Comment 4'])
    addComment({ text: 'Newer, arrived while reading', timestamp: '2026-12-01T11:00:00.000Z' })
    const second = page({ limit: 3, cursor: first.nextCursor! })
    expect(second.comments.map((c) => c.text)).toEqual(['Comment 3', 'Comment 2', 'Comment 1'])
    const third = page({ limit: 3, cursor: second.nextCursor! })
    expect(third.comments.map((c) => c.text)).toEqual(['Comment 0'])
    expect(third.nextCursor).toBeNull()
  })

  it('filters by status, channel, assignee, tag, insights and language', () => {
    addComment({ text: 'Is this vegan?', timestamp: '2026-12-01T10:00:00.000Z', tags: ['menu'] })
    addComment({
      text: 'My order arrived broken and I want a refund now',
      timestamp: '2026-12-01T10:01:00.000Z',
      socialAccountId: bluesky,
      assignedTo: 'user-1',
    })
    addComment({ text: 'Love the new flat white!', timestamp: '2026-12-01T10:02:00.000Z', status: 'done' })
    addComment({ text: '¿Abren el domingo por la mañana?', timestamp: '2026-12-01T10:03:00.000Z' })
    expect(texts({ status: ['open'] })).toHaveLength(3)
    expect(texts({ channelIds: [bluesky] })).toEqual(['My order arrived broken and I want a refund now'])
    expect(texts({ assignedTo: 'user-1' })).toHaveLength(1)
    expect(texts({ assignedTo: 'nobody' })).toHaveLength(3)
    expect(texts({ tag: 'menu' })).toEqual(['Is this vegan?'])
    expect(texts({ sentiment: ['positive'] })).toEqual(['Love the new flat white!'])
    expect(texts({ question: true })).toEqual(['¿Abren el domingo por la mañana?', 'Is this vegan?'])
    expect(texts({ urgent: true })).toEqual(['My order arrived broken and I want a refund now'])
    expect(texts({ language: 'es' })).toEqual(['¿Abren el domingo por la mañana?'])
    // Deleted comments are gone from every view.
    const gone = addComment({ text: 'Spam, deleted', timestamp: '2026-12-01T10:04:00.000Z' })
    core.ctx.dbs
      .org(orgId)
      .update(comments)
      .set({ deletedAt: '2026-12-01T10:05:00.000Z' })
      .where(eq(comments.id, gone))
      .run()
    expect(texts({})).not.toContain('Spam, deleted')
  })

  it('reads a person’s correction before the computed insight', () => {
    const id = addComment({ text: 'Well that was something', timestamp: '2026-12-01T10:00:00.000Z' })
    expect(texts({ sentiment: ['negative'] })).toEqual([])
    const stored = commentInsights('Well that was something')
    core.ctx.dbs
      .org(orgId)
      .update(comments)
      .set({ aiInsights: { ...stored, corrections: { sentiment: 'negative' } } })
      .where(eq(comments.id, id))
      .run()
    expect(texts({ sentiment: ['negative'] })).toEqual(['Well that was something'])
  })

  it('searches text and author as words, folds accents, marks the matches, and takes any typing', () => {
    addComment({ text: 'The café au lait was perfect', timestamp: '2026-12-01T10:00:00.000Z' })
    addComment({
      text: 'Refund please',
      timestamp: '2026-12-01T10:01:00.000Z',
      author: { name: 'Bruno Díaz', handle: 'bruno.example' },
    })
    expect(texts({ search: 'cafe' })).toEqual(['The café au lait was perfect'])
    expect(page({ search: 'cafe' }).comments[0]!.pieces).toEqual([
      { text: 'The ', match: false },
      { text: 'café', match: true },
      { text: ' au lait was perfect', match: false },
    ])
    // The last word is a prefix, as you type; the author's name counts.
    expect(texts({ search: 'perf' })).toEqual(['The café au lait was perfect'])
    expect(texts({ search: 'diaz' })).toEqual(['Refund please'])
    expect(texts({ search: 'bruno refund' })).toEqual(['Refund please'])
    for (const typed of ['"', 'café"', 'NEAR(', '-', 'a OR', '*', '   '])
      expect(() => page({ search: typed })).not.toThrow()
    // An edit reaches the index (the update trigger).
    core.ctx.dbs.org(orgId).update(comments).set({ text: 'Refund now' }).where(eq(comments.platform, 'sandbox')).run()
    expect(texts({ search: 'perfect' })).toEqual([])
  })
})
