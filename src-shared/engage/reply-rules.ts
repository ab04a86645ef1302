/**
 * The rules of a reply's way out, shared by the desktop (before it writes) and the sync server (for every pushed
 * op): the organization's Engage setting (whether a contributor's reply goes out without approval), the reply's
 * state machine by role, and the checks on its text (the platform's length, no placeholder left unfilled).
 *
 * needs_approval → waiting (approved) or failed (sent back); waiting → sending (a sender claimed it) → sent, failed
 * or waiting again (a transient error, backed off); failed → waiting (Retry) or needs_approval (a contributor's
 * Retry where replies need approval). A sent reply stays sent.
 */
import type { Role } from '../entities/enums'
import { REPLY_STATUSES, type ReplyStatus } from '../entities/enums'
import { can } from '../entities/permissions'
import { measureText, type PlatformLimits } from '../platforms/adapter'
import { PLACEHOLDER_NAME } from './placeholders'

/** The Engage settings as stored under `engage` in organizations.settings; absent means replies need approval. */
export function contributorsMayReplyIn(stored: unknown): boolean {
  let settings = stored
  if (typeof settings === 'string') {
    try {
      settings = JSON.parse(settings)
    } catch {
      return false
    }
  }
  if (typeof settings !== 'object' || settings === null) return false
  const engage = (settings as { engage?: unknown }).engage
  return (
    typeof engage === 'object' &&
    engage !== null &&
    (engage as { contributorsMayReply?: unknown }).contributorsMayReply === true
  )
}

/** Whether `role` sends replies without an approver's yes: approvers always, contributors where the org allows it. */
export const mayReplyDirectly = (role: Role, contributorsMayReply: boolean): boolean =>
  can(role, 'posts.approve') || (can(role, 'comments.reply') && contributorsMayReply)

/** Fields only a sender (a device of a role that replies directly) writes: what the platform answered. */
export const REPLY_RESULT_FIELDS = ['platform_reply_id', 'url', 'sent_at'] as const

const statusOf = (value: unknown): ReplyStatus | undefined => REPLY_STATUSES.find((s) => s === value)
const articled = (role: Role) => `${/^[aeiou]/.test(role) ? 'An' : 'A'} ${role}`

interface ReplyEdge {
  from: readonly (ReplyStatus | 'new')[]
  to: ReplyStatus
  /** 'direct': a role that replies without approval; 'approve': an approver; 'reply': anyone who may reply. */
  who: 'direct' | 'approve' | 'reply'
}

const REPLY_EDGES: readonly ReplyEdge[] = [
  { from: ['new', 'failed'], to: 'needs_approval', who: 'reply' },
  { from: ['new', 'failed'], to: 'waiting', who: 'direct' },
  { from: ['needs_approval'], to: 'waiting', who: 'approve' },
  { from: ['needs_approval'], to: 'failed', who: 'approve' },
  { from: ['waiting', 'failed'], to: 'sending', who: 'direct' },
  { from: ['sending'], to: 'waiting', who: 'direct' },
  { from: ['waiting', 'sending'], to: 'failed', who: 'direct' },
  { from: ['waiting', 'sending', 'failed'], to: 'sent', who: 'direct' },
]

/**
 * Null when `role` may move a reply from `from` ('new' for one being made) to `to` (anything for `to`: the
 * reply's status as the op writes it); else why not, in a sentence.
 */
export function replyStatusRefusal(
  role: Role,
  from: ReplyStatus | 'new',
  to: unknown,
  contributorsMayReply: boolean,
): string | null {
  const next = statusOf(to)
  if (!next) return `replies.status must be one of ${REPLY_STATUSES.join(', ')}.`
  if (from === next) return null
  if (from === 'sent') return 'This reply was sent already; a sent reply stays sent.'
  const edge = REPLY_EDGES.find((e) => e.to === next && e.from.includes(from))
  if (!edge) {
    return from === 'new'
      ? `A reply is not made "${next}"; it starts waiting to be sent, or waiting for approval.`
      : `A reply that is ${from.replace(/_/g, ' ')} does not become ${next.replace(/_/g, ' ')}.`
  }
  if (edge.who === 'approve' && !can(role, 'posts.approve')) {
    return `${articled(role)} cannot approve or send back a reply; an editor, admin or owner does.`
  }
  if (edge.who === 'direct' && !mayReplyDirectly(role, contributorsMayReply)) {
    return `${articled(role)}'s reply waits for approval in this organization (status "needs_approval"); an owner or admin can let contributors reply directly in the Engage settings.`
  }
  return null
}

/** The length problem of a reply's text on a platform, as "Too long by 12 characters (312 of 300).", or null. */
export function replyLengthProblem(limits: PlatformLimits, text: string): string | null {
  const length = measureText(limits, text)
  if (length > limits.maxTextLength) {
    const over = length - limits.maxTextLength
    return `Too long by ${over} character${over === 1 ? '' : 's'} (${length} of ${limits.maxTextLength}).`
  }
  const bytes = new TextEncoder().encode(text).length
  if (limits.maxTextBytes !== undefined && bytes > limits.maxTextBytes) {
    const over = bytes - limits.maxTextBytes
    return `Too long by ${over} byte${over === 1 ? '' : 's'}: emoji and some scripts take several bytes each, and the limit is ${limits.maxTextBytes} bytes.`
  }
  return null
}

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/gu

/**
 * The sentence that refuses a reply whose text still holds a `{{placeholder}}` (a saved reply filled only in
 * part), naming each; null when none is left.
 */
export function unfilledPlaceholderMessage(text: string): string | null {
  const left = [
    ...new Set([...text.matchAll(TOKEN)].map(([, key]) => key ?? '').filter((key) => PLACEHOLDER_NAME.test(key))),
  ]
  if (left.length === 0) return null
  const names = left.map((key) => `{{${key}}}`)
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
  return `Fill in ${list} before sending: the reply still has ${left.length === 1 ? 'a placeholder' : 'placeholders'} without a value.`
}
