/**
 * The inbox's reads: one page of an organization's comments, newest first, through every filter the inbox offers
 * and the full-text search (migrations/desktop/org/0004_comment_search.sql: text and author, diacritics folded),
 * with the matches marked. A page ends with a cursor (the last row's time and id), so scrolling on never repeats
 * or skips a comment when new ones arrive. Insight filters read a person's correction before the computed value.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { CommentAuthor, JsonObject } from '../../src-shared/entities/json-shapes'
import type { CommentStatus } from '../../src-shared/entities/enums'
import {
  inboxQuerySchema,
  searchExpression,
  type InboxQuery,
  type TextPiece,
} from '../../src-shared/engage/inbox-query'
import type { OrgDb } from '../db/open'

export interface InboxComment {
  id: string
  socialAccountId: string
  platform: string
  postId: string | null
  postLink: string | null
  author: CommentAuthor
  text: string
  /** The text in pieces, the search's matches marked; one unmarked piece without a search. */
  pieces: TextPiece[]
  timestamp: string
  status: CommentStatus
  snoozedUntil: string | null
  assignedTo: string | null
  tags: string[]
  aiInsights: JsonObject
  /** What the platform's fetcher kept: kind, inReplyToId, rootId, url (any may be missing). */
  platformMeta: JsonObject
}

export interface InboxPage {
  comments: InboxComment[]
  nextCursor: string | null
}

// Two private-use characters mark the matches; a comment that holds them itself loses only their marking.
const OPEN = '\uE000'
const CLOSE = '\uE001'

function encodeCursor(timestamp: string, id: string): string {
  return Buffer.from(`${timestamp}|${id}`, 'utf8').toString('base64url')
}

