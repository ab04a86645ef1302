/**
 * The bulk upload's CSV check (src-shared/bulk/csv-posts.ts): the file is read by its header names, each row
 * is checked against the channels, the clock, the media answers, the tag rules and the channel's platform
 * limits, and each bad row gets a sentence that names its line and what to fix.
 */
import { describe, expect, it } from 'vitest'
import {
  BULK_TEMPLATE,
  checkPostRows,
  mediaRefs,
  parsePostsCsv,
  type BulkChannel,
  type MediaAnswer,
} from '../../src-shared/bulk/csv-posts'
import type { MediaItem } from '../../src-shared/entities/json-shapes'

const paris: BulkChannel = {
  id: 'ch-paris',
  platform: 'sandbox',
  username: 'acme',
  displayName: 'Acme Coffee',
  timezone: 'Europe/Paris',
}
const sky: BulkChannel = {
  id: 'ch-sky',
  platform: 'bluesky',
  username: 'acme.bsky.social',
  displayName: 'Acme on Bluesky',
  timezone: 'America/New_York',
}
const image = (name: string): MediaItem => ({
  url: `media:${'a'.repeat(64)}.png`,
  type: 'image',
  mimeType: 'image/png',
  byteLength: 1000,
  fileName: name,
  altText: 'A latte',
})
const NOW = new Date('2026-03-02T06:00:00Z')

function check(csv: string, media: Record<string, MediaAnswer> = {}) {
  const parsed = parsePostsCsv(csv)
  expect(parsed.problem).toBeNull()
  return checkPostRows(parsed.rows, { channels: [paris, sky], now: NOW, media: new Map(Object.entries(media)) })
}

describe('parsePostsCsv', () => {
  it('reads the template, a column per header name in any order and spelling', () => {
    const parsed = parsePostsCsv(BULK_TEMPLATE)
    expect(parsed.problem).toBeNull()
    expect(parsed.rows.map((r) => [r.row, r.channel, r.time, r.media])).toEqual([
      [2, 'Acme Coffee', 'queue', []],
      [3, 'Acme Coffee', '2026-05-02 08:30', ['https://example.com/doors.jpg']],
      [4, 'Acme Coffee', 'queue', ['latte.png', 'latte-2.png']],
    ])
    const reordered = parsePostsCsv('\uFEFFTags,When,Channel_ID,Caption\n"a, b",queue,ch-paris,Hello\n')
    expect(reordered.rows).toEqual([
      { row: 2, text: 'Hello', channel: 'ch-paris', time: 'queue', media: [], tags: 'a, b' },
    ])
  })

  it('counts rows by their line in the file, a quoted text over several lines included', () => {
    const parsed = parsePostsCsv('text,channel,time\n"Line one\nline two",Acme Coffee,queue\nNext,Acme Coffee,queue\n')
    expect(parsed.rows.map((r) => [r.row, r.text])).toEqual([
      [2, 'Line one\nline two'],
      [4, 'Next'],
    ])
  })

  it('says what is wrong with a file that has no header, no posts or too many', () => {
    expect(parsePostsCsv('').problem).toMatch(/^The file is empty; start from the template/)
    expect(parsePostsCsv('message,account\nHi,Acme\n').problem).toBe(
      'The header row has no text, time columns (it has "message", which this app does not read); ' +
        'the first line must name the columns: text, channel, time, media, tags.',
    )
    expect(parsePostsCsv('text,channel,time\n').problem).toBe('The file has a header but no posts; add a row per post.')
    const many = `text,channel,time\n${'Hi,Acme Coffee,queue\n'.repeat(501)}`
    expect(parsePostsCsv(many).problem).toBe('The file has 501 posts; upload at most 500 at a time by splitting it.')
  })
})

