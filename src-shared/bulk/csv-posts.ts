/**
 * Bulk upload: a CSV of posts (text, channel, time or "queue", media, tags) read and checked row by row before
 * anything is written. Pure: the main process resolves media (downloads an address, finds a picked file by
 * name) and hands the answers in, then schedules every row in one transaction only when no row has a problem.
 * Each problem is a sentence naming the row (its line in the file, the header being line 1) and what to fix.
 */
import Papa from 'papaparse'
import type { When } from '../api/schedule'
import type { Platform } from '../entities/enums'
import type { MediaItem } from '../entities/json-shapes'
import { validatePost, type PostMedia } from '../platforms/adapter'
import { platformLimits } from '../platforms'
import { pickedTime } from '../scheduling/picked-time'
import { BULK_COLUMNS } from './template'

export { BULK_COLUMNS, BULK_TEMPLATE } from './template'

/** At most this many posts in one file. */
export const MAX_BULK_ROWS = 500
/** Tags: the same limits the composer's tags follow (api/fields.ts). */
export const MAX_TAGS = 20
export const MAX_TAG_LENGTH = 40
const MAX_TEXT = 10_000
const MAX_MEDIA = 10

/** Other spellings people use for the template's columns. */
type Column = (typeof BULK_COLUMNS)[number]
const ALIASES: Record<string, Column> = {
  text: 'text',
  caption: 'text',
  post: 'text',
  channel: 'channel',
  'channel id': 'channel',
  account: 'channel',
  time: 'time',
  when: 'time',
  'scheduled at': 'time',
  date: 'time',
  media: 'media',
  'media urls': 'media',
  images: 'media',
  image: 'media',
  tags: 'tags',
  tag: 'tags',
}

/** One row as written in the file. */
export interface BulkRow {
  /** Its line in the file (the header is line 1). */
  row: number
  text: string
  channel: string
  time: string
  /** Each media reference: an https address or the name of a file picked with the CSV. */
  media: string[]
  tags: string
}

export interface ParsedCsv {
  rows: BulkRow[]
  /** What is wrong with the file as a whole (no header, no rows, too many), or null. */
  problem: string | null
}

const normalHeader = (name: string) =>
  name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')

/** Media references are separated by "|" (or new lines) within their cell. */
const splitMedia = (cell: string) =>
  cell
    .split(/[|\n]/)
    .map((ref) => ref.trim())
    .filter(Boolean)

const lineCount = (cells: string[]) => 1 + cells.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0)

export function parsePostsCsv(csv: string): ParsedCsv {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''))
  // Papa tells no record's line, so lines are counted from the records themselves (a quoted cell may span
  // several); blank lines count as lines but are no posts.
  let line = 0
  const records = parsed.data.flatMap((cells) => {
    const at = line + 1
    line += lineCount(cells)
    return cells.every((cell) => cell.trim() === '') ? [] : [{ at, cells }]
  })
  const [header, ...body] = records
  if (!header) {
    return { rows: [], problem: 'The file is empty; start from the template, which has a header row and examples.' }
  }
  const columns = header.cells.map((name) => ALIASES[normalHeader(name)])
  const missing = (['text', 'channel', 'time'] as const).filter((c) => !columns.includes(c))
  if (missing.length) {
    const unknown = header.cells.filter((_, i) => !columns[i]).map((name) => `"${name.trim()}"`)
    return {
      rows: [],
      problem:
        `The header row has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}` +
        (unknown.length ? ` (it has ${unknown.join(', ')}, which this app does not read)` : '') +
        `; the first line must name the columns: ${BULK_COLUMNS.join(', ')}.`,
    }
  }
  if (body.length === 0) return { rows: [], problem: 'The file has a header but no posts; add a row per post.' }
  if (body.length > MAX_BULK_ROWS) {
    return {
      rows: [],
      problem: `The file has ${body.length} posts; upload at most ${MAX_BULK_ROWS} at a time by splitting it.`,
    }
  }
  const rows = body.map(({ at, cells }): BulkRow => {
    const cell = (column: Column) => {
      const index = columns.indexOf(column)
      return index < 0 ? '' : (cells[index] ?? '')
    }
    return {
      row: at,
      text: cell('text').trim(),
      channel: cell('channel').trim(),
      time: cell('time').trim(),
      media: splitMedia(cell('media')),
      tags: cell('tags'),
    }
  })
  return { rows, problem: null }
}

/** A channel as the check sees it. */
export interface BulkChannel {
  id: string
  platform: Platform
  username: string
  displayName: string
  /** The zone its times are written in (its posting schedule's). */
  timezone: string
}

/** What a media reference turned out to be: the kept file, or why it cannot be used (a sentence, no row). */
export type MediaAnswer = { item: MediaItem } | { problem: string }

export interface CheckInput {
  channels: readonly BulkChannel[]
  now: Date
  /** The answer for each reference the rows name (mediaRefs), by the reference as written. */
  media: ReadonlyMap<string, MediaAnswer>
  lang?: string
}

/** A row once checked: what it would schedule, and each problem in a sentence. */
export interface CheckedRow {
  row: number
  text: string
  channelId: string | null
  /** The channel as the person knows it, for the table. */
  channelName: string
  when: When | null
  media: MediaItem[]
  tags: string[]
  problems: string[]
}

export const isMediaAddress = (ref: string) => /^https?:\/\//i.test(ref)

