/**
 * The checks of what goes out after a post, shared by the composer (as you type) and the service (before a post
 * is placed): each thread part and the first comment within the platform's limits, and each only where the
 * platform allows it. Every problem is a sentence naming its part, as validatePost's are about the post.
 */
import type { ThreadPart } from '../entities/json-shapes'
import {
  measureText,
  PLATFORM_DISPLAY_NAMES,
  validatePost,
  type PlatformId,
  type PlatformLimits,
  type PlatformPost,
  type PostProblem,
} from '../platforms/adapter'

/** Parts after the caption a post may have: a thread of 25 is already longer than people read. */
export const MAX_THREAD_PARTS = 24

export interface ContentProblem extends Omit<PostProblem, 'code'> {
  code: PostProblem['code'] | 'not_allowed' | 'too_many_parts'
  /** The part it is about, counted from 1 (the caption is part 1), where the post is a thread. */
  part?: number
  /** Set when the problem is about the first comment. */
  firstComment?: boolean
}

export interface PostContent extends Pick<PlatformPost, 'text' | 'media'> {
  threadParts: Pick<ThreadPart, 'text'>[]
  firstComment: string | null
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** "Too long by …" of one text, or null, with `subject` ("Part 3", "The first comment") in front. */
function lengthProblem(limits: PlatformLimits, text: string, subject: string): string | null {
  const length = measureText(limits, text)
  if (length > limits.maxTextLength) {
    const over = length - limits.maxTextLength
    return `${subject} is too long by ${plural(over, 'character')} (${length} of ${limits.maxTextLength}).`
  }
  const bytes = new TextEncoder().encode(text).length
  if (limits.maxTextBytes !== undefined && bytes > limits.maxTextBytes) {
    return `${subject} is too long by ${plural(bytes - limits.maxTextBytes, 'byte')}: emoji and some scripts take several bytes each, and the limit is ${limits.maxTextBytes} bytes.`
  }
  return null
}

/** Every reason the platform would refuse the post, its thread or its first comment, each as a sentence. */
export function validateContent(limits: PlatformLimits, platform: PlatformId, post: PostContent): ContentProblem[] {
  const where = PLATFORM_DISPLAY_NAMES[platform]
  const thread = post.threadParts.length > 0
  // In a thread the caption is part 1, and its problems say so.
  const problems: ContentProblem[] = validatePost(limits, post).map((p) =>
    thread && p.code === 'too_long'
      ? { ...p, part: 1, message: `Part 1 is ${p.message.charAt(0).toLowerCase()}${p.message.slice(1)}` }
      : p,
  )
  if (thread && !limits.threads) {
    problems.push({
      code: 'not_allowed',
      part: 2,
      message: `Threads cannot go out on ${where}: merge the parts back into one post.`,
    })
  }
  if (post.threadParts.length > MAX_THREAD_PARTS) {
    problems.push({
      code: 'too_many_parts',
      part: MAX_THREAD_PARTS + 2,
      message: `A thread can have ${MAX_THREAD_PARTS + 1} parts at most; this one has ${post.threadParts.length + 1}.`,
    })
  }
  post.threadParts.forEach((part, index) => {
    const subject = `Part ${index + 2}`
    if (part.text.trim() === '') {
      problems.push({ code: 'empty', part: index + 2, message: `${subject} is empty: write something or remove it.` })
      return
    }
    const message = lengthProblem(limits, part.text, subject)
    if (message) problems.push({ code: 'too_long', part: index + 2, message })
  })
  const comment = post.firstComment?.trim() ?? ''
  if (comment !== '') {
    if (!limits.firstComment) {
      problems.push({
        code: 'not_allowed',
        firstComment: true,
        message: `A first comment cannot go out on ${where}: remove it.`,
      })
    } else {
      const message = lengthProblem(limits, post.firstComment ?? '', 'The first comment')
      if (message) problems.push({ code: 'too_long', firstComment: true, message })
    }
  }
  return problems
}