function decodeCursor(cursor: string): { timestamp: string; id: string } | null {
  const [timestamp, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  if (!timestamp || !id || rest.length > 0 || Number.isNaN(Date.parse(timestamp))) return null
  return { timestamp, id }
}

function piecesOf(marked: string): TextPiece[] {
  const pieces: TextPiece[] = []
  for (const part of marked.split(OPEN)) {
    const [inside, after] = part.includes(CLOSE) ? part.split(CLOSE, 2) : [null, part]
    if (inside) pieces.push({ text: inside, match: true })
    if (after) pieces.push({ text: after, match: false })
  }
  return pieces
}

/** An insight as a person corrected it, else as computed. */
const insight = (corrected: string, computed: string) =>
  sql`coalesce(json_extract(c.ai_insights, ${`$.corrections.${corrected}`}), json_extract(c.ai_insights, ${`$.${computed}`}))`

function conditions(orgId: string, query: InboxQuery): SQL[] {
  const where: SQL[] = [sql`c.org_id = ${orgId}`, sql`c.deleted_at IS NULL`]
  const inList = (values: readonly string[]) =>
    sql.join(
      values.map((value) => sql`${value}`),
      sql`, `,
    )
  if (query.status?.length) where.push(sql`c.status IN (${inList(query.status)})`)
  if (query.channelIds?.length) where.push(sql`c.social_account_id IN (${inList(query.channelIds)})`)
  if (query.assignedTo === 'nobody') where.push(sql`c.assigned_to IS NULL`)
  else if (query.assignedTo) where.push(sql`c.assigned_to = ${query.assignedTo}`)
  if (query.tag) where.push(sql`EXISTS (SELECT 1 FROM json_each(c.tags) WHERE json_each.value = ${query.tag})`)
  if (query.sentiment?.length)
    where.push(sql`${insight('sentiment', 'sentiment.label')} IN (${inList(query.sentiment)})`)
  if (query.question !== undefined) where.push(sql`${insight('question', 'question')} = ${query.question ? 1 : 0}`)
  if (query.urgent !== undefined) {
    const urgent = sql`(${insight('urgency', 'urgency.level')} = 'high')`
    where.push(query.urgent ? urgent : sql`NOT ${urgent}`)
  }
  if (query.language) where.push(sql`json_extract(c.ai_insights, '$.language') = ${query.language}`)
  const after = query.cursor ? decodeCursor(query.cursor) : null
  if (after) {
    where.push(sql`(c.timestamp < ${after.timestamp} OR (c.timestamp = ${after.timestamp} AND c.id < ${after.id}))`)
  }
  return where
}

interface Row {
  id: string
  social_account_id: string
  platform: string
  post_id: string | null
  post_link: string | null
  author: string
  text: string
  marked: string | null
  timestamp: string
  status: CommentStatus
  snoozed_until: string | null
  assigned_to: string | null
  tags: string
  ai_insights: string
  platform_meta: string
}

const COLUMNS = sql`c.id, c.social_account_id, c.platform, c.post_id, c.post_link, c.author, c.text, c.timestamp,
  c.status, c.snoozed_until, c.assigned_to, c.tags, c.ai_insights, c.platform_meta`

/**
 * A search's page in two steps: the matching comments' places in time order first, then each of the page's rows
 * with its matches marked. highlight() over every match before the sort (what one query does) costs three
 * times as long with thousands of matches (tests/bench/inbox.ts).
 */
function searchRows(db: OrgDb, where: SQL[], match: string, limit: number): Row[] {
  const rows = db.all<Row & { rid: number }>(sql`
    SELECT c.rowid AS rid, ${COLUMNS}, NULL AS marked FROM comments_search s JOIN comments c ON c.rowid = s.rowid
    WHERE comments_search MATCH ${match} AND ${sql.join(where, sql` AND `)}
    ORDER BY c.timestamp DESC, c.id DESC
    LIMIT ${limit}`)
  // The index alone, by rowid: a join here would make SQLite walk every match again for each row.
  const mark = db.$client.prepare<[string, string, string, number], { marked: string }>(
    `SELECT highlight(comments_search, 0, ?, ?) AS marked FROM comments_search WHERE comments_search MATCH ? AND rowid = ?`,
  )
  return rows.map(({ rid, ...row }) => ({ ...row, marked: mark.get(OPEN, CLOSE, match, rid)?.marked ?? null }))
}

function toInboxComment(row: Row): InboxComment {
  return {
    id: row.id,
    socialAccountId: row.social_account_id,
    platform: row.platform,
    postId: row.post_id,
    postLink: row.post_link,
    author: JSON.parse(row.author) as CommentAuthor,
    text: row.text,
    pieces: row.marked !== null ? piecesOf(row.marked) : [{ text: row.text, match: false }],
    timestamp: row.timestamp,
    status: row.status,
    snoozedUntil: row.snoozed_until,
    assignedTo: row.assigned_to,
    tags: JSON.parse(row.tags) as string[],
    aiInsights: JSON.parse(row.ai_insights) as JsonObject,
    platformMeta: JSON.parse(row.platform_meta) as JsonObject,
  }
}

/** Comments by id (any status, not deleted), unmarked, in the order of `ids` where found. */
export function readInboxComments(db: OrgDb, orgId: string, ids: readonly string[]): InboxComment[] {
  if (ids.length === 0) return []
  const rows = db.all<Row>(sql`
    SELECT ${COLUMNS}, NULL AS marked FROM comments c
    WHERE c.org_id = ${orgId} AND c.deleted_at IS NULL AND c.id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`)
  const byId = new Map(rows.map((row) => [row.id, toInboxComment(row)]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/** One page of the inbox. `input` is checked here too: a cursor or filter that makes no sense is simply absent. */
export function queryInbox(db: OrgDb, orgId: string, input: Partial<InboxQuery>): InboxPage {
  const query = inboxQuerySchema.parse(input)
  const where = conditions(orgId, query)
  const match = query.search ? searchExpression(query.search) : null
  const rows = match
    ? searchRows(db, where, match, query.limit + 1)
    : db.all<Row>(sql`
        SELECT ${COLUMNS}, NULL AS marked FROM comments c
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY c.timestamp DESC, c.id DESC
        LIMIT ${query.limit + 1}`)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    comments: page.map(toInboxComment),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.timestamp, last.id) : null,
  }
}
