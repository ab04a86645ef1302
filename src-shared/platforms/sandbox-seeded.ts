// The Sandbox's made-up people and what they say, generated from a post's id with a seeded generator, so every
// device and every run sees the same comments arrive at the same moments (sandbox.ts, sandbox-inbox.ts).

import type { PlatformComment } from './adapter'

/** A generator of numbers in [0, 1) fixed by `seed` (FNV-1a then mulberry32). */
export function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193)
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The made-up people who comment (and, in the inbox, answer each other: sandbox-inbox.ts). */
export const people = [
  { id: 'sbx-ada', handle: 'ada.sandbox', displayName: 'Ada Okafor' },
  { id: 'sbx-bruno', handle: 'bruno.sandbox', displayName: 'Bruno Lefèvre' },
  { id: 'sbx-chen', handle: 'chen.sandbox', displayName: 'Chen Wei' },
  { id: 'sbx-dana', handle: 'dana.sandbox', displayName: 'Dana Kowalski' },
  { id: 'sbx-emeka', handle: 'emeka.sandbox', displayName: 'Emeka Nwosu' },
  { id: 'sbx-frida', handle: 'frida.sandbox', displayName: 'Frida Lindqvist' },
]

const remarks = [
  'Love this!',
  'Where can I read more about it?',
  'This is exactly what I needed today 🙌',
  'Interesting take. Do you have numbers to back it up?',
  'Shared with my team.',
  'Is this available in Europe too?',
  'Great news, congratulations!',
  'Not sure I agree, but thanks for posting.',
  'How long did this take you?',
  'Following for updates 👀',
]

const dayMs = 86_400_000

/** The comments a sandbox post has received by `nowMs`: zero to five, arriving within two days of publishing. */
export function sandboxComments(post: { id: string; publishedAt: string }, nowMs: number): PlatformComment[] {
  const random = seededRandom(`comments:${post.id}`)
  // Someone is always first, within a minute of publishing, so a person trying the Sandbox sees Engage at work;
  // up to four more follow over two days.
  const count = 1 + Math.floor(random() * 5)
  const published = Date.parse(post.publishedAt)
  const comments: PlatformComment[] = []
  for (let i = 0; i < count; i++) {
    const person = people[Math.floor(random() * people.length)]!
    const remark = remarks[Math.floor(random() * remarks.length)]!
    const wait = random()
    const at = published + (i === 0 ? Math.floor(15_000 + wait * 30_000) : Math.floor(wait * 2 * dayMs))
    if (at > nowMs) continue
    comments.push({
      platformCommentId: `${post.id}:c${i}`,
      platformPostId: post.id,
      inReplyToId: post.id,
      author: person,
      text: remark,
      createdAt: new Date(at).toISOString(),
    })
  }
  return comments.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}
