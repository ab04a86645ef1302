/**
 * The reply's state machine by role (src-shared/engage/reply-rules.ts) walked over every status × every status ×
 * every role × the organization's Engage setting, against the edges written out by hand here; and the checks on a
 * reply's text.
 */
import { describe, expect, it } from 'vitest'
import { REPLY_STATUSES, ROLES, type ReplyStatus, type Role } from '../../src-shared/entities/enums'
import {
  contributorsMayReplyIn,
  replyLengthProblem,
  replyStatusRefusal,
  unfilledPlaceholderMessage,
} from '../../src-shared/engage/reply-rules'
import { platformLimits } from '../../src-shared/platforms/index'

type From = ReplyStatus | 'new'
const APPROVERS: Role[] = ['owner', 'admin', 'editor']

/** Who may take each edge: 'approver', 'direct' (an approver, or a contributor where allowed), 'writer'. */
const EDGES: [From[], ReplyStatus, 'approver' | 'direct' | 'writer'][] = [
  [['new', 'failed'], 'needs_approval', 'writer'],
  [['new', 'failed'], 'waiting', 'direct'],
  [['needs_approval'], 'waiting', 'approver'],
  [['needs_approval'], 'failed', 'approver'],
  [['waiting', 'failed'], 'sending', 'direct'],
  [['sending'], 'waiting', 'direct'],
  [['waiting', 'sending'], 'failed', 'direct'],
  [['waiting', 'sending', 'failed'], 'sent', 'direct'],
]

function expected(role: Role, from: From, to: ReplyStatus, allowed: boolean): boolean {
  if (from === to) return true
  const edge = EDGES.find(([froms, target]) => target === to && froms.includes(from))
  if (!edge) return false
  const approver = APPROVERS.includes(role)
  if (edge[2] === 'approver') return approver
  if (edge[2] === 'direct') return approver || (role === 'contributor' && allowed)
  // Anyone who may reply; a viewer's ops are refused by the table's permission before these rules.
  return true
}

describe('a reply’s status, by role', () => {
  for (const allowed of [false, true]) {
    it(`follows the edges written out here, contributors ${allowed ? '' : 'not '}allowed to reply`, () => {
      const wrong: string[] = []
      for (const role of ROLES) {
        for (const from of ['new', ...REPLY_STATUSES] as From[]) {
          for (const to of REPLY_STATUSES) {
            const refusal = replyStatusRefusal(role, from, to, allowed)
            if ((refusal === null) !== expected(role, from, to, allowed)) {
              wrong.push(`${role} ${from} → ${to}: got ${refusal ?? 'allowed'}`)
            }
            if (refusal) expect(refusal).toMatch(/\.$/)
          }
        }
      }
      expect(wrong).toEqual([])
    })
  }

  it('refuses a status outside the vocabulary', () => {
    expect(replyStatusRefusal('owner', 'new', 'draft', false)).toBe(
      'replies.status must be one of needs_approval, waiting, sending, sent, failed.',
    )
  })

  it('reads the Engage setting from the stored settings, as an object or as JSON text, off by default', () => {
    expect(contributorsMayReplyIn({ engage: { contributorsMayReply: true } })).toBe(true)
    expect(contributorsMayReplyIn('{"engage":{"contributorsMayReply":true}}')).toBe(true)
    expect(contributorsMayReplyIn({ publishLateWithinMinutes: 15 })).toBe(false)
    expect(contributorsMayReplyIn('not json')).toBe(false)
    expect(contributorsMayReplyIn(null)).toBe(false)
  })
})

describe('a reply’s text', () => {
  it('says by how much it is too long, in the platform’s count', () => {
    expect(replyLengthProblem(platformLimits.bluesky, 'x'.repeat(312))).toBe('Too long by 12 characters (312 of 300).')
    expect(replyLengthProblem(platformLimits.bluesky, 'x'.repeat(301))).toBe('Too long by 1 character (301 of 300).')
    expect(replyLengthProblem(platformLimits.bluesky, 'x'.repeat(300))).toBeNull()
  })

  it('names each placeholder left unfilled, once', () => {
    expect(unfilledPlaceholderMessage('Thanks!')).toBeNull()
    expect(unfilledPlaceholderMessage('Hi {{name}}, {{ name }}!')).toBe(
      'Fill in {{name}} before sending: the reply still has a placeholder without a value.',
    )
    // Braces that are not a placeholder name are the person's own text.
    expect(unfilledPlaceholderMessage('Use {{ }} or {{not a name}}')).toBeNull()
  })
})