describe('checkPostRows', () => {
  it('passes good rows: channel by name, handle or id, queue or a wall time in the channel’s zone, media, tags', () => {
    const rows = check(
      [
        'text,channel,time,media,tags',
        'Spring menu,Acme Coffee,queue,,"menu, #spring, menu"',
        // 08:30 in New York (EST, UTC-5) on March 2nd.
        'Doors open,@acme.bsky.social,2026-03-02 08:30,latte.png,',
        // The clocks go forward in Paris on March 29th: 12:00 is then UTC+2.
        'Hello,ch-paris,2026-03-30T12:00,https://example.com/a.png,',
      ].join('\n'),
      { 'latte.png': { item: image('latte.png') }, 'https://example.com/a.png': { item: image('a.png') } },
    )
    expect(rows.map((r) => r.problems)).toEqual([[], [], []])
    expect(rows.map((r) => [r.channelId, r.when, r.tags, r.media.map((m) => m.fileName)])).toEqual([
      ['ch-paris', { kind: 'queue' }, ['menu', 'spring'], []],
      ['ch-sky', { kind: 'at', at: '2026-03-02T13:30:00.000Z' }, [], ['latte.png']],
      ['ch-paris', { kind: 'at', at: '2026-03-30T10:00:00.000Z' }, [], ['a.png']],
    ])
  })

  it('names the row and what to fix for each kind of bad row', () => {
    const rows = check(
      [
        'text,channel,time,media,tags',
        'No channel,,queue,,',
        'Unknown channel,Acme Tea,queue,,',
        'Empty time,Acme Coffee,,,',
        'Bad time,Acme Coffee,tomorrow at 9,,',
        'Past time,Acme Coffee,2026-03-01 09:00,,',
        'Skipped time,Acme Coffee,2026-03-29 02:30,,',
        'Missing file,Acme Coffee,queue,gone.png,',
        'Bad download,Acme Coffee,queue,https://example.com/x.png,',
        `Long tag,Acme Coffee,queue,,${'x'.repeat(41)}`,
        `Many tags,Acme Coffee,queue,,"${Array.from({ length: 21 }, (_, i) => `t${i}`).join(',')}"`,
        `${'y'.repeat(301)},Acme on Bluesky,queue,,`,
        ',Acme Coffee,queue,,',
      ].join('\n'),
      {
        'https://example.com/x.png': {
          problem: 'https://example.com/x.png answered 404 instead of a file; check the address.',
        },
      },
    )
    // Luxon's times put a narrow no-break space before AM and PM.
    expect(rows.map((r) => r.problems.map((p) => p.replace(/\u202f/g, ' ')))).toEqual([
      ['Row 2: The channel is empty; write the channel’s name as Publish shows it, or its id.'],
      ['Row 3: There is no channel “Acme Tea”; use one of Acme Coffee, Acme on Bluesky.'],
      ['Row 4: The time is empty; write a time such as 2026-05-02 08:30, or the word queue.'],
      [
        'Row 5: “tomorrow at 9” is not a time this app reads; write a time such as 2026-05-02 08:30, or the word queue.',
      ],
      ['Row 6: 2026-03-01 09:00 in Europe/Paris has already passed; pick a later time, or write queue.'],
      [
        'Row 7: 2:30 AM does not exist on March 29 in Europe/Paris: clocks jump from 2:00 AM to 3:00 AM. Pick a time before 2:00 AM or from 3:00 AM on.',
      ],
      ['Row 8: No file called “gone.png” was picked with the CSV; add it with the media files, or fix the name.'],
      ['Row 9: https://example.com/x.png answered 404 instead of a file; check the address.'],
      [`Row 10: The tag “${'x'.repeat(41)}” is 41 characters long; tags can be at most 40.`],
      ['Row 11: It has 21 tags; a post can have at most 20.'],
      ['Row 12: Acme on Bluesky cannot take it: Too long by 1 character (301 of 300).'],
      ['Row 13: Acme Coffee cannot take it: Write something or attach media.'],
    ])
    expect(rows.every((r) => r.problems.every((p) => /^Row \d+: .+\.$/.test(p)))).toBe(true)
  })

  it('refuses a name that two channels share, asking for the id', () => {
    const twin = { ...sky, id: 'ch-twin', displayName: 'Acme Coffee', username: 'twin' }
    const parsed = parsePostsCsv('text,channel,time\nHi,acme coffee,queue\n')
    const [row] = checkPostRows(parsed.rows, { channels: [paris, twin], now: NOW, media: new Map() })
    expect(row!.problems).toEqual(['Row 2: Several channels are called “acme coffee”; write the channel’s id instead.'])
  })

  it('lists each media reference once, addresses apart from file names', () => {
    const parsed = parsePostsCsv(
      'text,channel,time,media\nA,Acme Coffee,queue,https://x.test/a.png | b.png\nB,Acme Coffee,queue,b.png\n',
    )
    expect(mediaRefs(parsed.rows)).toEqual({ addresses: ['https://x.test/a.png'], fileNames: ['b.png'] })
  })
})
