/** Approvals: an approver's decision on a post that waits for one. */
import { z } from 'zod'
import { postSchema } from '../entities/models'
import { id, method, typed } from './fields'

export const approvalsApi = {
  decideApproval: method(
    z
      .object({
        orgId: id,
        postId: id,
        decision: z.enum(['approved', 'rejected']),
        comment: typed().trim().max(2000, 'must be 2,000 characters or fewer').default(''),
      })
      .strict()
      .refine((input) => input.decision === 'approved' || input.comment.length > 0, {
        message: 'Say what to change: a rejection needs a comment.',
        path: ['comment'],
      }),
    postSchema,
  ),
}