/** Every media reference the rows name, each once: addresses for the main process to fetch, file names to find. */
export function mediaRefs(rows: readonly BulkRow[]): { addresses: string[]; fileNames: string[] } {
  const all = [...new Set(rows.flatMap((r) => r.media))]
  return { addresses: all.filter(isMediaAddress), fileNames: all.filter((ref) => !isMediaAddress(ref)) }
}

const WALL_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::\d{2})?$/
const zoneWords = (zone: string) => zone.replace(/_/g, ' ')

function findChannel(name: string, channels: readonly BulkChannel[]): BulkChannel | BulkChannel[] | undefined {
  const byId = channels.find((c) => c.id === name)
  if (byId) return byId
  const wanted = name.replace(/^@/, '').toLowerCase()
  const found = channels.filter(
    (c) => c.displayName.toLowerCase() === wanted || c.username.replace(/^@/, '').toLowerCase() === wanted,
  )
  return found.length === 1 ? found[0] : found.length > 1 ? found : undefined
}

function checkTime(
  time: string,
  channel: BulkChannel | null,
  input: CheckInput,
): { when: When | null; problem?: string } {
  if (time.toLowerCase() === 'queue') return { when: { kind: 'queue' } }
  const example = 'a time such as 2026-05-02 08:30'
  if (time === '') return { when: null, problem: `The time is empty; write ${example}, or the word queue.` }
  const match = WALL_TIME.exec(time)
  if (!match)
    return { when: null, problem: `“${time}” is not a time this app reads; write ${example}, or the word queue.` }
  if (!channel) return { when: null }
  const wall = `${match[1]} ${match[2]!.padStart(2, '0')}:${match[3]}`
  const picked = pickedTime(wall, channel.timezone, input.lang)
  if (picked.problem !== null) return { when: null, problem: picked.problem }
  if (new Date(picked.at).getTime() <= input.now.getTime()) {
    return {
      when: null,
      problem: `${time} in ${zoneWords(channel.timezone)} has already passed; pick a later time, or write queue.`,
    }
  }
  return { when: { kind: 'at', at: picked.at } }
}

function checkTags(cell: string): { tags: string[]; problem?: string } {
  const tags = [
    ...new Set(
      cell
        .split(',')
        .map((t) => t.trim().replace(/^#/, ''))
        .filter(Boolean),
    ),
  ]
  const long = tags.find((t) => t.length > MAX_TAG_LENGTH)
  if (long) {
    return {
      tags,
      problem: `The tag “${long.slice(0, 50)}${long.length > 50 ? '…' : ''}” is ${long.length} characters long; tags can be at most ${MAX_TAG_LENGTH}.`,
    }
  }
  if (tags.length > MAX_TAGS) {
    return { tags, problem: `It has ${tags.length} tags; a post can have at most ${MAX_TAGS}.` }
  }
  return { tags }
}

const DEFAULT_MIME = { image: 'image/jpeg', gif: 'image/gif', video: 'video/mp4' } as const

/** Checks every row against the channels, the clock and the media answers; a row with no problems can be scheduled. */
export function checkPostRows(rows: readonly BulkRow[], input: CheckInput): CheckedRow[] {
  return rows.map((row) => {
    const problems: string[] = []
    let channel: BulkChannel | null = null
    if (row.channel === '') {
      problems.push('The channel is empty; write the channel’s name as Publish shows it, or its id.')
    } else {
      const found = findChannel(row.channel, input.channels)
      if (!found) {
        const names = input.channels.map((c) => c.displayName).join(', ')
        problems.push(
          `There is no channel “${row.channel}”; use one of ${names || 'your channels (connect one first)'}.`,
        )
      } else if (Array.isArray(found)) {
        problems.push(`Several channels are called “${row.channel}”; write the channel’s id instead.`)
      } else channel = found
    }

    const time = checkTime(row.time, channel, input)
    if (time.problem) problems.push(time.problem)

    const media: MediaItem[] = []
    for (const ref of row.media) {
      const answer = input.media.get(ref)
      if (!answer) {
        problems.push(
          isMediaAddress(ref)
            ? `${ref} was not fetched; check the address.`
            : `No file called “${ref}” was picked with the CSV; add it with the media files, or fix the name.`,
        )
      } else if ('problem' in answer) problems.push(answer.problem)
      else media.push(answer.item)
    }
    if (row.media.length > MAX_MEDIA)
      problems.push(`It names ${row.media.length} media files; a post takes at most ${MAX_MEDIA}.`)

    const tags = checkTags(row.tags)
    if (tags.problem) problems.push(tags.problem)

    if (row.text.length > MAX_TEXT) {
      problems.push(`The text is ${row.text.length.toLocaleString('en')} characters; shorten it to 10,000 or fewer.`)
    } else if (channel && problems.length === 0) {
      const postMedia: PostMedia[] = media.map((item) => ({
        mimeType: item.mimeType ?? DEFAULT_MIME[item.type],
        data: { byteLength: item.byteLength ?? 0 } as Uint8Array,
        fileName: item.fileName,
        altText: item.altText,
      }))
      for (const p of validatePost(platformLimits[channel.platform], { text: row.text, media: postMedia })) {
        problems.push(`${channel.displayName} cannot take it: ${p.message}`)
      }
    }
    return {
      row: row.row,
      text: row.text,
      channelId: channel?.id ?? null,
      channelName: channel?.displayName ?? row.channel,
      when: time.when,
      media,
      tags: tags.tags,
      problems: problems.map((p) => `Row ${row.row}: ${p}`),
    }
  })
}
