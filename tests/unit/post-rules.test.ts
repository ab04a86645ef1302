/**
 * Who may remove a post, walked over every role, both authors and every status, against the table written
 * out by hand: writers their own, approvers anyone's, viewers none, and no one while it is going out.
 */
import { describe, expect, it } from 'vitest'
import { POST_STATUSES, ROLES, type Role } from '../../src-shared/entities/enums'
import { mayRemovePost, removalRefusal } from '../../src-shared/entities/post-rules'

const ME = 'user-me'
const TEAMMATE = 'user-teammate'

/** What each role may remove, by whose post it is, when it is not going out. */
const EXPECTED: Record<Role, { own: boolean; others: boolean }> = {
  owner: { own: true, others: true },
  admin: { own: true, others: true },
  editor: { own: true, others: true },
  contributor: { own: true, others: false },
  viewer: { own: false, others: false },
}

describe('mayRemovePost', () => {
  for (const role of ROLES) {
    for (const author of [ME, TEAMMATE]) {
      for (const status of POST_STATUSES) {
        const own = author === ME
        const expected = (own ? EXPECTED[role].own : EXPECTED[role].others) && status !== 'publishing'
        it(`${role}, ${own ? 'own' : 'a teammate’s'} ${status} post: ${expected ? 'may' : 'may not'}`, () => {
          expect(mayRemovePost(role, { createdBy: author, status }, ME)).toBe(expected)
        })
      }
    }
  }

  it('names why not: the role first, then whose post, then its status', () => {
    const publishing = { createdBy: TEAMMATE, status: 'publishing' } as const
    expect(removalRefusal('viewer', publishing, ME)).toBe('not_a_writer')
    expect(removalRefusal('contributor', publishing, ME)).toBe('not_theirs')
    expect(removalRefusal('editor', publishing, ME)).toBe('publishing')
    expect(removalRefusal('contributor', { createdBy: ME, status: 'publishing' }, ME)).toBe('publishing')
    expect(removalRefusal('contributor', { createdBy: ME, status: 'published' }, ME)).toBeNull()
  })
})
